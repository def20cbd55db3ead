/**
 * The typing signal both sides send as an online-only custom message (`sendMessage(msg, {onlineUserOnly: true})`:
 * delivered to members online now, never stored, counted or paged). The payload follows the shape Tencent's own
 * TUIKit uses (`businessID: "user_typing_status"`), so other Tencent clients understand it too.
 */
export const TYPING_BUSINESS_ID = 'user_typing_status';
/** At most one "typing" signal per this many ms while the user keeps typing. */
export const TYPING_RESEND_MS = 3_000;
/** Without a new signal, "is typing" is dropped after this many ms (a lost "stopped" never sticks). */
export const TYPING_EXPIRY_MS = 5_000;
/** Idle this long after the last keystroke: send "stopped". */
export const TYPING_IDLE_MS = 4_000;

export function encodeTyping(typing: boolean): string {
    return JSON.stringify({ businessID: TYPING_BUSINESS_ID, typingStatus: typing ? 1 : 0, version: 1 });
}

/** true / false for a typing signal; null when `data` is anything else (then it is an ordinary custom message). */
export function decodeTyping(data: unknown): boolean | null {
    if (typeof data !== 'string' || data.length > 512 || !data.includes(TYPING_BUSINESS_ID)) return null;
    try {
        const o: unknown = JSON.parse(data);
        if (typeof o !== 'object' || o === null) return null;
        const r = o as Record<string, unknown>;
        if (r.businessID !== TYPING_BUSINESS_ID) return null;
        return r.typingStatus === 1;
    } catch {
        return null;
    }
}

/**
 * When to send typing signals for one conversation: `input()` on every keystroke returns true when a "typing" signal
 * is due (the first keystroke, then at most one per TYPING_RESEND_MS); `stop()` returns true when a "stopped" signal
 * is due (after a "typing" one). The caller owns the idle timer (TYPING_IDLE_MS → stop()).
 */
export class TypingThrottle {
    private lastSent = -Infinity;
    private active = false;

    input(now: number): boolean {
        if (this.active && now - this.lastSent < TYPING_RESEND_MS) return false;
        this.active = true;
        this.lastSent = now;
        return true;
    }

    stop(): boolean {
        if (!this.active) return false;
        this.active = false;
        this.lastSent = -Infinity;
        return true;
    }
}
