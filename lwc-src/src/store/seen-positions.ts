/** How many conversations' positions are kept (oldest dropped first). */
export const SEEN_LIMIT = 500;
const KEY_PREFIX = 'tim-bar.seen.';

/**
 * The highest message seq the agent has seen per conversation, so that messages a customer sent before the agent
 * joined (which the chat service never counts as unread for them) stop counting once the agent opened the
 * conversation, also after the widget reloads. Kept in `localStorage` when the browser allows it (per agent), else
 * for the page's lifetime.
 */
export class SeenPositions {
    private readonly seqs = new Map<string, number>();

    private constructor(
        private readonly storage: Storage | null,
        private readonly key: string,
    ) {
        if (!storage) return;
        try {
            const parsed: unknown = JSON.parse(storage.getItem(key) ?? '{}');
            if (typeof parsed === 'object' && parsed !== null)
                for (const [groupId, seq] of Object.entries(parsed as Record<string, unknown>))
                    if (typeof seq === 'number' && Number.isInteger(seq) && seq > 0) this.seqs.set(groupId, seq);
        } catch {
            // unreadable: start empty
        }
    }

    /** In memory only. */
    static memory(): SeenPositions {
        return new SeenPositions(null, '');
    }

    /** For one agent, in `storage` (default: the page's localStorage, when it may be used). */
    static forUser(userId: string, storage: Storage | null = pageStorage()): SeenPositions {
        return new SeenPositions(storage, KEY_PREFIX + userId);
    }

    get(groupId: string): number {
        return this.seqs.get(groupId) ?? 0;
    }

    set(groupId: string, seq: number): void {
        if (seq <= this.get(groupId)) return;
        this.seqs.delete(groupId);
        this.seqs.set(groupId, seq);
        while (this.seqs.size > SEEN_LIMIT) {
            const oldest = this.seqs.keys().next().value;
            if (oldest === undefined) break;
            this.seqs.delete(oldest);
        }
        try {
            this.storage?.setItem(this.key, JSON.stringify(Object.fromEntries(this.seqs)));
        } catch {
            // quota or denied: keep it in memory
        }
    }
}

function pageStorage(): Storage | null {
    try {
        return globalThis.localStorage ?? null;
    } catch {
        return null;
    }
}
