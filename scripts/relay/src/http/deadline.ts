/**
 * A request's deadline: the time by which its answer must be on the wire, set below the caller's own timeout (an Apex
 * callout waits at most 120 s). Work that has not started when the deadline is near is not started; each unfinished
 * item is answered as a retryable per-item error (`DEADLINE_EXCEEDED`), so the caller retries only what is left.
 */

import { AsyncLocalStorage } from 'node:async_hooks';

export const DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED';

export class Deadline {
    private readonly endsAt: number;
    private readonly controller = new AbortController();
    private readonly timer: NodeJS.Timeout;
    private stopped = false;

    constructor(
        readonly budgetMs: number,
        private readonly now: () => number = Date.now,
    ) {
        this.endsAt = now() + budgetMs;
        this.timer = setTimeout(() => this.controller.abort(new DeadlineExceededError()), budgetMs);
        this.timer.unref();
    }

    /** Aborted when the deadline passes: hand it to upstream calls so they stop waiting. */
    get signal(): AbortSignal {
        return this.controller.signal;
    }

    /** Time kept back at the end of the budget to write the answer: no new step starts inside it. */
    get answerReserveMs(): number {
        return Math.min(2_000, Math.floor(this.budgetMs / 10));
    }

    remainingMs(): number {
        if (this.stopped) return 0;
        return Math.max(0, this.endsAt - this.now());
    }

    /**
     * Once the answer is written, work still running for this request must not start anything new (a retry of the
     * same items may already be under way): every later check fails. In-flight calls are left to finish.
     */
    stopNewWork(): void {
        this.stopped = true;
    }

    /** True when less than `reserveMs` (default: the answer reserve) is left: not enough to start another step and still answer in time. */
    nearlyExpired(reserveMs = this.answerReserveMs): boolean {
        return this.remainingMs() <= reserveMs;
    }

    /** Throws DeadlineExceededError when less than `reserveMs` (default: the answer reserve) is left. */
    check(reserveMs = this.answerReserveMs): void {
        if (this.nearlyExpired(reserveMs)) throw new DeadlineExceededError();
    }

    /** Stops the timer once the request is answered. */
    dispose(): void {
        clearTimeout(this.timer);
    }
}

export class DeadlineExceededError extends Error {
    override readonly name = 'DeadlineExceededError';
    readonly code = DEADLINE_EXCEEDED;
    readonly retryable = true;
    constructor() {
        super('the request deadline passed before this item was done; retry it');
    }
}

/** The deadline of the request being served, visible to the upstream clients without threading it through every call. */
const deadlineScope = new AsyncLocalStorage<Deadline>();

/** Runs `fn` (and everything it starts) under `deadline`. */
export function runWithDeadline<T>(deadline: Deadline, fn: () => T): T {
    return deadlineScope.run(deadline, fn);
}

/** The current request's deadline, or undefined outside a request (start-up, background work). */
export function currentDeadline(): Deadline | undefined {
    return deadlineScope.getStore();
}

/** Resolves when less than `reserveMs` is left (at once when that is already so). */
export function whenNearlyExpired(deadline: Deadline, reserveMs: number): Promise<void> {
    return new Promise((resolve) => {
        const wait = deadline.remainingMs() - reserveMs;
        if (wait <= 0) return resolve();
        setTimeout(resolve, wait).unref();
    });
}
