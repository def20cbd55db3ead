import { ScriptedChatClient } from './helpers/scripted/scripted-client';
import { fixtureCaseId } from './helpers/scripted/scripted-fixtures';
import { WidgetController } from '../controller/widget-controller';
import { ChatStore } from '../store/chat-store';
import { systemClock } from '../store/session-timing';
import { FakeTransport, MemoryLogger, flush } from './helpers/fakes';
import { currentLanguage, setLanguage } from '../i18n/labels';
import { setDateLocale, shortTime } from '../view/format';
import { ATTENTION_SETTLE_MS } from '../controller/attention';

const AGENT = '005000000000001AAA';
const CASE1 = fixtureCaseId(1);
const CASE2 = fixtureCaseId(2);
const MIN = 60_000;

function setup() {
    const transport = new FakeTransport();
    const store = new ChatStore();
    const logger = new MemoryLogger();
    let client: ScriptedChatClient | null = null;
    let visible = true;
    const announced: string[] = [];
    const controller = new WidgetController({
        transport,
        store,
        createClient: () => (client = new ScriptedChatClient('demo')),
        clock: systemClock,
        logger,
        isPageVisible: () => visible,
        announce: (text) => announced.push(text),
    });
    return {
        announced,
        transport,
        store,
        logger,
        controller,
        client: () => client as ScriptedChatClient,
        setVisible: (v: boolean) => (visible = v),
        sendSession: (ttl = 60 * MIN, sig = 'sig1') =>
            transport.host('session', {
                sdkAppId: 1400000000,
                userId: AGENT,
                userSig: sig,
                expiresAt: Date.now() + ttl,
            }),
    };
}

/** Started, logged in with a session and with CASE1 open (its history asked of the host). */
async function setupWithCase1Open() {
    const t = setup();
    t.controller.start();
    t.sendSession();
    await flush(10);
    t.controller.openConversation(CASE1);
    await flush(10);
    return t;
}

beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(Date.UTC(2026, 10, 20, 12));
});
afterEach(() => jest.useRealTimers());

describe('WidgetController', () => {
    it('says ready, asks for a session, logs in and reports unread', async () => {
        const t = setup();
        t.controller.start();
        expect(t.transport.sent.map((m) => m.type)).toEqual(['ready', 'needSession']);
        expect(t.transport.ofType('needSession')[0]?.payload).toEqual({ reason: 'initial' });
        expect(t.store.phase).toBe('waitingSession');
        t.sendSession();
        await flush(10);
        expect(t.store.phase).toBe('ready');
        expect(t.store.connection).toBe('connected');
        expect(t.store.sortedConversations()).toHaveLength(3);
        expect(t.transport.ofType('unread').map((m) => m.payload.count)).toEqual([2]);
    });

    it('shows "no host" when lightning:container is missing', () => {
        const t = setup();
        t.transport.available = false;
        t.controller.start();
        jest.advanceTimersByTime(3100);
        expect(t.store.phase).toBe('noHost');
        expect(t.transport.sent).toEqual([]);
    });

    it('ignores and logs malformed or unknown host messages', async () => {
        const t = setup();
        t.controller.start();
        t.transport.deliver({ protocol: 'tim-bar', version: 1, type: 'eval', payload: { code: 'alert(1)' } });
        t.transport.deliver({ protocol: 'tim-bar', version: 2, type: 'session', payload: {} });
        t.transport.deliver('READY');
        await flush();
        expect(t.logger.warnings).toHaveLength(3);
        expect(t.store.phase).toBe('waitingSession');
    });

    it("hands the session's SDK proxy endpoints to the chat client", async () => {
        const t = setup();
        t.controller.start();
        t.transport.host('session', {
            sdkAppId: 1400000000,
            userId: AGENT,
            userSig: 'sig1',
            expiresAt: Date.now() + 60 * MIN,
            proxyServer: 'wss://im-proxy.example.com',
            fileUploadProxy: 'https://files.example.com',
        });
        await flush(10);
        expect(t.client().sessions.at(-1)?.endpoints).toEqual({
            proxyServer: 'wss://im-proxy.example.com',
            fileUploadProxy: 'https://files.example.com',
        });
    });

    it('asks for a new session before the UserSig expires and renews the login with it', async () => {
        const t = setup();
        t.controller.start();
        t.sendSession(60 * MIN, 'sig1');
        await flush(10);
        jest.advanceTimersByTime(48 * MIN - 1000);
        expect(t.transport.ofType('needSession')).toHaveLength(1);
        jest.advanceTimersByTime(1000);
        expect(t.transport.ofType('needSession').map((m) => m.payload.reason)).toEqual(['initial', 'expiring']);
        t.sendSession(60 * MIN, 'sig2');
        await flush(10);
        expect(t.client().logins).toEqual(['sig1', 'sig2']);
        expect(t.store.phase).toBe('ready');
    });

    it('renews at once after a userSigExpired kick, and shows a banner for other kicks', async () => {
        const t = setup();
        t.controller.start();
        t.sendSession();
        await flush(10);
        t.client().kick('userSigExpired');
        expect(t.transport.ofType('needSession').at(-1)?.payload.reason).toBe('expired');
        expect(t.store.kicked).toBeNull();
        t.sendSession(60 * MIN, 'sig2');
        await flush(10);
        expect(t.client().loggedInSig).toBe('sig2');

        t.client().kick('multipleAccount');
        expect(t.store.kicked).toBe('multipleAccount');
        t.controller.useHere();
        await flush(10);
        expect(t.store.kicked).toBeNull();
        expect(t.client().logins).toEqual(['sig1', 'sig2', 'sig2']);
    });

    it('opens a conversation, backfills history via the host and merges it once', async () => {
        const t = await setupWithCase1Open();
        expect(t.transport.ofType('needHistory').map((m) => m.payload)).toEqual([{ caseId: CASE1, beforeSeq: 4 }]);
        const messages = [1, 2, 3, 4, 5].map((seq) => ({
            seq,
            random: seq,
            from: 'cust_ada',
            time: seq,
            elements: [{ type: 'text', text: `h${seq}` }],
        }));
        t.transport.host('history', {
            caseId: CASE1,
            page: { groupId: CASE1, messages, nextBefore: null, isFinished: true },
        });
        expect(
            t.store
                .thread(CASE1)
                .all()
                .map((m) => `${m.seq}:${m.origin}`),
        ).toEqual(['1:history', '2:history', '3:history', '4:history', '5:live', '6:live', '7:live']);
        await t.controller.loadOlder(CASE1);
        await flush();
        expect(t.transport.ofType('needHistory')).toHaveLength(1);
    });

    it('shows a history error when the host does not answer', async () => {
        const t = await setupWithCase1Open();
        jest.advanceTimersByTime(20_000);
        expect(t.store.thread(CASE1).historyState).toBe('error');
    });

    it('opens the conversation of a focused Case tab (also when focus arrives before the list)', async () => {
        const t = setup();
        t.controller.start();
        t.transport.host('focusCase', { caseId: CASE2.slice(0, 15) });
        t.sendSession();
        await flush(10);
        expect(t.store.selected).toBe(CASE2);
        expect(t.store.conversation(CASE2)?.unread).toBe(0);
        expect(t.client().markedRead).toEqual([CASE2]);
        expect(t.transport.ofType('unread').at(-1)?.payload.count).toBe(0);
        t.transport.host('focusCase', { caseId: fixtureCaseId(99) });
        expect(t.store.notice).toMatch(/no chat/);
    });

    it('marks delivery: sending → sent, failed → retry → sent', async () => {
        const t = await setupWithCase1Open();
        t.client().failSends = 1;
        expect(t.controller.sendText(CASE1, 'hello  \n')).toBe(true);
        const pending = t.store.thread(CASE1).all().at(-1);
        expect(pending).toMatchObject({ seq: null, delivery: 'sending', body: { text: 'hello' } });
        await flush(10);
        expect(t.store.thread(CASE1).all().at(-1)?.delivery).toBe('failed');
        t.controller.retrySend(CASE1, pending?.clientId as string);
        await flush(10);
        expect(t.store.thread(CASE1).all().at(-1)).toMatchObject({ seq: 8, delivery: 'sent' });
        expect(t.client().sent).toEqual([{ groupId: CASE1, text: 'hello' }]);
        expect(t.controller.sendText(CASE1, '   ')).toBe(false);
    });

    it('says why a file was not sent (e.g. too large) in the notice', async () => {
        const t = await setupWithCase1Open();
        t.client().failSends = 1;
        t.controller.sendFile(CASE1, new File(['x'], 'big.bin'), 'file');
        await flush(10);
        expect(t.store.thread(CASE1).all().at(-1)).toMatchObject({
            seq: null,
            delivery: 'failed',
            body: { kind: 'file', name: 'big.bin' },
        });
        expect(t.store.notice).toBe('big.bin was not sent: send failed');
        expect(t.client().sent).toEqual([]);
    });

    it('counts messages received in other conversations and sends unread to the host', async () => {
        const t = await setupWithCase1Open();
        t.client().receive({ groupId: CASE1, text: 'seen right away' });
        t.client().receive({ groupId: fixtureCaseId(3), text: 'elsewhere' });
        expect(t.store.conversation(CASE1)?.unread).toBe(0);
        expect(t.store.conversation(fixtureCaseId(3))?.unread).toBe(1);
        expect(t.transport.ofType('unread').map((m) => m.payload.count)).toEqual([2, 3]);
        // The service counted the message that arrived while reading: it is told it was read, so the next complete
        // list does not bring the count back.
        expect(t.client().markedRead).toEqual([CASE1]);
        t.client().setMuted(fixtureCaseId(3), false); // any list announcement
        expect(t.store.conversation(CASE1)?.unread).toBe(0);
        t.controller.closeConversation();
        t.client().setMuted(fixtureCaseId(3), false);
        expect(t.store.conversation(CASE1)?.unread).toBe(0);
        expect(t.transport.ofType('unread').at(-1)?.payload.count).toBe(3);
    });

    it('drops a conversation the agent was removed from, live: unread total to the host, notice, back to the list', async () => {
        const t = await setupWithCase1Open();
        expect(t.transport.ofType('unread').at(-1)?.payload.count).toBe(2); // case 2 has 2 unread
        t.client().removeConversation(CASE2);
        expect(t.store.conversation(CASE2)).toBeUndefined();
        expect(t.transport.ofType('unread').at(-1)?.payload.count).toBe(0);
        expect(t.store.selected).toBe(CASE1);
        expect(t.store.notice).toBe('');
        t.client().removeConversation(CASE1);
        expect(t.store.selected).toBeNull();
        expect(t.store.notice).toBe('You are no longer in this conversation — the case was reassigned or closed.');
        expect(t.store.sortedConversations().map((c) => c.groupId)).toEqual([fixtureCaseId(3)]);
        expect(t.controller.sendText(CASE1, 'too late')).toBe(false);
        // The pending history request of the dropped conversation no longer times out into an error.
        jest.advanceTimersByTime(20_000);
        expect(t.store.hasThread(CASE1)).toBe(false);
    });

    it('keeps a closed (muted) conversation readable but refuses to send into it', async () => {
        const t = await setupWithCase1Open();
        t.client().setMuted(CASE1, true);
        expect(t.store.conversation(CASE1)?.muted).toBe(true);
        expect(t.store.selected).toBe(CASE1);
        expect(t.store.thread(CASE1).all().length).toBeGreaterThan(0);
        expect(t.controller.sendText(CASE1, 'hello')).toBe(false);
        t.controller.sendFile(CASE1, new File(['x'], 'a.txt'), 'file');
        await flush(10);
        expect(t.client().sent).toEqual([]);
        t.client().setMuted(CASE1, false);
        expect(t.controller.sendText(CASE1, 'hello')).toBe(true);
    });

    it('sends navigate only for valid record ids', () => {
        const t = setup();
        t.controller.start();
        t.controller.openCase(CASE1);
        t.controller.openCase('javascript:alert(1)');
        expect(t.transport.ofType('navigate').map((m) => m.payload.recordId)).toEqual([CASE1]);
    });

    it('reports a new assignment and messages the agent is not looking at; announces them; counts the new chat', async () => {
        const t = await setupWithCase1Open();
        // What the service adds while it completes its first lists is not new.
        t.client().assignCase({
            groupId: fixtureCaseId(8),
            caseNumber: '00001008',
            subject: 'Late',
            customerName: 'Bo',
        });
        expect(t.transport.ofType('attention')).toEqual([]);
        jest.advanceTimersByTime(ATTENTION_SETTLE_MS);
        const CASE9 = fixtureCaseId(9);
        t.client().assignCase({
            groupId: CASE9,
            caseNumber: '00001009',
            subject: 'Printer on fire',
            customerName: 'Alan',
        });
        expect(t.transport.ofType('attention').map((m) => m.payload)).toEqual([
            { kind: 'assigned', caseId: CASE9, title: 'New chat: case 00001009', body: 'Printer on fire' },
        ]);
        expect(t.announced).toEqual(['New chat assigned: case 00001009, Printer on fire']);
        // Case 2 has 2 unread; the new chat counts once until it is opened.
        expect(t.transport.ofType('unread').at(-1)?.payload.count).toBe(3);
        t.client().receive({ groupId: CASE1, text: 'read right away', nick: 'Ada Lovelace' });
        t.client().receive({ groupId: CASE2, text: 'Any news?', from: 'cust_grace', nick: 'Grace Hopper' });
        expect(t.announced.slice(1)).toEqual([
            'Ada Lovelace: read right away',
            'New message in case 00001002 from Grace Hopper',
        ]);
        // Only the message in the thread that is not open needs attention.
        expect(
            t.transport
                .ofType('attention')
                .slice(1)
                .map((m) => m.payload),
        ).toEqual([{ kind: 'message', caseId: CASE2, title: 'Case 00001002: Grace Hopper', body: 'Any news?' }]);
        t.controller.openConversation(CASE9);
        expect(t.transport.ofType('attentionSeen')).toHaveLength(2);
        expect(t.transport.ofType('unread').at(-1)?.payload.count).toBe(3);
    });

    it('treats a minimized utility like a hidden page: nothing is marked read, messages need attention', async () => {
        const t = await setupWithCase1Open();
        t.transport.host('utilityVisibility', { visible: false });
        t.client().receive({ groupId: CASE1, text: 'while minimized', nick: 'Ada Lovelace' });
        expect(t.store.conversation(CASE1)?.unread).toBe(1);
        expect(t.transport.ofType('attention').at(-1)?.payload).toMatchObject({ kind: 'message', caseId: CASE1 });
        t.transport.host('utilityVisibility', { visible: true });
        expect(t.store.conversation(CASE1)?.unread).toBe(0);
        expect(t.transport.ofType('unread').at(-1)?.payload.count).toBe(2);
    });

    it("applies the host's language, locale and time zone and passes the notification state on", async () => {
        const t = setup();
        const states: string[] = [];
        const controller = new WidgetController({
            transport: t.transport,
            store: t.store,
            createClient: () => new ScriptedChatClient('demo'),
            clock: systemClock,
            logger: t.logger,
            isPageVisible: () => true,
            onNotifications: (s) => states.push(s),
        });
        controller.start();
        try {
            t.transport.host('locale', { language: 'zh_CN', locale: 'zh_CN', timeZone: 'Asia/Shanghai' });
            expect(currentLanguage()).toBe('zh-CN');
            expect(shortTime(Date.UTC(2026, 10, 20, 17, 0), Date.UTC(2026, 10, 20, 17, 5))).toBe('01:00');
            t.transport.host('notifications', { desktop: 'blocked' });
            controller.setDesktopNotifications(true);
            expect(states).toEqual(['blocked']);
            expect(t.transport.ofType('setNotifications').map((m) => m.payload)).toEqual([{ desktop: true }]);
        } finally {
            controller.stop();
            setLanguage('en');
            setDateLocale(undefined, undefined);
        }
    });
});
