import type { ChatClient } from '../chat/chat-client';
import type { TypingSignal } from '../chat/chat-types';
import { TYPING_EXPIRY_MS, TYPING_IDLE_MS, TypingThrottle } from '../chat/typing-signal';
import type { Logger } from '../logger';
import type { ChatStore } from '../store/chat-store';
import type { Clock } from '../store/session-timing';

/**
 * Typing indicators both ways. Out: the agent's keystrokes in a conversation become at most one "typing" signal per
 * TYPING_RESEND_MS and a "stopped" one after TYPING_IDLE_MS without a keystroke (a sent message ends it by itself).
 * In: the customer's signals show "<name> is typing…" until "stopped", their next message, or TYPING_EXPIRY_MS.
 */
export class TypingSignals {
    private readonly throttles = new Map<string, TypingThrottle>();
    private readonly idleTimers = new Map<string, unknown>();
    private readonly expiryTimers = new Set<unknown>();

    constructor(
        private readonly clock: Clock,
        private readonly store: ChatStore,
        private readonly client: () => ChatClient | null,
        private readonly logger: Logger,
    ) {}

    /** The agent typed in the composer of `groupId`. */
    input(groupId: string): void {
        let throttle = this.throttles.get(groupId);
        if (!throttle) this.throttles.set(groupId, (throttle = new TypingThrottle()));
        if (throttle.input(this.clock.now())) this.signal(groupId, true);
        this.clearIdle(groupId);
        this.idleTimers.set(
            groupId,
            this.clock.setTimeout(() => this.stop(groupId), TYPING_IDLE_MS),
        );
    }

    /** The agent stopped typing (idle, or left the conversation). */
    stop(groupId: string): void {
        this.clearIdle(groupId);
        if (this.throttles.get(groupId)?.stop()) this.signal(groupId, false);
    }

    /** The agent sent a message: on the other side the message itself ends "is typing". */
    sent(groupId: string): void {
        this.clearIdle(groupId);
        this.throttles.get(groupId)?.stop();
    }

    /** A signal from someone else in a conversation. */
    received(signal: TypingSignal): void {
        this.store.setTyping(signal, this.clock.now());
        if (!signal.typing) return;
        const timer = this.clock.setTimeout(() => {
            this.expiryTimers.delete(timer);
            this.store.expireTyping(this.clock.now());
        }, TYPING_EXPIRY_MS + 50);
        this.expiryTimers.add(timer);
    }

    dispose(): void {
        for (const t of this.idleTimers.values()) this.clock.clearTimeout(t);
        for (const t of this.expiryTimers) this.clock.clearTimeout(t);
        this.idleTimers.clear();
        this.expiryTimers.clear();
        this.throttles.clear();
    }

    private clearIdle(groupId: string): void {
        const t = this.idleTimers.get(groupId);
        if (t !== undefined) this.clock.clearTimeout(t);
        this.idleTimers.delete(groupId);
    }

    private signal(groupId: string, typing: boolean): void {
        this.client()
            ?.sendTyping(groupId, typing)
            .catch((e: unknown) => this.logger.warn('tim-bar: typing signal not sent', String(e)));
    }
}
