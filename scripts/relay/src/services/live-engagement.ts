/**
 * Live chat timings from Tencent's `Group.CallbackAfterSendMsg`. The receiver has already answered Tencent; here a
 * message only marks its group dirty, and a flush (at most every `flushMs`) recomputes the dirty groups' timings from
 * their history (the source of truth, so a lost, duplicated or out-of-order callback cannot skew the figures) and
 * writes what changed, batched: one Case query per 100 groups, one history read per group, one update per changed case.
 *
 * When Salesforce (or Tencent) fails, the dirty groups stay buffered and the flush is retried with backoff; the buffer
 * is kept in Redis when configured (`PendingGroups`), so a restart or another instance picks it up; otherwise in
 * memory, and the next case sync recomputes the same figures from history, so nothing is lost for good.
 */
import type { EngagementRecords } from '../salesforce/engagement-records.js';
import { changedFields, timingFields } from '../salesforce/engagement-records.js';
import type { EngagementRecorder } from './engagement-recorder.js';
import { newFirstResponse } from '../rules/engagement.js';
import type { CallbackBody } from '../tencent/callback-dispatcher.js';
import type { Log } from '../logger.js';

/** Tencent GroupId: printable ASCII, at most 48 bytes (custom ids; @TGS# ids are never chat cases). */
const GROUP_ID = /^[\x21-\x7e]{1,48}$/;
const MAX_BACKOFF_MS = 60_000;

/** The set of groups whose timings must be recomputed. */
export interface PendingGroups {
    add(groupIds: readonly string[]): Promise<void>;
    /** Takes (and removes) up to `max` group ids. */
    take(max: number): Promise<string[]>;
}

export class MemoryPendingGroups implements PendingGroups {
    private readonly ids = new Set<string>();
    add(groupIds: readonly string[]): Promise<void> {
        for (const id of groupIds) this.ids.add(id);
        return Promise.resolve();
    }
    take(max: number): Promise<string[]> {
        const out = [...this.ids].slice(0, max);
        for (const id of out) this.ids.delete(id);
        return Promise.resolve(out);
    }
}

/** The minimal Redis commands the buffer uses (ioredis). */
export interface SetCommands {
    sadd(key: string, ...members: string[]): Promise<number>;
    spop(key: string, count: number): Promise<string[]>;
}

export class RedisPendingGroups implements PendingGroups {
    constructor(
        private readonly redis: SetCommands,
        private readonly key = 'relay-engagement:pending-groups',
    ) {}
    async add(groupIds: readonly string[]): Promise<void> {
        if (groupIds.length > 0) await this.redis.sadd(this.key, ...groupIds);
    }
    take(max: number): Promise<string[]> {
        return this.redis.spop(this.key, max);
    }
}

export interface LiveEngagementOptions {
    adminIdentifier: string;
    flushMs: number;
    /** groups per flush */
    batch: number;
}

export class LiveEngagement {
    private timer: NodeJS.Timeout | null = null;
    private running: Promise<void> | null = null;
    private failures = 0;
    private stopped = false;

    constructor(
        private readonly records: EngagementRecords,
        private readonly recorder: EngagementRecorder,
        private pending: PendingGroups,
        private readonly log: Log,
        private readonly opts: LiveEngagementOptions,
    ) {}

    /** `Group.CallbackAfterSendMsg`: the group's figures changed (system and relay messages do not count). */
    async onGroupMessage(body: CallbackBody): Promise<void> {
        const groupId = body['GroupId'];
        const from = body['From_Account'];
        if (typeof groupId !== 'string' || !GROUP_ID.test(groupId) || groupId.startsWith('@TGS#')) return;
        if (typeof from !== 'string' || from === '' || from === this.opts.adminIdentifier) return;
        await this.pending.add([groupId]);
        this.schedule(this.opts.flushMs);
    }

    /** Resolves when nothing is scheduled or running (tests, shutdown). */
    async idle(): Promise<void> {
        while (this.timer || this.running) {
            if (this.running) await this.running;
            else await new Promise((r) => setTimeout(r, 10));
        }
    }

    /** Moves the buffer (e.g. to Redis once it is configured); what is buffered in memory moves along. */
    useBuffer(next: PendingGroups): void {
        const previous = this.pending;
        this.pending = next;
        void previous
            .take(Number.MAX_SAFE_INTEGER)
            .then((ids) => next.add(ids))
            .catch((err: unknown) => this.log.warn({ err }, 'engagement: could not move the buffer'));
    }

    stop(): void {
        this.stopped = true;
        if (this.timer) clearTimeout(this.timer);
        this.timer = null;
    }

    private schedule(delayMs: number): void {
        if (this.timer || this.stopped) return;
        this.timer = setTimeout(() => {
            this.timer = null;
            this.running = this.flush().finally(() => (this.running = null));
        }, delayMs);
        this.timer.unref();
    }

    /** One batch: recompute and write; on failure the groups go back to the buffer and the flush backs off. */
    async flush(): Promise<void> {
        const groupIds = await this.pending.take(this.opts.batch).catch((err: unknown) => {
            this.log.warn({ err }, 'engagement: could not read the buffered groups');
            return [] as string[];
        });
        if (groupIds.length === 0) return;
        try {
            await this.write(groupIds);
            this.failures = 0;
            this.schedule(this.opts.flushMs); // more may be buffered
        } catch (err) {
            this.failures += 1;
            await this.pending.add(groupIds).catch(() => undefined);
            const backoff = Math.min(MAX_BACKOFF_MS, this.opts.flushMs * 2 ** this.failures);
            this.log.warn(
                { err, groups: groupIds.length, retryInMs: backoff },
                'engagement: live update failed; buffered for retry (the next case sync also recomputes)',
            );
            this.schedule(backoff);
        }
    }

    private async write(groupIds: readonly string[]): Promise<void> {
        const cases = await this.records.casesByGroup(groupIds);
        const logged = await this.records.logged(cases.map((c) => c.caseId));
        const computed = [];
        for (const c of cases) {
            const timings = await this.recorder.timings(c.groupId, c.customerId);
            if (timings) computed.push({ c, timings });
        }
        const responders = computed.flatMap(({ c, timings }) =>
            timings.firstResponderId && !logged.get(c.caseId)?.some((e) => e.type === 'First Response')
                ? [timings.firstResponderId]
                : [],
        );
        const names = responders.length > 0 ? await this.records.userNames(responders) : new Map<string, string>();
        for (const { c, timings } of computed) {
            await this.records.updateCase(c.caseId, changedFields(timingFields(timings), c.chatFields));
            const first = newFirstResponse(c.caseId, timings, logged.get(c.caseId) ?? [], names);
            if (first) await this.records.write(c.caseId, first);
        }
    }
}
