import type {
    QuickTextErrorPayload,
    QuickTextItem,
    QuickTextResultsPayload,
    QuickTextSearchPayload,
} from '../protocol/quick-text';
import { QUICK_TEXT_QUERY_MAX } from '../protocol/quick-text';
import type { Clock } from '../store/session-timing';
import { label } from '../i18n/labels';

/** Wait this long after the last keystroke before asking the host. */
export const QUICK_TEXT_DEBOUNCE_MS = 250;
/** Give up on an answer after this long. */
export const QUICK_TEXT_ANSWER_TIMEOUT_MS = 15_000;

export type QuickTextStatus = 'closed' | 'loading' | 'ready' | 'error';

export interface QuickTextState {
    status: QuickTextStatus;
    query: string;
    items: QuickTextItem[];
    error: string;
}

export interface QuickTextSearchDeps {
    send: (payload: QuickTextSearchPayload) => void;
    clock: Clock;
    onChange: () => void;
}

/**
 * One Quick Text search at a time over the host protocol: debounced, each request numbered, and only the answer to
 * the newest request is used (answers to searches the agent has typed past, or to a closed picker, are dropped).
 * DOM-free; the composer shows `state`.
 */
export class QuickTextSearch {
    private current: QuickTextState = { status: 'closed', query: '', items: [], error: '' };
    private seq = 0;
    private pendingId: string | null = null;
    private debounce: unknown = null;
    private timeout: unknown = null;

    constructor(private readonly deps: QuickTextSearchDeps) {}

    get state(): QuickTextState {
        return this.current;
    }

    /** The agent typed (or opened the picker with) this search; the request goes out after a pause. */
    search(raw: string): void {
        const query = raw.replace(/\s+/gu, ' ').trim().slice(0, QUICK_TEXT_QUERY_MAX);
        const { status } = this.current;
        if ((status === 'loading' || status === 'ready') && query === this.current.query) return;
        this.cancelTimers();
        this.pendingId = null;
        this.set({ status: 'loading', query, items: [], error: '' });
        this.debounce = this.deps.clock.setTimeout(() => {
            this.debounce = null;
            this.request(query);
        }, QUICK_TEXT_DEBOUNCE_MS);
    }

    close(): void {
        this.cancelTimers();
        this.pendingId = null;
        if (this.current.status !== 'closed') this.set({ status: 'closed', query: '', items: [], error: '' });
    }

    onResults(payload: QuickTextResultsPayload): boolean {
        if (payload.requestId !== this.pendingId) return false;
        this.settle();
        this.set({ status: 'ready', query: this.current.query, items: payload.items, error: '' });
        return true;
    }

    onError(payload: QuickTextErrorPayload): boolean {
        if (payload.requestId !== this.pendingId) return false;
        this.settle();
        this.set({
            status: 'error',
            query: this.current.query,
            items: [],
            error: payload.message || label('quickTextFailed'),
        });
        return true;
    }

    private request(query: string): void {
        const requestId = `qt${(++this.seq).toString(36)}`;
        this.pendingId = requestId;
        this.deps.send({ requestId, query });
        this.timeout = this.deps.clock.setTimeout(() => {
            this.timeout = null;
            if (this.pendingId !== requestId) return;
            this.pendingId = null;
            this.set({ status: 'error', query, items: [], error: label('quickTextNoAnswer') });
        }, QUICK_TEXT_ANSWER_TIMEOUT_MS);
    }

    private settle(): void {
        this.pendingId = null;
        this.cancelTimers();
    }

    private cancelTimers(): void {
        if (this.debounce !== null) this.deps.clock.clearTimeout(this.debounce);
        if (this.timeout !== null) this.deps.clock.clearTimeout(this.timeout);
        this.debounce = null;
        this.timeout = null;
    }

    private set(state: QuickTextState): void {
        this.current = state;
        this.deps.onChange();
    }
}
