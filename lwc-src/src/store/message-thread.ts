import type { ChatMessage } from '../chat/chat-types';

export type HistoryState = 'idle' | 'loading' | 'error' | 'done';

/**
 * The messages of one conversation: ordered by seq, one entry per seq (live and backfilled history merged),
 * then our not-yet-accepted sends in the order they were made.
 */
export class MessageThread {
    /** Messages with a seq, ascending. */
    private readonly ordered: ChatMessage[] = [];
    private readonly bySeq = new Map<number, ChatMessage>();
    /** Our sends without a seq yet (sending / failed), in send order. */
    private pending: ChatMessage[] = [];

    loaded = false;
    loading = false;
    loadError = '';
    /** SDK paging cursor for older live messages. */
    cursor: string | null = null;
    liveDone = false;
    historyState: HistoryState = 'idle';
    historyError = '';
    /** Next `beforeSeq` to ask the host for; undefined = not asked yet. */
    historyBefore: number | null | undefined = undefined;
    /** How many of the newest messages the UI shows (grows when scrolling up). */
    window: number;

    constructor(initialWindow: number) {
        this.window = initialWindow;
    }

    get size(): number {
        return this.ordered.length + this.pending.length;
    }

    get minSeq(): number | null {
        return this.ordered[0]?.seq ?? null;
    }

    get maxSeq(): number | null {
        return this.ordered[this.ordered.length - 1]?.seq ?? null;
    }

    /** All messages in display order. */
    all(): ChatMessage[] {
        return this.pending.length ? this.ordered.concat(this.pending) : this.ordered.slice();
    }

    /** The newest `count` messages in display order. */
    newest(count: number): ChatMessage[] {
        const total = this.size;
        const from = Math.max(0, total - count);
        if (from >= this.ordered.length) return this.pending.slice(from - this.ordered.length);
        return this.ordered.slice(from).concat(this.pending);
    }

    bySeqOf(seq: number): ChatMessage | undefined {
        return this.bySeq.get(seq);
    }

    /** Adds or merges one message; returns true when something visible changed. */
    upsert(message: ChatMessage): boolean {
        if (message.seq === null) return this.upsertPending(message);
        this.dropPending(message.clientId);
        const existing = this.bySeq.get(message.seq);
        if (existing) {
            const merged = mergeSame(existing, message);
            if (merged === existing) return false;
            this.replace(existing, merged);
            return true;
        }
        this.insertOrdered(message);
        return true;
    }

    pendingByClientId(clientId: string): ChatMessage | undefined {
        return this.pending.find((m) => m.clientId === clientId);
    }

    /** Updates a pending message (delivery state changes). */
    updatePending(clientId: string, change: Partial<ChatMessage>): boolean {
        const i = this.pending.findIndex((m) => m.clientId === clientId);
        const current = this.pending[i];
        if (i < 0 || !current) return false;
        this.pending = this.pending.slice();
        this.pending[i] = { ...current, ...change };
        return true;
    }

    private upsertPending(message: ChatMessage): boolean {
        const i = this.pending.findIndex((m) => m.clientId === message.clientId);
        this.pending = this.pending.slice();
        if (i >= 0) this.pending[i] = message;
        else this.pending.push(message);
        return true;
    }

    private dropPending(clientId: string): void {
        if (this.pending.length && this.pending.some((m) => m.clientId === clientId)) {
            this.pending = this.pending.filter((m) => m.clientId !== clientId);
        }
    }

    private insertOrdered(message: ChatMessage): void {
        const seq = message.seq as number;
        this.bySeq.set(seq, message);
        const last = this.ordered[this.ordered.length - 1];
        if (!last || (last.seq as number) < seq) {
            this.ordered.push(message);
            return;
        }
        let lo = 0;
        let hi = this.ordered.length;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if ((this.ordered[mid]?.seq as number) < seq) lo = mid + 1;
            else hi = mid;
        }
        this.ordered.splice(lo, 0, message);
    }

    private replace(existing: ChatMessage, next: ChatMessage): void {
        this.bySeq.set(next.seq as number, next);
        const i = this.ordered.indexOf(existing);
        if (i >= 0) this.ordered[i] = next;
    }
}

/** The same seq seen twice: live data wins over backfilled history; a confirmed send keeps our client id. */
function mergeSame(existing: ChatMessage, incoming: ChatMessage): ChatMessage {
    if (existing.origin === 'live' && incoming.origin === 'history') return existing;
    if (existing.origin === 'history' && incoming.origin === 'live') return { ...incoming };
    if (existing.delivery !== incoming.delivery || existing.nick !== incoming.nick) {
        return { ...existing, delivery: incoming.delivery, nick: incoming.nick || existing.nick };
    }
    return existing;
}
