import { SandboxChatClient, type SocketLike, type Timers } from '../sandbox-client';
import type { ChatConversation, ChatMessage, ConnectionState, KickReason } from '../../chat-types';

/** A scriptable stand-in for the browser WebSocket talking to the sandbox fake. */
class FakeSocket implements SocketLike {
    readyState = 0;
    sent: Array<Record<string, unknown>> = [];
    closed: { code?: number } | null = null;
    onopen: ((ev: unknown) => void) | null = null;
    onmessage: ((ev: { data: unknown }) => void) | null = null;
    onclose: ((ev: { code: number; reason: string }) => void) | null = null;
    onerror: ((ev: unknown) => void) | null = null;
    constructor(readonly url: string) {}
    send(data: string): void {
        this.sent.push(JSON.parse(data) as Record<string, unknown>);
    }
    close(code?: number): void {
        this.closed = { code };
        this.readyState = 3;
    }
    // ---- server side ----
    open(userId = 'me'): void {
        this.readyState = 1;
        this.onopen?.({});
        this.push({ type: 'ready', userId, serverTime: 1 });
    }
    push(frame: Record<string, unknown>): void {
        this.onmessage?.({ data: JSON.stringify({ v: 1, ...frame }) });
    }
    reply(result: Record<string, unknown>, index = this.sent.length - 1): void {
        this.push({ type: 'reply', id: this.sent[index]?.id, ok: true, result });
    }
    fail(code: number, message: string, index = this.sent.length - 1): void {
        this.push({ type: 'reply', id: this.sent[index]?.id, ok: false, error: { code, message } });
    }
    drop(code = 1006): void {
        this.readyState = 3;
        this.onclose?.({ code, reason: '' });
    }
    last(): Record<string, unknown> {
        return this.sent[this.sent.length - 1] ?? {};
    }
}

class ManualTimers implements Timers {
    private seq = 0;
    readonly queue = new Map<number, { fn: () => void; ms: number }>();
    setTimeout(fn: () => void, ms: number): unknown {
        const id = ++this.seq;
        this.queue.set(id, { fn, ms });
        return id;
    }
    clearTimeout(handle: unknown): void {
        this.queue.delete(handle as number);
    }
    /** Runs the timers with exactly this delay; returns how many ran. */
    fire(ms: number): number {
        let n = 0;
        for (const [id, t] of [...this.queue]) {
            if (t.ms !== ms) continue;
            this.queue.delete(id);
            t.fn();
            n++;
        }
        return n;
    }
    delays(): number[] {
        return [...this.queue.values()].map((t) => t.ms);
    }
}

const GROUP = '500000000000001AAA';
const session = (sig = 'sig-1', userId = '005000000000001AAA') => ({
    sdkAppId: 1400000000,
    userId,
    userSig: sig,
    expiresAt: Date.now() + 3_600_000,
});
const flush = () => new Promise((r) => setTimeout(r, 0));

function setup(opts: { randoms?: number[] } = {}) {
    const sockets: FakeSocket[] = [];
    const timers = new ManualTimers();
    const randoms = [...(opts.randoms ?? [111, 222, 333])];
    const uploads: Array<{ url: string; size: number }> = [];
    const client = new SandboxChatClient('ws://127.0.0.1:4000/sandbox/tencent/ws', {
        createSocket: (url) => {
            const s = new FakeSocket(url);
            sockets.push(s);
            return s;
        },
        timers,
        randomUint32: () => randoms.shift() ?? 999,
        backoffBaseMs: 100,
        backoffMaxMs: 1000,
        fetch: async (url, init) => {
            uploads.push({ url, size: init.body.size });
            return {
                ok: true,
                status: 201,
                json: async () => ({
                    url: 'http://127.0.0.1:4000/sandbox/uploads/u1',
                    name: 'a.pdf',
                    size: init.body.size,
                }),
            };
        },
    });
    const states: ConnectionState[] = [];
    const kicks: KickReason[] = [];
    const lists: ChatConversation[][] = [];
    const messages: ChatMessage[] = [];
    let expiring = 0;
    client.on('connectionState', (s) => states.push(s));
    client.on('kickedOut', (r) => kicks.push(r));
    client.on('conversationsChanged', (l) => lists.push(l));
    client.on('message', (m) => messages.push(m));
    client.on('sessionExpiring', () => expiring++);
    return { client, sockets, timers, states, kicks, lists, messages, uploads, expiring: () => expiring };
}

async function loggedIn(opts: { randoms?: number[] } = {}) {
    const t = setup(opts);
    const p = t.client.login(session());
    t.sockets[0]!.open();
    await p;
    return t;
}

const wire = (seq: number, from: string, text: string) => ({
    groupId: GROUP,
    seq,
    random: seq,
    from,
    time: 1_700_000_000_000 + seq,
    elements: [{ type: 'text', text }],
});

describe('SandboxChatClient', () => {
    test('login opens the socket with the session and resolves on ready', async () => {
        const t = setup();
        const p = t.client.login(session('the sig'));
        const url = new URL(t.sockets[0]!.url);
        expect(url.pathname).toBe('/sandbox/tencent/ws');
        expect(url.searchParams.get('sdkappid')).toBe('1400000000');
        expect(url.searchParams.get('userid')).toBe('005000000000001AAA');
        expect(url.searchParams.get('usersig')).toBe('the sig');
        t.sockets[0]!.open();
        await expect(p).resolves.toBeUndefined();
        expect(t.states).toEqual(['connecting', 'connected']);
    });

    test('a refused login rejects, asks for a new session on an expired UserSig, and goes offline', async () => {
        const t = setup();
        const p = t.client.login(session());
        t.sockets[0]!.push({ type: 'loginFailed', code: 70001, message: 'expired' });
        t.sockets[0]!.drop(4001);
        await expect(p).rejects.toMatchObject({ code: 70001 });
        expect(t.expiring()).toBe(1);
        expect(t.states.at(-1)).toBe('offline');
        expect(t.timers.delays()).toEqual([]);
    });

    test('rejects a non-websocket endpoint', async () => {
        const t = setup();
        const client = new (t.client.constructor as typeof SandboxChatClient)('http://evil.example/ws', {
            createSocket: () => new FakeSocket(''),
        });
        await expect(client.login(session())).rejects.toMatchObject({ code: 'BAD_ENDPOINT' });
    });

    test('renewing the session for the same user keeps the socket', async () => {
        const t = await loggedIn();
        await t.client.login(session('sig-2'));
        expect(t.sockets).toHaveLength(1);
        expect(t.sockets[0]!.closed).toBeNull();
    });

    test('conversations maps listGroups with case metadata from the group name', async () => {
        const t = await loggedIn();
        const p = t.client.conversations();
        expect(t.sockets[0]!.last()).toMatchObject({ v: 1, op: 'listGroups' });
        t.sockets[0]!.reply({
            groups: [
                {
                    groupId: GROUP,
                    type: 'Public',
                    name: 'Case 00001001',
                    muteAll: false,
                    role: 'Member',
                    readSeq: 0,
                    unread: 2,
                    lastMessage: wire(2, 'cust_x', 'hello'),
                },
            ],
        });
        const [c] = await p;
        expect(c).toMatchObject({
            groupId: GROUP,
            caseNumber: '00001001',
            unread: 2,
            lastText: 'hello',
            lastTime: 1_700_000_000_002,
            muted: false,
        });
    });

    test('introduction JSON, when the service sends it, supplies subject and customer', async () => {
        const t = await loggedIn();
        const p = t.client.conversations();
        const introduction = JSON.stringify({
            caseNumber: '00001002',
            subject: 'Cannot log in',
            customerName: 'Ada',
            customerId: 'cust_a',
        });
        t.sockets[0]!.reply({
            groups: [{ groupId: GROUP, name: 'Case 00001002', introduction, unread: 0, lastMessage: null }],
        });
        const [c] = await p;
        expect(c).toMatchObject({
            caseNumber: '00001002',
            subject: 'Cannot log in',
            customerName: 'Ada',
            customerId: 'cust_a',
            lastText: '',
        });
    });

    test('getMessages pages back with an opaque cursor', async () => {
        const t = await loggedIn();
        const p1 = t.client.getMessages(GROUP, null);
        expect(t.sockets[0]!.last()).toMatchObject({ op: 'getMessages', groupId: GROUP, count: 20 });
        expect(t.sockets[0]!.last()).not.toHaveProperty('beforeSeq');
        t.sockets[0]!.reply({
            groupId: GROUP,
            messages: [wire(5, 'cust_x', 'a'), wire(6, '005000000000001AAA', 'b')],
            isFinished: false,
            nextBeforeSeq: 5,
        });
        const page1 = await p1;
        expect(page1.done).toBe(false);
        expect(page1.messages.map((m) => [m.seq, m.mine])).toEqual([
            [5, false],
            [6, true],
        ]);
        expect(page1.cursor).not.toBeNull();
        const p2 = t.client.getMessages(GROUP, page1.cursor);
        expect(t.sockets[0]!.last()).toMatchObject({ op: 'getMessages', beforeSeq: 5 });
        t.sockets[0]!.reply({
            groupId: GROUP,
            messages: [wire(4, 'cust_x', 'z')],
            isFinished: true,
            nextBeforeSeq: null,
        });
        await expect(p2).resolves.toMatchObject({ done: true, cursor: null });
        await expect(t.client.getMessages(GROUP, 'garbage')).rejects.toMatchObject({ code: 'BAD_CURSOR' });
    });

    test('sendText uses one random per message and reuses it on resend', async () => {
        const t = await loggedIn({ randoms: [4_000_000_000, 7] });
        const p = t.client.sendText(GROUP, 'hi', 'c1');
        const first = t.sockets[0]!.last();
        expect(first).toMatchObject({
            op: 'sendMessage',
            groupId: GROUP,
            random: 4_000_000_000,
            elements: [{ type: 'text', text: 'hi' }],
        });
        t.sockets[0]!.fail(10007, 'not a member');
        await expect(p).rejects.toMatchObject({ code: 10007 });
        const again = t.client.resend('c1');
        expect(t.sockets[0]!.last()).toMatchObject({ random: 4_000_000_000, elements: [{ type: 'text', text: 'hi' }] });
        t.sockets[0]!.reply({ message: wire(9, '005000000000001AAA', 'hi') });
        await expect(again).resolves.toMatchObject({
            clientId: 'c1',
            seq: 9,
            mine: true,
            delivery: 'sent',
            body: { kind: 'text', text: 'hi' },
        });
        await expect(t.client.resend('c1')).rejects.toThrow('Nothing to resend');
        const other = t.client.sendText(GROUP, 'second', 'c2');
        expect(t.sockets[0]!.last()).toMatchObject({ random: 7 });
        t.sockets[0]!.reply({ message: wire(10, '005000000000001AAA', 'second') });
        await other;
    });

    test('sendFile uploads to the sandbox, then sends a file element', async () => {
        const t = await loggedIn();
        const file = new File([new Uint8Array(10)], 'a.pdf', { type: 'application/pdf' });
        const p = t.client.sendFile(GROUP, { kind: 'file', file }, 'f1');
        await flush();
        await flush();
        expect(t.uploads).toEqual([{ url: 'http://127.0.0.1:4000/sandbox/uploads?name=a.pdf', size: 10 }]);
        expect(t.sockets[0]!.last()).toMatchObject({
            op: 'sendMessage',
            elements: [{ type: 'file', url: 'http://127.0.0.1:4000/sandbox/uploads/u1', name: 'a.pdf', size: 10 }],
        });
        t.sockets[0]!.reply({
            message: {
                ...wire(3, 'me', ''),
                elements: [{ type: 'file', url: 'http://127.0.0.1:4000/sandbox/uploads/u1', name: 'a.pdf', size: 10 }],
            },
        });
        await expect(p).resolves.toMatchObject({ body: { kind: 'file', name: 'a.pdf', size: 10 } });
    });

    test('sendFile refuses files over the sandbox limit before uploading', async () => {
        const t = await loggedIn();
        const big = { name: 'big.bin', size: 3 * 1024 * 1024 } as File;
        await expect(t.client.sendFile(GROUP, { kind: 'file', file: big }, 'f2')).rejects.toMatchObject({
            code: 'FILE_TOO_LARGE',
        });
        expect(t.uploads).toEqual([]);
    });

    test('message events become message events; links other than http(s) are dropped', async () => {
        const t = await loggedIn();
        t.sockets[0]!.push({
            type: 'event',
            event: 'message',
            groupId: GROUP,
            message: wire(7, 'cust_x', '<b>hi</b>'),
        });
        t.sockets[0]!.push({
            type: 'event',
            event: 'message',
            groupId: GROUP,
            message: { ...wire(8, 'cust_x', ''), elements: [{ type: 'image', url: 'javascript:alert(1)' }] },
        });
        expect(t.messages.map((m) => m.body)).toEqual([
            { kind: 'text', text: '<b>hi</b>' },
            { kind: 'image', url: '', name: 'image' },
        ]);
        expect(t.messages[0]).toMatchObject({ seq: 7, mine: false, origin: 'live' });
    });

    test('membership events announce the full current list (a left group is gone)', async () => {
        const t = await loggedIn();
        t.sockets[0]!.push({ type: 'event', event: 'groupLeft', groupId: GROUP });
        expect(t.sockets[0]!.last()).toMatchObject({ op: 'listGroups' });
        t.sockets[0]!.reply({ groups: [] });
        await flush();
        expect(t.lists).toEqual([[]]);
        t.sockets[0]!.push({ type: 'event', event: 'groupJoined', groupId: GROUP });
        t.sockets[0]!.reply({ groups: [{ groupId: GROUP, name: 'Case 00001001', unread: 1, lastMessage: null }] });
        await flush();
        expect(t.lists[1]?.map((c) => c.groupId)).toEqual([GROUP]);
    });

    test('a dismissed group is dropped from the announced list; other groups stay', async () => {
        const t = await loggedIn();
        const other = '500000000000002AAA';
        t.sockets[0]!.push({ type: 'event', event: 'groupDismissed', groupId: GROUP });
        expect(t.sockets[0]!.last()).toMatchObject({ op: 'listGroups' });
        t.sockets[0]!.reply({ groups: [{ groupId: other, name: '00001002 Refund', unread: 0, lastMessage: null }] });
        await flush();
        expect(t.lists.at(-1)?.map((c) => c.groupId)).toEqual([other]);
    });

    test('a muted group (groupUpdated muteAll) is announced as muted, and unmuted again', async () => {
        const t = await loggedIn();
        t.sockets[0]!.push({
            type: 'event',
            event: 'groupUpdated',
            groupId: GROUP,
            muteAll: true,
            name: '00001001 Help',
            introduction: '',
        });
        t.sockets[0]!.reply({
            groups: [{ groupId: GROUP, name: '00001001 Help', muteAll: true, unread: 0, lastMessage: null }],
        });
        await flush();
        expect(t.lists.at(-1)).toEqual([
            expect.objectContaining({ groupId: GROUP, muted: true, caseNumber: '00001001', subject: 'Help' }),
        ]);
        t.sockets[0]!.push({
            type: 'event',
            event: 'groupUpdated',
            groupId: GROUP,
            muteAll: false,
            name: '00001001 Help',
            introduction: '',
        });
        t.sockets[0]!.reply({
            groups: [{ groupId: GROUP, name: '00001001 Help', muteAll: false, unread: 0, lastMessage: null }],
        });
        await flush();
        expect(t.lists.at(-1)?.[0]?.muted).toBe(false);
    });

    test('markRead sends the newest known seq', async () => {
        const t = await loggedIn();
        t.sockets[0]!.push({ type: 'event', event: 'message', groupId: GROUP, message: wire(12, 'cust_x', 'x') });
        const p = t.client.markRead(GROUP);
        expect(t.sockets[0]!.last()).toMatchObject({ op: 'markRead', groupId: GROUP, seq: 12 });
        t.sockets[0]!.reply({ groupId: GROUP, readSeq: 12 });
        await p;
    });

    test('kicked → kickedOut(multipleAccount), offline, no reconnect', async () => {
        const t = await loggedIn();
        t.sockets[0]!.push({ type: 'event', event: 'kicked', reason: 'multipleAccount' });
        t.sockets[0]!.drop(4003);
        expect(t.kicks).toEqual(['multipleAccount']);
        expect(t.states.at(-1)).toBe('offline');
        expect(t.timers.delays()).toEqual([]);
    });

    test('a lost connection reconnects with backoff and re-announces the conversations', async () => {
        const t = await loggedIn();
        const pending = t.client.conversations();
        t.sockets[0]!.drop();
        await expect(pending).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
        expect(t.states.at(-1)).toBe('reconnecting');
        expect(t.timers.delays()).toEqual([100]);
        t.timers.fire(100);
        expect(t.sockets).toHaveLength(2);
        t.sockets[1]!.drop(); // still down
        await flush();
        expect(t.timers.delays()).toEqual([200]);
        t.timers.fire(200);
        t.sockets[2]!.open();
        await flush();
        expect(t.states.at(-1)).toBe('connected');
        expect(new URL(t.sockets[2]!.url).searchParams.get('usersig')).toBe('sig-1');
        t.sockets[2]!.reply({ groups: [] });
        await flush();
        expect(t.lists).toEqual([[]]);
    });

    test('requests while offline fail fast; logout closes without reconnecting', async () => {
        const t = await loggedIn();
        await t.client.logout();
        expect(t.sockets[0]!.closed).toEqual({ code: 1000 });
        expect(t.states.at(-1)).toBe('offline');
        await expect(t.client.conversations()).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
        expect(t.timers.delays()).toEqual([]);
    });

    test('an unanswered request times out', async () => {
        const t = await loggedIn();
        const p = t.client.conversations();
        expect(t.timers.fire(10_000)).toBe(1);
        await expect(p).rejects.toMatchObject({ code: 'TIMEOUT' });
    });
});
