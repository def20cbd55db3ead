import type {
    ChatConversation,
    ChatMessage,
    ConnectionState,
    KickReason,
    MessagePage,
    ReadReceipts,
    ReadState,
    TypingSignal,
} from '../chat/chat-types';
import type { HistoryPage } from '../protocol/messages';
import { previewText } from '../chat/message-preview';
import { label } from '../i18n/labels';
import { historyToChatMessage } from './history-mapping';
import { MessageThread } from './message-thread';
import { SeenPositions } from './seen-positions';
import { TypingState } from './typing-state';
import { waitingUnread } from './wait-time';

export type Phase = 'starting' | 'noHost' | 'waitingSession' | 'loggingIn' | 'ready' | 'sessionError';

export const MESSAGE_WINDOW = 40;
export const LIST_WINDOW = 50;

/**
 * All chat state of the widget, DOM-free. Mutations go through methods; every change bumps `version` and
 * notifies subscribers synchronously (the LWC shell re-renders in its own microtask).
 */
export class ChatStore {
    phase: Phase = 'starting';
    connection: ConnectionState = 'connecting';
    kicked: KickReason | null = null;
    sessionError = '';
    userId = '';
    conversationsLoaded = false;
    conversationsError = '';
    selected: string | null = null;
    filter = '';
    listWindow = LIST_WINDOW;
    /** A one-line note for the agent (e.g. a focused case without a chat). */
    notice = '';
    version = 0;

    private readonly conversations = new Map<string, ChatConversation>();
    private readonly threads = new Map<string, MessageThread>();
    private readonly listeners = new Set<() => void>();
    private sortedCache: { version: number; list: ChatConversation[] } | null = null;
    private listVersion = 0;
    /** Who else is typing where. */
    readonly typing = new TypingState();
    /** Display names (profile nicks) of other senders, by user id. */
    private readonly names = new Map<string, string>();
    /** Read receipts of the agent's own messages, by group and seq. */
    private readonly readStates = new Map<string, Map<number, ReadState>>();
    /** Waiting customer messages (unread for this agent) of the conversations checked for them, by group. */
    private readonly waiting = new Map<string, number>();
    /** What the agent has seen per conversation (set per agent by the controller at login). */
    seen: SeenPositions = SeenPositions.memory();

    subscribe(listener: () => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    private changed(listChanged = false): void {
        this.version++;
        if (listChanged) this.listVersion++;
        for (const l of [...this.listeners]) l();
    }

    // ---- session / connection -------------------------------------------------------------------
    setPhase(phase: Phase): void {
        if (this.phase === phase) return;
        this.phase = phase;
        if (phase !== 'sessionError') this.sessionError = '';
        this.changed();
    }

    setSessionError(message: string): void {
        this.phase = 'sessionError';
        this.sessionError = message || label('sessionStartFailed');
        this.changed();
    }

    setConnection(state: ConnectionState): void {
        if (this.connection === state) return;
        this.connection = state;
        this.changed();
    }

    setKicked(reason: KickReason | null): void {
        this.kicked = reason;
        this.changed();
    }

    setNotice(notice: string): void {
        this.notice = notice;
        this.changed();
    }

    // ---- conversations --------------------------------------------------------------------------
    /** Replaces the list (first load / relogin). */
    setConversations(list: ChatConversation[]): void {
        this.conversations.clear();
        for (const c of list) this.conversations.set(c.groupId, c);
        this.conversationsLoaded = true;
        this.conversationsError = '';
        this.changed(true);
    }

    setConversationsError(message: string): void {
        this.conversationsError = message;
        this.changed();
    }

    /**
     * Applies the chat service's COMPLETE current list (ChatClient `conversationsChanged`): updates the listed
     * conversations (the service's unread counts are authoritative) and removes every conversation missing from it
     * (the agent was removed from the group or it was dismissed), with its thread and unread count. When the open
     * conversation is among them, the view goes back to the list with a notice. Returns the removed group ids.
     */
    applyConversationList(list: ChatConversation[]): string[] {
        const listed = new Set(list.map((c) => c.groupId));
        const removed = [...this.conversations.keys()].filter((groupId) => !listed.has(groupId));
        for (const groupId of removed) {
            this.conversations.delete(groupId);
            this.threads.delete(groupId);
            this.waiting.delete(groupId);
            this.readStates.delete(groupId);
            this.typing.clear(groupId);
        }
        for (const c of list) {
            const prev = this.conversations.get(c.groupId);
            const next =
                prev && prev.lastTime > c.lastTime ? { ...c, lastTime: prev.lastTime, lastText: prev.lastText } : c;
            this.conversations.set(
                c.groupId,
                this.selected === c.groupId && this.readingSelected ? { ...next, unread: 0 } : next,
            );
            this.refreshWaiting(c.groupId);
        }
        if (this.selected !== null && removed.includes(this.selected)) {
            this.selected = null;
            this.readingSelected = false;
            this.notice = label('removedFromConversation');
        }
        this.changed(true);
        return removed;
    }

    conversation(groupId: string): ChatConversation | undefined {
        return this.conversations.get(groupId);
    }

    get conversationCount(): number {
        return this.conversations.size;
    }

    /** Most recent activity first. */
    sortedConversations(): ChatConversation[] {
        if (this.sortedCache && this.sortedCache.version === this.listVersion) return this.sortedCache.list;
        const list = [...this.conversations.values()].sort(
            (a, b) => b.lastTime - a.lastTime || a.groupId.localeCompare(b.groupId),
        );
        this.sortedCache = { version: this.listVersion, list };
        return list;
    }

    /** Case-insensitive match on case number, subject, customer and last message. */
    filteredConversations(): ChatConversation[] {
        const q = this.filter.trim().toLowerCase();
        const all = this.sortedConversations();
        if (!q) return all;
        return all.filter((c) =>
            `${c.caseNumber}\n${c.subject}\n${c.customerName}\n${c.lastText}\n${c.groupName}`.toLowerCase().includes(q),
        );
    }

    setFilter(filter: string): void {
        this.filter = filter;
        this.listWindow = LIST_WINDOW;
        this.changed();
    }

    showMoreConversations(): void {
        this.listWindow += LIST_WINDOW;
        this.changed();
    }

    totalUnread(): number {
        let n = 0;
        for (const c of this.conversations.values()) n += this.unreadOf(c);
        return n;
    }

    /**
     * Unread for this agent: what the service counts, or, when more, the customer's waiting messages (the service
     * never counts those sent before the agent joined).
     */
    unreadOf(c: ChatConversation): number {
        return Math.max(c.unread, this.waiting.get(c.groupId) ?? 0);
    }

    // ---- waiting customer messages ---------------------------------------------------------------
    isChecked(groupId: string): boolean {
        return this.waiting.has(groupId);
    }

    /** From now on this conversation's thread says how many customer messages wait (see `unreadOf`). */
    markChecked(groupId: string): void {
        this.waiting.set(groupId, 0);
        if (this.refreshWaiting(groupId)) this.changed(true);
    }

    /** Recomputes a checked conversation's waiting count and fills in a missing preview; true when it changed. */
    private refreshWaiting(groupId: string): boolean {
        const c = this.conversations.get(groupId);
        const before = this.waiting.get(groupId);
        if (!c || before === undefined || !this.threads.has(groupId)) return false;
        const messages = this.thread(groupId).all();
        const count = waitingUnread(messages, c.customerId, this.seen.get(groupId));
        const newest = messages[messages.length - 1];
        const noPreview = c.lastFrom === '' || (c.lastFrom ?? '').startsWith('@TIM#');
        let changed = count !== before;
        this.waiting.set(groupId, count);
        if (newest && newest.seq !== null && (noPreview || newest.time > c.lastTime)) {
            this.conversations.set(groupId, {
                ...c,
                lastText: previewText(newest.body),
                lastTime: Math.max(newest.time, noPreview ? 0 : c.lastTime),
                lastFrom: newest.from,
            });
            changed = true;
        }
        return changed;
    }

    // ---- typing, names, read receipts ------------------------------------------------------------
    setTyping(signal: TypingSignal, now: number): void {
        if (this.typing.apply(signal.groupId, signal.from, signal.nick, signal.typing, now)) this.changed(true);
    }

    expireTyping(now: number): void {
        if (this.typing.expire(now)) this.changed(true);
    }

    displayName(userId: string): string {
        return this.names.get(userId) ?? '';
    }

    setNames(names: ReadonlyMap<string, string>): void {
        let added = false;
        for (const [id, name] of names)
            if (this.names.get(id) !== name) {
                this.names.set(id, name);
                added = true;
            }
        if (added) this.changed();
    }

    applyReadReceipts(receipts: ReadReceipts): void {
        let states = this.readStates.get(receipts.groupId);
        if (!states) this.readStates.set(receipts.groupId, (states = new Map<number, ReadState>()));
        let changed = false;
        for (const { seq, state } of receipts.states) {
            const before = states.get(seq);
            if (before === state || before === 'read') continue; // read never goes back
            states.set(seq, state);
            changed = true;
        }
        if (changed) this.changed();
    }

    readState(groupId: string, seq: number | null): ReadState | null {
        return seq === null ? null : (this.readStates.get(groupId)?.get(seq) ?? null);
    }

    /** True while the selected conversation is on screen and the page is visible (set by the controller). */
    readingSelected = false;

    select(groupId: string | null): void {
        this.selected = groupId;
        this.notice = '';
        if (groupId) this.thread(groupId);
        this.changed();
    }

    markRead(groupId: string): void {
        const c = this.conversations.get(groupId);
        if (!c) return;
        const t = this.threads.get(groupId);
        const newestSeq = t ? Math.max(t.maxSeq ?? 0, 0) : 0;
        if (newestSeq > 0) this.seen.set(groupId, newestSeq);
        const waited = (this.waiting.get(groupId) ?? 0) > 0;
        if (waited) this.waiting.set(groupId, 0);
        if (c.unread === 0 && !waited) return;
        if (c.unread > 0) this.conversations.set(groupId, { ...c, unread: 0 });
        this.changed(true);
    }

    // ---- messages -------------------------------------------------------------------------------
    thread(groupId: string): MessageThread {
        let t = this.threads.get(groupId);
        if (!t) {
            t = new MessageThread(MESSAGE_WINDOW);
            this.threads.set(groupId, t);
        }
        return t;
    }

    hasThread(groupId: string): boolean {
        return this.threads.has(groupId);
    }

    setThreadLoading(groupId: string, loading: boolean, error = ''): void {
        const t = this.thread(groupId);
        t.loading = loading;
        t.loadError = error;
        this.changed();
    }

    /** A page of live messages (newest page first, then older ones). */
    addLivePage(groupId: string, page: MessagePage): void {
        const t = this.thread(groupId);
        let added = 0;
        for (const m of page.messages) if (t.upsert(m)) added++;
        if (t.loaded) t.window += added;
        t.loaded = true;
        t.loading = false;
        t.loadError = '';
        t.cursor = page.cursor;
        t.liveDone = page.done || page.cursor === null;
        this.refreshWaiting(groupId);
        this.changed(true);
    }

    /** A message that arrived in real time (or our own send echoed by another device). */
    receive(message: ChatMessage): void {
        const t = this.thread(message.groupId);
        // A message from someone ends their "is typing".
        this.typing.clear(message.groupId, message.from);
        if (!t.upsert(message)) return;
        if (t.window < t.size && this.selected === message.groupId) t.window++;
        const c = this.conversations.get(message.groupId);
        if (c) {
            const unread =
                !message.mine && !(this.selected === message.groupId && this.readingSelected) ? c.unread + 1 : c.unread;
            this.conversations.set(message.groupId, {
                ...c,
                unread,
                lastText: previewText(message.body),
                lastTime: Math.max(c.lastTime, message.time),
                lastFrom: message.from,
            });
            this.refreshWaiting(message.groupId);
        }
        this.changed(true);
    }

    /** Our own message, before the service accepted it. */
    addPending(message: ChatMessage): void {
        const t = this.thread(message.groupId);
        t.upsert(message);
        t.window++;
        const c = this.conversations.get(message.groupId);
        if (c)
            this.conversations.set(message.groupId, {
                ...c,
                lastText: previewText(message.body),
                lastTime: Math.max(c.lastTime, message.time),
            });
        this.changed(true);
    }

    confirmSent(groupId: string, message: ChatMessage): void {
        this.thread(groupId).upsert({ ...message, delivery: 'sent', origin: 'live' });
        this.changed();
    }

    setDelivery(groupId: string, clientId: string, delivery: 'sending' | 'failed'): void {
        if (this.thread(groupId).updatePending(clientId, { delivery })) this.changed();
    }

    expandWindow(groupId: string, by: number): boolean {
        const t = this.thread(groupId);
        if (t.window >= t.size) return false;
        t.window = Math.min(t.size, t.window + by);
        this.changed();
        return true;
    }

    // ---- backfilled history ---------------------------------------------------------------------
    setHistoryLoading(groupId: string): void {
        const t = this.thread(groupId);
        t.historyState = 'loading';
        t.historyError = '';
        this.changed();
    }

    setHistoryError(groupId: string, message: string): void {
        const t = this.thread(groupId);
        t.historyState = 'error';
        t.historyError = message || label('earlierUnavailable');
        this.changed();
    }

    /** Merges a history page: each seq shown once, in order, live data preferred. */
    mergeHistory(groupId: string, page: HistoryPage): number {
        const t = this.thread(groupId);
        let added = 0;
        for (const hm of page.messages) {
            if (t.bySeqOf(hm.seq)) continue;
            if (t.upsert(historyToChatMessage(groupId, hm, this.userId))) added++;
        }
        t.window += added;
        const finished = page.isFinished || page.nextBefore === null || page.nextBefore < 1;
        t.historyState = finished ? 'done' : 'idle';
        t.historyBefore = finished ? null : page.nextBefore;
        this.refreshWaiting(groupId);
        this.changed(true);
        return added;
    }

    /** Everything a relogin must reload. */
    resetChatData(): void {
        this.threads.clear();
        this.conversations.clear();
        this.waiting.clear();
        this.readStates.clear();
        this.typing.reset();
        this.conversationsLoaded = false;
        this.changed(true);
    }
}
