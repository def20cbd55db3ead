/**
 * The call log, page side. A call's events are kept until the console links the call to a Case (`callLinked`); then
 * they are posted in order to POST /v1/voice/call-events, and later events of that call are posted as they happen.
 * A failed post is retried with backoff; an event leaves the queue only once the relay accepted it (the relay writes
 * idempotently by TCCC session id, so a post that succeeded but whose answer was lost is harmless to repeat). A
 * refused event (4xx other than 408/429) is dropped and reported.
 */

export type CallEventKind = 'ringing' | 'answered' | 'transferred' | 'ended';

export interface CallEvent {
    sessionId: string;
    event: CallEventKind;
    /** epoch ms */
    occurredAt: number;
    callerNumber?: string;
    durationSeconds?: number;
    closeBy?: 'seat' | 'client' | 'admin';
    transferTarget?: string;
}

export interface CallLogDeps {
    post(body: CallEvent & { caseId: string }): Promise<{ status: number }>;
    setTimer(fn: () => void, ms: number): unknown;
    onDropped?(event: CallEvent, status: number): void;
    /** first retry delay (doubles up to maxDelayMs) */
    baseDelayMs?: number;
    maxDelayMs?: number;
}

interface CallState {
    caseId: string | null;
    pending: CallEvent[];
    sending: boolean;
    attempt: number;
}

/** Calls remembered at most (oldest finished calls are forgotten first). */
const MAX_CALLS = 50;

export class CallLogQueue {
    private readonly calls = new Map<string, CallState>();

    constructor(private readonly deps: CallLogDeps) {}

    private state(sessionId: string): CallState {
        let s = this.calls.get(sessionId);
        if (!s) {
            s = { caseId: null, pending: [], sending: false, attempt: 0 };
            this.calls.set(sessionId, s);
            if (this.calls.size > MAX_CALLS) {
                const idle = [...this.calls].find(([, c]) => c.pending.length === 0 && !c.sending);
                if (idle) this.calls.delete(idle[0]);
            }
        }
        return s;
    }

    /** A call event happened. */
    add(event: CallEvent): void {
        const s = this.state(event.sessionId);
        s.pending.push(event);
        this.flush(event.sessionId);
    }

    /** The console linked the call to a Case: buffered events go out now. A call is linked once. */
    link(sessionId: string, caseId: string): void {
        const s = this.state(sessionId);
        if (s.caseId !== null) return;
        s.caseId = caseId;
        this.flush(sessionId);
    }

    /** Events not yet accepted by the relay (buffered or being retried). */
    pendingCount(sessionId?: string): number {
        if (sessionId !== undefined) return this.calls.get(sessionId)?.pending.length ?? 0;
        let n = 0;
        for (const s of this.calls.values()) n += s.pending.length;
        return n;
    }

    private flush(sessionId: string): void {
        const s = this.calls.get(sessionId);
        if (!s || s.caseId === null || s.sending || s.pending.length === 0) return;
        const event = s.pending[0]!;
        s.sending = true;
        const caseId = s.caseId;
        void this.deps
            .post({ ...event, caseId })
            .then(
                (r) => r.status,
                () => 0,
            )
            .then((status) => {
                s.sending = false;
                const retry = status === 0 || status === 408 || status === 429 || status >= 500;
                if (!retry) {
                    s.pending.shift();
                    s.attempt = 0;
                    if (status >= 400) this.deps.onDropped?.(event, status);
                    this.flush(sessionId);
                    return;
                }
                const base = this.deps.baseDelayMs ?? 1_000;
                const delay = Math.min(this.deps.maxDelayMs ?? 30_000, base * 2 ** s.attempt);
                s.attempt += 1;
                s.sending = true;
                this.deps.setTimer(() => {
                    s.sending = false;
                    this.flush(sessionId);
                }, delay);
            });
    }
}
