import { ScriptedChatClient } from './helpers/scripted/scripted-client';
import { fixtureCaseId } from './helpers/scripted/scripted-fixtures';
import { WidgetController } from '../controller/widget-controller';
import { ChatStore } from '../store/chat-store';
import { systemClock } from '../store/session-timing';
import { buildAppView } from '../modules/tim/app/app-view';
import type { ChatConversation, ChatMessage } from '../chat/chat-types';
import { FakeTransport, MemoryLogger, flush } from './helpers/fakes';

const AGENT = '005000000000001AAA';
const BOB = '005000000000002AAA';
const NEW_CASE = fixtureCaseId(7);
const T0 = Date.UTC(2026, 10, 20, 11);

function setup() {
    const transport = new FakeTransport();
    const store = new ChatStore();
    let client: ScriptedChatClient | null = null;
    const controller = new WidgetController({
        transport,
        store,
        createClient: () => (client = new ScriptedChatClient('demo')),
        clock: systemClock,
        logger: new MemoryLogger(),
        isPageVisible: () => true,
    });
    return {
        transport,
        store,
        controller,
        client: () => client as ScriptedChatClient,
        view: () => buildAppView(store, Date.now()),
        login: async () => {
            controller.start();
            transport.host('session', {
                sdkAppId: 1400000000,
                userId: AGENT,
                userSig: 's',
                expiresAt: Date.now() + 3_600_000,
            });
            await flush(10);
        },
    };
}

/** Assigned while the customer waited: the service shows no message (the group hides what came before the join). */
function waitingCase(lastFrom = ''): ChatConversation {
    return {
        groupId: NEW_CASE,
        groupName: '00001007 Locked out',
        caseNumber: '00001007',
        subject: 'Locked out',
        customerName: 'Edsger Dijkstra',
        customerId: 'cust_edsger',
        unread: 0,
        lastText: '',
        lastTime: T0 + 10 * 60_000,
        lastFrom,
        muted: false,
    };
}
const historyMessage = (seq: number, from: string, text: string) => ({
    seq,
    random: seq,
    from,
    time: T0 + seq * 60_000,
    elements: [{ type: 'text', text }],
});
const unreadSent = (t: ReturnType<typeof setup>) => t.transport.ofType('unread').map((m) => m.payload.count);

beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(Date.UTC(2026, 10, 20, 12));
    localStorage.clear();
});
afterEach(() => jest.useRealTimers());

describe('a case assigned while the customer waits', () => {
    async function assigned(t: ReturnType<typeof setup>) {
        await t.login();
        const before = unreadSent(t).at(-1);
        t.client().assign(waitingCase());
        await flush(10);
        expect(t.transport.ofType('needHistory').map((m) => m.payload)).toEqual([
            { caseId: NEW_CASE, beforeSeq: null },
        ]);
        t.transport.host('history', {
            caseId: NEW_CASE,
            page: {
                groupId: NEW_CASE,
                messages: [
                    historyMessage(1, 'cust_edsger', 'Hello?'),
                    historyMessage(2, BOB, 'Looking into it'),
                    historyMessage(3, 'cust_edsger', 'Still locked out'),
                    historyMessage(4, 'cust_edsger', 'Anyone there?'),
                ],
                nextBefore: null,
                isFinished: true,
            },
        });
        return before ?? 0;
    }

    it('counts the waiting messages as unread, with preview and time, and tells the host (utility label)', async () => {
        const t = setup();
        const before = await assigned(t);
        const row = t.view().conversations.find((c) => c.groupId === NEW_CASE);
        expect(row).toMatchObject({ unread: 2, hasUnread: true, preview: 'Anyone there?' });
        expect(row?.timeLabel).not.toBe('');
        expect(unreadSent(t).at(-1)).toBe(before + 2);
    });

    it('counts a new assignment by its waiting messages, not once more as an unopened chat', async () => {
        const t = setup();
        await t.login();
        jest.advanceTimersByTime(6000); // past the first lists' settling: this is a new assignment
        await flush(10);
        const before = unreadSent(t).at(-1) ?? 0;
        t.client().assign(waitingCase());
        await flush(10);
        expect(unreadSent(t).at(-1)).toBe(before + 1); // the new chat, nothing known to wait yet
        t.transport.host('history', {
            caseId: NEW_CASE,
            page: {
                groupId: NEW_CASE,
                messages: [historyMessage(1, 'cust_edsger', 'Hello?'), historyMessage(2, 'cust_edsger', 'Anyone?')],
                nextBefore: null,
                isFinished: true,
            },
        });
        expect(unreadSent(t).at(-1)).toBe(before + 2); // its two waiting messages, the chat not counted again
    });

    it('stops counting them once the agent opened the conversation, also after the widget reloads', async () => {
        const t = setup();
        const before = await assigned(t);
        t.controller.openConversation(NEW_CASE);
        expect(t.store.unreadOf(t.store.conversation(NEW_CASE) as ChatConversation)).toBe(0);
        expect(unreadSent(t).at(-1)).toBe(before);
        // A new widget (same agent, same browser): nothing new since, so nothing waits unread.
        const again = setup();
        await assigned(again);
        expect(again.store.unreadOf(again.store.conversation(NEW_CASE) as ChatConversation)).toBe(0);
    });

    it('also counts them where the service shows them (the group does not hide earlier messages)', async () => {
        const t = setup();
        await t.login();
        const seen = (seq: number, from: string, text: string): ChatMessage => ({
            groupId: NEW_CASE,
            seq,
            clientId: `s${seq}`,
            from,
            nick: '',
            mine: false,
            time: T0 + seq * 60_000,
            body: { kind: 'text', text },
            delivery: 'sent',
            origin: 'live',
        });
        t.client().assign({ ...waitingCase('cust_edsger'), lastText: 'Anyone there?' }, [
            seen(1, 'cust_edsger', 'Hello?'),
            seen(2, 'cust_edsger', 'Anyone there?'),
        ]);
        await flush(10);
        expect(t.store.unreadOf(t.store.conversation(NEW_CASE) as ChatConversation)).toBe(2);
    });
});

describe('who wrote what', () => {
    it("names an earlier agent's backfilled reply from the chat profiles, the customer by name, the agent as You", async () => {
        const t = setup();
        await t.login();
        t.client().nicks.set(BOB, 'Bob Agent');
        // Bob had the case; the customer wrote again once Alice joined (the service shows her only that one).
        const after: ChatMessage = {
            groupId: NEW_CASE,
            seq: 3,
            clientId: 's3',
            from: 'cust_edsger',
            nick: '',
            mine: false,
            time: T0 + 3 * 60_000,
            body: { kind: 'text', text: 'Still there?' },
            delivery: 'sent',
            origin: 'live',
        };
        t.client().assign({ ...waitingCase('cust_edsger'), lastText: 'Still there?' }, [after]);
        await flush(10);
        t.transport.host('history', {
            caseId: NEW_CASE,
            page: {
                groupId: NEW_CASE,
                messages: [historyMessage(1, 'cust_edsger', 'Hello?'), historyMessage(2, BOB, 'Looking into it')],
                nextBefore: null,
                isFinished: true,
            },
        });
        await flush(10);
        expect(t.client().nameLookups).toEqual([[BOB]]);
        t.controller.openConversation(NEW_CASE);
        t.controller.sendText(NEW_CASE, 'I am taking over');
        await flush(10);
        expect(t.view().thread?.messages.map((m) => m.senderLabel)).toEqual([
            'Edsger Dijkstra',
            'Bob Agent',
            'Edsger Dijkstra',
            'You',
        ]);
    });
});

describe('typing indicators', () => {
    it("shows the customer's typing in the list and the conversation until stopped, a message, or 5 s", async () => {
        const t = setup();
        await t.login();
        const CASE1 = fixtureCaseId(1);
        t.client().typing(CASE1, true);
        expect(t.view().conversations.find((c) => c.groupId === CASE1)).toMatchObject({
            isTyping: true,
            typingLabel: 'Ada Lovelace is typing…',
        });
        t.controller.openConversation(CASE1);
        await flush(10);
        expect(t.view().thread?.typingLabel).toBe('Ada Lovelace is typing…');
        t.client().typing(CASE1, false);
        expect(t.view().thread?.typingLabel).toBe('');
        t.client().typing(CASE1, true);
        t.client().receive({ groupId: CASE1, text: 'here it is' });
        expect(t.view().thread?.typingLabel).toBe('');
        t.client().typing(CASE1, true);
        jest.advanceTimersByTime(5_100);
        expect(t.view().thread?.typingLabel).toBe('');
        // Typing signals are never messages: nothing but the one real message was added.
        expect(
            t.store
                .thread(CASE1)
                .all()
                .filter((m) => m.body.kind === 'custom'),
        ).toEqual([]);
    });

    it("sends the agent's typing at most once per 3 s, then 'stopped' after a pause; a sent message ends it", async () => {
        const t = setup();
        await t.login();
        const CASE1 = fixtureCaseId(1);
        t.controller.openConversation(CASE1);
        for (let i = 0; i < 5; i++) {
            t.controller.composerInput(CASE1);
            jest.advanceTimersByTime(500);
        }
        jest.advanceTimersByTime(1_000);
        t.controller.composerInput(CASE1);
        expect(t.client().typingSent).toEqual([`${CASE1}:true`, `${CASE1}:true`]);
        jest.advanceTimersByTime(4_000);
        expect(t.client().typingSent.at(-1)).toBe(`${CASE1}:false`);
        t.controller.composerInput(CASE1);
        t.controller.sendText(CASE1, 'done');
        jest.advanceTimersByTime(10_000);
        expect(t.client().typingSent.slice(3)).toEqual([`${CASE1}:true`]);
    });
});

describe('read state of the agent’s messages', () => {
    it('moves a sent message to delivered and read; shows "Sent" without receipts', async () => {
        const t = setup();
        await t.login();
        const CASE1 = fixtureCaseId(1);
        t.controller.openConversation(CASE1);
        await flush(10);
        t.controller.sendText(CASE1, 'please check');
        await flush(10);
        const mine = () =>
            t
                .view()
                .thread?.messages.filter((m) => m.mine)
                .at(-1);
        expect(mine()).toMatchObject({ deliveryState: 'sent', deliveryLabel: 'Sent' });
        const seq = t.store.thread(CASE1).maxSeq as number;
        t.client().readReceipt(CASE1, seq, 'delivered');
        expect(mine()).toMatchObject({ deliveryState: 'delivered', deliveryLabel: 'Delivered' });
        t.client().readReceipt(CASE1, seq, 'read');
        expect(mine()).toMatchObject({ deliveryState: 'read', deliveryLabel: 'Read' });
        t.client().readReceipt(CASE1, seq, 'delivered');
        expect(mine()?.deliveryState).toBe('read');
    });
});
