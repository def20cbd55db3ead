import { TYPING_EXPIRY_MS } from '../chat/typing-signal';

interface Typist {
    from: string;
    nick: string;
    until: number;
}

/** Who else is typing in which conversation; an entry lapses TYPING_EXPIRY_MS after its last signal. */
export class TypingState {
    private readonly byGroup = new Map<string, Typist>();

    /** Returns true when what is shown changes. */
    apply(groupId: string, from: string, nick: string, typing: boolean, now: number): boolean {
        const before = this.byGroup.get(groupId);
        if (!typing) {
            if (!before || before.from !== from) return false;
            this.byGroup.delete(groupId);
            return true;
        }
        this.byGroup.set(groupId, { from, nick, until: now + TYPING_EXPIRY_MS });
        return !before || before.from !== from || before.nick !== nick;
    }

    /** Drops lapsed entries; returns true when something was dropped. */
    expire(now: number): boolean {
        let dropped = false;
        for (const [groupId, t] of this.byGroup)
            if (t.until <= now) {
                this.byGroup.delete(groupId);
                dropped = true;
            }
        return dropped;
    }

    /** The typist in a conversation (a message from them ends it: `clear`). */
    who(groupId: string, now: number): { from: string; nick: string } | null {
        const t = this.byGroup.get(groupId);
        return t && t.until > now ? t : null;
    }

    clear(groupId: string, from?: string): boolean {
        const t = this.byGroup.get(groupId);
        if (!t || (from !== undefined && t.from !== from)) return false;
        this.byGroup.delete(groupId);
        return true;
    }

    reset(): void {
        this.byGroup.clear();
    }
}
