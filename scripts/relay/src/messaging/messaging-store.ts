/**
 * What the Messaging mode must remember across events, restarts and replicas: the Pub/Sub replay position, the
 * consumer lease (exactly one replica reads the stream), delivered-event marks (a redelivery is never shown twice),
 * each customer's conversation identifier, the agent entries a customer has not read yet, and callback fingerprints.
 * Two implementations: Redis (shared by replicas) and local (memory + a replay file; one replica only).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Redis } from 'ioredis';
import type { ReplayGuard } from '../tencent/callback-auth.js';
import { MemoryReplayGuard } from '../tencent/callback-auth.js';

export interface MessagingStore extends ReplayGuard {
    /** redis (shared), file (replay id on disk, one replica), memory (no file configured: sandbox, callbacks only) */
    readonly kind: 'redis' | 'file' | 'memory';
    loadReplayId(): Promise<string | null>;
    saveReplayId(hex: string): Promise<void>;
    /** acquires the consumer lease, or renews it when `owner` holds it; false when another owner holds it */
    holdLease(owner: string, ttlMs: number): Promise<boolean>;
    releaseLease(owner: string): Promise<void>;
    isDelivered(eventKey: string): Promise<boolean>;
    markDelivered(eventKey: string): Promise<void>;
    conversationOf(customer: string): Promise<string | null>;
    rememberConversation(customer: string, conversationIdentifier: string): Promise<void>;
    /** an agent entry delivered to the customer (for read receipts later) */
    addUnreadAgentEntry(customer: string, entryId: string, atMs: number): Promise<void>;
    /** the agent entries delivered at or before `atMs`, removed from the unread set */
    takeAgentEntriesReadBy(customer: string, atMs: number): Promise<string[]>;
    close(): Promise<void>;
}

/** Delivered marks outlive the platform's 72-hour event retention. */
export const DELIVERED_TTL_MS = 80 * 60 * 60 * 1000;

export class LocalMessagingStore extends MemoryReplayGuard implements MessagingStore {
    private readonly delivered = new Map<string, number>();
    private readonly conversations = new Map<string, string>();
    private readonly unread = new Map<string, Array<{ entryId: string; atMs: number }>>();
    private writing: Promise<void> = Promise.resolve();
    private memoryReplayId: string | null = null;

    get kind(): 'file' | 'memory' {
        return this.replayFile === '' ? 'memory' : 'file';
    }

    constructor(
        private readonly replayFile: string,
        private readonly clock: () => number = Date.now,
    ) {
        super(clock);
    }

    async loadReplayId(): Promise<string | null> {
        if (this.replayFile === '') return this.memoryReplayId;
        try {
            const text = (await readFile(this.replayFile, 'utf8')).trim();
            return /^[0-9a-f]{2,128}$/.test(text) ? text : null;
        } catch {
            return null;
        }
    }

    saveReplayId(hex: string): Promise<void> {
        if (this.replayFile === '') {
            this.memoryReplayId = hex; // no file configured (sandbox): kept for this process only
            return Promise.resolve();
        }
        // Write-then-rename so a crash never leaves a torn file; writes are serialised in order.
        this.writing = this.writing.then(async () => {
            await mkdir(dirname(this.replayFile), { recursive: true });
            const tmp = `${this.replayFile}.tmp`;
            await writeFile(tmp, `${hex}\n`, 'utf8');
            await rename(tmp, this.replayFile);
        });
        return this.writing;
    }

    async holdLease(): Promise<boolean> {
        return true;
    }

    async releaseLease(): Promise<void> {}

    async isDelivered(eventKey: string): Promise<boolean> {
        const until = this.delivered.get(eventKey);
        return until !== undefined && until > this.clock();
    }

    async markDelivered(eventKey: string): Promise<void> {
        if (this.delivered.size > 50_000) {
            const now = this.clock();
            for (const [k, until] of this.delivered) if (until <= now) this.delivered.delete(k);
        }
        this.delivered.set(eventKey, this.clock() + DELIVERED_TTL_MS);
    }

    async conversationOf(customer: string): Promise<string | null> {
        return this.conversations.get(customer) ?? null;
    }

    async rememberConversation(customer: string, conversationIdentifier: string): Promise<void> {
        this.conversations.set(customer, conversationIdentifier);
    }

    async addUnreadAgentEntry(customer: string, entryId: string, atMs: number): Promise<void> {
        const list = this.unread.get(customer) ?? [];
        list.push({ entryId, atMs });
        this.unread.set(customer, list.slice(-200));
    }

    async takeAgentEntriesReadBy(customer: string, atMs: number): Promise<string[]> {
        const list = this.unread.get(customer) ?? [];
        const read = list.filter((e) => e.atMs <= atMs);
        this.unread.set(
            customer,
            list.filter((e) => e.atMs > atMs),
        );
        return read.map((e) => e.entryId);
    }

    async close(): Promise<void> {
        await this.writing;
    }
}

const RENEW_LEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_LEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class RedisMessagingStore implements MessagingStore {
    readonly kind = 'redis' as const;

    constructor(
        private readonly redis: Redis,
        /** e.g. tim:messaging:<orgId>:<channelAddressId>: */
        private readonly prefix: string,
    ) {}

    private key(...parts: string[]): string {
        return `${this.prefix}${parts.join(':')}`;
    }

    async firstSeen(key: string, ttlMs: number): Promise<boolean> {
        return (await this.redis.set(this.key('seen', key), '1', 'PX', ttlMs, 'NX')) === 'OK';
    }

    async loadReplayId(): Promise<string | null> {
        return this.redis.get(this.key('replay'));
    }

    async saveReplayId(hex: string): Promise<void> {
        await this.redis.set(this.key('replay'), hex);
    }

    async holdLease(owner: string, ttlMs: number): Promise<boolean> {
        const key = this.key('lease');
        if ((await this.redis.set(key, owner, 'PX', ttlMs, 'NX')) === 'OK') return true;
        return (await this.redis.eval(RENEW_LEASE, 1, key, owner, String(ttlMs))) === 1;
    }

    async releaseLease(owner: string): Promise<void> {
        await this.redis.eval(RELEASE_LEASE, 1, this.key('lease'), owner);
    }

    async isDelivered(eventKey: string): Promise<boolean> {
        return (await this.redis.exists(this.key('delivered', eventKey))) === 1;
    }

    async markDelivered(eventKey: string): Promise<void> {
        await this.redis.set(this.key('delivered', eventKey), '1', 'PX', DELIVERED_TTL_MS);
    }

    async conversationOf(customer: string): Promise<string | null> {
        return this.redis.hget(this.key('conversations'), customer);
    }

    async rememberConversation(customer: string, conversationIdentifier: string): Promise<void> {
        await this.redis.hset(this.key('conversations'), customer, conversationIdentifier);
    }

    async addUnreadAgentEntry(customer: string, entryId: string, atMs: number): Promise<void> {
        const key = this.key('unread', customer);
        await this.redis
            .multi()
            .zadd(key, atMs, entryId)
            .zremrangebyrank(key, 0, -201)
            .pexpire(key, DELIVERED_TTL_MS)
            .exec();
    }

    async takeAgentEntriesReadBy(customer: string, atMs: number): Promise<string[]> {
        const key = this.key('unread', customer);
        const result = await this.redis
            .multi()
            .zrangebyscore(key, '-inf', atMs)
            .zremrangebyscore(key, '-inf', atMs)
            .exec();
        const first = result?.[0]?.[1];
        return Array.isArray(first) ? first.map(String) : [];
    }

    async close(): Promise<void> {
        await this.redis.quit().catch(() => undefined);
    }
}
