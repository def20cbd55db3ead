/**
 * Agents' display names (Tencent `Nick`), so the customer's chat shows "Agent A" rather than a Salesforce id.
 *
 * Work is done only when needed and is bounded:
 *  - a bounded LRU remembers the Nick the relay last set or saw per agent, so a steady-state sync makes no calls;
 *  - a new member with a name is imported with that Nick (account_import, one call per new agent, ≤ 20 per group),
 *    unless the cache already says the account has that Nick;
 *  - existing members whose Nick is unknown (cold cache, e.g. after a restart) are read with portrait_get
 *    (≤ 100 per call) and only those that differ are set with portrait_set (one call each).
 * Agent accounts (Salesforce User ids) belong to the relay, so setting their profile overwrites nobody's data.
 */
import { nickFor, type TencentAccounts } from './accounts.js';

export const AGENT_NICK_CACHE_SIZE = 10_000;

export class AgentNicks {
    private readonly known = new Map<string, string>();

    constructor(
        private readonly accounts: TencentAccounts,
        private readonly maxEntries = AGENT_NICK_CACHE_SIZE,
    ) {}

    /** Records the Nick an account now has (LRU: most recent last). */
    remember(userId: string, name: string): void {
        this.put(userId, nickFor(name));
    }

    private put(userId: string, nick: string): void {
        this.known.delete(userId);
        this.known.set(userId, nick);
        if (this.known.size > this.maxEntries) {
            const oldest = this.known.keys().next().value;
            if (oldest !== undefined) this.known.delete(oldest);
        }
    }

    /** True when the relay knows the account exists with exactly this Nick. */
    has(userId: string, name: string): boolean {
        return this.known.get(userId) === nickFor(name);
    }

    forget(userId: string): void {
        this.known.delete(userId);
    }

    /** Forgets everything (tests reset the fake between cases). */
    clear(): void {
        this.known.clear();
    }

    /** Imports new agents with their Nick (skipped when the cache already knows it). */
    async importNew(agents: readonly { userId: string; name: string }[]): Promise<void> {
        for (const a of agents) {
            if (this.has(a.userId, a.name)) continue;
            await this.accounts.importOne(a.userId, a.name);
            this.remember(a.userId, a.name);
        }
    }

    /** Makes existing accounts' Nicks match; returns the ids whose Nick was changed. */
    async reconcile(agents: readonly { userId: string; name: string }[]): Promise<string[]> {
        const wanted = new Map<string, string>();
        for (const a of agents) if (a.name.trim() && !this.has(a.userId, a.name)) wanted.set(a.userId, nickFor(a.name));
        if (wanted.size === 0) return [];
        const unknown = [...wanted.keys()].filter((id) => !this.known.has(id));
        if (unknown.length > 0) {
            for (const [id, nick] of await this.accounts.getNicks(unknown)) this.put(id, nick);
        }
        const changed: string[] = [];
        for (const [id, nick] of wanted) {
            if (this.known.get(id) === nick) continue;
            await this.accounts.setNick(id, nick);
            this.put(id, nick);
            changed.push(id);
        }
        return changed;
    }
}
