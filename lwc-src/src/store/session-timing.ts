/** When to ask for a new session: at 80% of its lifetime, at least 5 minutes before expiry, never before half of it. */
export const RENEW_FRACTION = 0.8;
export const RENEW_MARGIN_MS = 5 * 60_000;
export const MIN_FRACTION = 0.5;
/** Timers are re-armed at least this often so a sleeping laptop still renews on wake. */
export const MAX_TIMER_STEP_MS = 60_000;

export function renewalTime(receivedAt: number, expiresAt: number): number {
    const lifetime = expiresAt - receivedAt;
    if (lifetime <= 0) return receivedAt;
    const preferred = Math.min(receivedAt + lifetime * RENEW_FRACTION, expiresAt - RENEW_MARGIN_MS);
    return Math.floor(Math.max(preferred, receivedAt + lifetime * MIN_FRACTION));
}

export interface Clock {
    now(): number;
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Calls `onDue("expiring")` at the renewal time, or `onDue("expired")` when the expiry already passed. */
export class SessionRenewalTimer {
    private handle: unknown = null;

    constructor(private readonly clock: Clock) {}

    schedule(receivedAt: number, expiresAt: number, onDue: (reason: 'expiring' | 'expired') => void): void {
        this.cancel();
        const renewAt = renewalTime(receivedAt, expiresAt);
        const tick = (): void => {
            const now = this.clock.now();
            if (now >= expiresAt) {
                this.handle = null;
                onDue('expired');
            } else if (now >= renewAt) {
                this.handle = null;
                onDue('expiring');
            } else {
                this.handle = this.clock.setTimeout(tick, Math.min(renewAt - now, MAX_TIMER_STEP_MS));
            }
        };
        tick();
    }

    cancel(): void {
        if (this.handle !== null) this.clock.clearTimeout(this.handle);
        this.handle = null;
    }
}
