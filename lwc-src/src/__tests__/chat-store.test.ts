import type { ChatConversation, ChatMessage } from '../chat/chat-types';
import { ChatStore } from '../store/chat-store';
import { label } from '../i18n/labels';
import type { HistoryPage } from '../protocol/messages';

const G = '500000000000001AAA';
const conv = (groupId: string, lastTime: number, extra: Partial<ChatConversation> = {}): ChatConversation => ({
    groupId,
    groupName: groupId,
    caseNumber: '0000' + groupId.slice(-4),
    subject: 'Subject ' + groupId,
    customerName: 'Customer',
    customerId: 'cust_1',
    unread: 0,
    lastText: '',
    lastTime,
    muted: false,
    ...extra,
});
const live = (seq: number | null, text = `m${String(seq)}`, extra: Partial<ChatMessage> = {}): ChatMessage => ({
    groupId: G,
    seq,
    clientId: `id${String(seq)}`,
    from: 'cust_1',
    nick: 'Ada',
    mine: false,
    time: 1000 + (seq ?? 0),
    body: { kind: 'text', text },
    delivery: 'sent',
    origin: 'live',
    ...extra,
});
const page = (seqs: number[], nextBefore: number | null, isFinished: boolean): HistoryPage => ({
    groupId: G,
    messages: seqs.map((seq) => ({
        seq,
        random: seq,
        from: 'cust_1',
        time: 1000 + seq,
        elements: [{ type: 'text', text: `h${seq}` }],
    })),
    nextBefore,
    isFinished,
});
const seqs = (store: ChatStore) =>
    store
        .thread(G)
        .all()
        .map((m) => m.seq);

describe('ChatStore conversations', () => {
    it('sorts by recent activity and re-sorts when a message arrives', () => {
        const s = new ChatStore();
        s.setConversations([
            conv('500000000000001AAA', 10),
            conv('500000000000002AAA', 30),
            conv('500000000000003AAA', 20),
        ]);
        expect(s.sortedConversations().map((c) => c.groupId.slice(-4))).toEqual(['2AAA', '3AAA', '1AAA']);
        s.receive(live(1, 'new', { time: 99 }));
        expect(s.sortedConversations()[0]?.groupId).toBe(G);
        expect(s.sortedConversations()[0]?.lastText).toBe('new');
    });
    it('filters on case number, subject, customer and last text, case-insensitively', () => {
        const s = new ChatStore();
        s.setConversations([
            conv('500000000000001AAA', 1, { subject: 'Printer on fire' }),
            conv('500000000000002AAA', 2, { customerName: 'Grace HOPPER' }),
        ]);
        s.setFilter('printer');
        expect(s.filteredConversations().map((c) => c.subject)).toEqual(['Printer on fire']);
        s.setFilter('hopper');
        expect(s.filteredConversations()).toHaveLength(1);
        s.setFilter('');
        expect(s.filteredConversations()).toHaveLength(2);
    });
    it('counts unread: others’ messages in conversations not being read', () => {
        const s = new ChatStore();
        s.setConversations([conv(G, 1, { unread: 1 }), conv('500000000000002AAA', 1, { unread: 2 })]);
        expect(s.totalUnread()).toBe(3);
        s.receive(live(1));
        expect(s.conversation(G)?.unread).toBe(2);
        s.receive(live(2, 'mine', { mine: true }));
        expect(s.conversation(G)?.unread).toBe(2);
        s.select(G);
        s.readingSelected = true;
        s.receive(live(3));
        expect(s.conversation(G)?.unread).toBe(2);
        s.markRead(G);
        expect(s.totalUnread()).toBe(2);
        s.receive(live(3));
        expect(s.conversation(G)?.unread).toBe(0); // duplicate of seq 3: not counted again
    });
    it('takes the service’s unread counts from the list', () => {
        const s = new ChatStore();
        s.setConversations([conv(G, 5)]);
        expect(s.applyConversationList([conv(G, 4, { unread: 7 })])).toEqual([]);
        expect(s.conversation(G)).toMatchObject({ unread: 7, lastTime: 5 });
    });
    it('treats the list as complete: drops conversations missing from it, with their threads and unread counts', () => {
        const s = new ChatStore();
        const other = '500000000000002AAA';
        s.setConversations([conv(G, 5, { unread: 2 }), conv(other, 6, { unread: 3 })]);
        s.receive(live(1));
        expect(s.totalUnread()).toBe(6);
        const version = s.version;
        expect(s.applyConversationList([conv(other, 6, { unread: 3 })])).toEqual([G]);
        expect(s.version).toBeGreaterThan(version);
        expect(s.conversation(G)).toBeUndefined();
        expect(s.hasThread(G)).toBe(false);
        expect(s.conversationCount).toBe(1);
        expect(s.sortedConversations().map((c) => c.groupId)).toEqual([other]);
        expect(s.totalUnread()).toBe(3);
        expect(s.notice).toBe('');
        expect(s.applyConversationList([])).toEqual([other]);
        expect(s.totalUnread()).toBe(0);
    });
    it('leaves the open conversation when it disappears, with a notice saying why', () => {
        const s = new ChatStore();
        s.setConversations([conv(G, 5), conv('500000000000002AAA', 6)]);
        s.select(G);
        s.readingSelected = true;
        s.applyConversationList([conv('500000000000002AAA', 6)]);
        expect(s.selected).toBeNull();
        expect(s.readingSelected).toBe(false);
        expect(s.notice).toBe('You are no longer in this conversation — the case was reassigned or closed.');
        expect(s.notice).toBe(label('removedFromConversation'));
    });
    it('carries the muted (closed) state from the list', () => {
        const s = new ChatStore();
        s.setConversations([conv(G, 5)]);
        s.applyConversationList([conv(G, 5, { muted: true })]);
        expect(s.conversation(G)?.muted).toBe(true);
        s.applyConversationList([conv(G, 5, { muted: false })]);
        expect(s.conversation(G)?.muted).toBe(false);
    });
});

describe('ChatStore messages', () => {
    it('orders by seq whatever the arrival order', () => {
        const s = new ChatStore();
        for (const n of [5, 2, 9, 1, 7]) s.receive(live(n));
        expect(seqs(s)).toEqual([1, 2, 5, 7, 9]);
    });
    it('merges backfilled history without duplicates, once and in order, preferring live data', () => {
        const s = new ChatStore();
        s.addLivePage(G, { messages: [live(5), live(6), live(7)], cursor: null, done: true });
        const added = s.mergeHistory(G, page([1, 2, 3, 4, 5, 6, 7], null, true));
        expect(added).toBe(4);
        expect(seqs(s)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        const all = s.thread(G).all();
        expect(all.filter((m) => m.origin === 'history').map((m) => m.seq)).toEqual([1, 2, 3, 4]);
        expect(all[4]?.body).toEqual({ kind: 'text', text: 'm5' });
        // the same page again changes nothing
        expect(s.mergeHistory(G, page([1, 2, 3], null, true))).toBe(0);
        expect(seqs(s)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        expect(s.thread(G).historyState).toBe('done');
    });
    it('replaces a history copy when the live copy of the same seq arrives', () => {
        const s = new ChatStore();
        s.mergeHistory(G, page([3], 2, false));
        s.receive(live(3, 'live 3'));
        expect(s.thread(G).all()).toHaveLength(1);
        expect(s.thread(G).all()[0]).toMatchObject({ origin: 'live', body: { text: 'live 3' } });
        expect(s.thread(G).historyBefore).toBe(2);
    });
    it('keeps pending sends after sequenced messages and swaps them for the accepted message', () => {
        const s = new ChatStore();
        s.receive(live(1));
        s.addPending(live(null, 'hello', { clientId: 'c1', mine: true, delivery: 'sending' }));
        s.receive(live(2));
        expect(
            s
                .thread(G)
                .all()
                .map((m) => m.clientId),
        ).toEqual(['id1', 'id2', 'c1']);
        s.setDelivery(G, 'c1', 'failed');
        expect(s.thread(G).pendingByClientId('c1')?.delivery).toBe('failed');
        s.confirmSent(G, live(3, 'hello', { clientId: 'c1', mine: true }));
        expect(
            s
                .thread(G)
                .all()
                .map((m) => [m.seq, m.delivery]),
        ).toEqual([
            [1, 'sent'],
            [2, 'sent'],
            [3, 'sent'],
        ]);
    });
    it('shows a window of the newest messages that grows on demand', () => {
        const s = new ChatStore();
        s.addLivePage(G, { messages: Array.from({ length: 100 }, (_, i) => live(i + 1)), cursor: null, done: true });
        const t = s.thread(G);
        expect(t.newest(t.window).map((m) => m.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 61));
        expect(s.expandWindow(G, 40)).toBe(true);
        expect(t.newest(t.window)[0]?.seq).toBe(21);
        expect(s.expandWindow(G, 40)).toBe(true);
        expect(s.expandWindow(G, 40)).toBe(false);
    });
});
