/**
 * Applies desired group states (level-triggered): per group, reconcile members, mute state, existence.
 * Each group succeeds or fails on its own; the whole batch runs with bounded concurrency.
 */
import type { ChatGroups } from '../tencent/chat-groups.js';
import type { TencentAccounts } from '../tencent/accounts.js';
import type { AgentNicks } from '../tencent/agent-nicks.js';
import { MINTED_CUSTOMER_PREFIX } from '../validation/fields.js';
import { caseGroupProfile, type CaseGroupFacts } from '../tencent/case-group-profile.js';
import type { CaseGroupDetails } from '../salesforce/cases.js';
import { looksLikeUserId } from '../validation/salesforce-id.js';
import { toAppError } from '../http/upstream-errors.js';
import type { ErrorBody } from '../http/app-error.js';
import type { Log } from '../logger.js';
import { DEADLINE_EXCEEDED, DeadlineExceededError, whenNearlyExpired, type Deadline } from '../http/deadline.js';

export type DesiredState = 'open' | 'muted' | 'dismissed';

export interface DesiredGroup {
    groupId: string;
    customerId: string;
    customerName?: string;
    agents: { userId: string; name?: string }[];
    state: DesiredState;
    /** Known from the caller (case sync): a recreated group's profile then needs no Case read. */
    caseDetails?: CaseGroupDetails;
}

export type GroupSyncError = ErrorBody['error'];

export type GroupSyncResult =
    | { groupId: string; ok: true; state: DesiredState; added: string[]; removed: string[]; recreated: boolean }
    | { groupId: string; ok: false; state?: string; error: GroupSyncError };

/** One entry of a sync request: a group to apply, or one that failed validation (answered as-is). */
export type SyncItem = { desired: DesiredGroup } | { invalid: GroupSyncResult & { ok: false } };

/** Reads the Case behind a group (group id = Case id) for the profile of a recreated group. */
export interface CaseGroupDetailsReader {
    findCaseGroupDetails(caseId: string): Promise<CaseGroupDetails | null>;
}

export async function mapWithConcurrency<T, R>(
    items: readonly T[],
    limit: number,
    fn: (item: T) => Promise<R>,
): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i] as T);
        }
    });
    await Promise.all(workers);
    return results;
}

export class GroupSyncService {
    constructor(
        private readonly groups: ChatGroups,
        private readonly accounts: TencentAccounts,
        private readonly cases: CaseGroupDetailsReader,
        private readonly log: Log,
        private readonly concurrency = 5,
        private readonly nicks?: AgentNicks,
    ) {}

    /**
     * Applies each valid group (5 at a time); invalid ones keep their validation failure. Results keep request order.
     * With a deadline, the answer is ready before it: a group not started, or not finished, when little time is left
     * is answered `DEADLINE_EXCEEDED` (retryable; its work is level-triggered, so a retry finishes it).
     */
    async syncAll(
        items: readonly (SyncItem | DesiredGroup)[],
        deadline?: Deadline,
    ): Promise<{ results: GroupSyncResult[]; failed: number }> {
        const normalized: SyncItem[] = items.map((i) => ('desired' in i || 'invalid' in i ? i : { desired: i }));
        // Time kept back to write the answer.
        const reserveMs = deadline?.answerReserveMs ?? 0;
        const answerBy = deadline ? whenNearlyExpired(deadline, reserveMs) : null;
        const unfinished = (g: DesiredGroup): GroupSyncResult => {
            const error = new DeadlineExceededError();
            return {
                groupId: g.groupId,
                ok: false,
                state: g.state,
                error: { code: error.code, message: error.message },
            };
        };
        const results = await mapWithConcurrency(normalized, this.concurrency, async (item) => {
            if ('invalid' in item) return item.invalid;
            if (!deadline || !answerBy) return this.syncOneSafe(item.desired);
            if (deadline.nearlyExpired(reserveMs)) return unfinished(item.desired);
            return Promise.race([this.syncOneSafe(item.desired), answerBy.then(() => unfinished(item.desired))]);
        });
        const timedOut = results.filter((r) => !r.ok && r.error.code === DEADLINE_EXCEEDED).length;
        if (timedOut > 0)
            this.log.warn({ groups: timedOut }, 'sync deadline reached: unfinished groups answered as retryable');
        if (!deadline?.nearlyExpired(reserveMs)) await this.reconcileAgentNicks(normalized, results);
        return { results, failed: results.filter((r) => !r.ok).length };
    }

    /**
     * Display names of agents that already were members (new members got theirs when imported): one pass for the
     * whole request, deduplicated by agent. Cosmetic, so a failure is logged and retried by the next sync, and never
     * fails a group.
     */
    private async reconcileAgentNicks(items: readonly SyncItem[], results: readonly GroupSyncResult[]): Promise<void> {
        if (!this.nicks) return;
        const wanted = new Map<string, string>();
        items.forEach((item, i) => {
            const r = results[i];
            if (!('desired' in item) || !r?.ok || item.desired.state === 'dismissed') return;
            for (const a of item.desired.agents) if (a.name?.trim()) wanted.set(a.userId, a.name);
        });
        if (wanted.size === 0) return;
        try {
            const changed = await this.nicks.reconcile([...wanted].map(([userId, name]) => ({ userId, name })));
            if (changed.length > 0) this.log.info({ agents: changed.length }, 'agent display names updated');
        } catch (err) {
            const appError = toAppError(err);
            this.log.warn(
                { code: appError.code, upstreamCode: appError.extra.upstreamCode },
                'could not update agent display names; the next sync retries',
            );
        }
    }

    private async syncOneSafe(g: DesiredGroup): Promise<GroupSyncResult> {
        try {
            return await this.syncOne(g);
        } catch (err) {
            const appError = toAppError(err);
            this.log.warn(
                { groupId: g.groupId, code: appError.code, upstreamCode: appError.extra.upstreamCode },
                'group sync failed',
            );
            return { groupId: g.groupId, ok: false, state: g.state, error: appError.toBody().error };
        }
    }

    async syncOne(g: DesiredGroup): Promise<GroupSyncResult> {
        const base = {
            groupId: g.groupId,
            ok: true as const,
            state: g.state,
            added: [] as string[],
            removed: [] as string[],
            recreated: false,
        };
        if (g.state === 'dismissed') {
            await this.groups.destroy(g.groupId);
            return base;
        }

        const agentIds = [...new Set(g.agents.map((a) => a.userId))];
        const named = (ids: Iterable<string>) => {
            const set = new Set(ids);
            return g.agents.filter((a): a is { userId: string; name: string } => set.has(a.userId) && !!a.name?.trim());
        };
        // Group info and member list in parallel: one upstream round trip instead of two for the common case (the
        // member list of a missing group fails with 10010 and is then ignored).
        const [info, memberList] = await Promise.all([
            this.groups.getInfo(g.groupId),
            this.groups.listMembers(g.groupId).then(
                (ids) => ({ ids }),
                (error: unknown) => ({ error }),
            ),
        ]);
        if (!info.exists) {
            // A missing group is recreated only when the conversation should be open (e.g. a reopened case).
            if (g.state !== 'open') return base;
            const facts = await this.recreatedGroupFacts(g);
            // Minted customer ids are the relay's own; any other id is imported (with a Nick) only if it does not exist.
            if (g.customerId.startsWith(MINTED_CUSTOMER_PREFIX))
                await this.accounts.importOne(g.customerId, facts.customerName);
            else await this.accounts.importIfMissing(g.customerId, facts.customerName);
            const withName = named(agentIds);
            if (this.nicks && withName.length > 0) await this.nicks.importNew(withName);
            const withoutName = agentIds.filter((id) => !this.nicks || !withName.some((a) => a.userId === id));
            if (withoutName.length > 0) await this.accounts.importMany(withoutName);
            await this.groups.create(g.groupId, caseGroupProfile(facts), g.customerId, agentIds);
            return { ...base, added: agentIds, recreated: true };
        }

        if ('error' in memberList) throw memberList.error;
        const members = new Set(memberList.ids);
        const wanted = new Set(agentIds);
        const toAdd = [g.customerId, ...agentIds].filter((id) => !members.has(id));
        const protectedIds = this.groups.protectedMembers(g.customerId);
        // Only members that are Salesforce User ids (agents) are ever removed: never the customer, the admin,
        // the owner, or any other account someone else added on purpose (bots, supervisors by another id scheme).
        const toRemove = [...members].filter((m) => looksLikeUserId(m) && !wanted.has(m) && !protectedIds.has(m));

        let added: string[] = [];
        // New members with a name are imported with it first (Nick), so the customer sees who joined.
        const newNamed = named(toAdd);
        if (this.nicks && newNamed.length > 0) await this.nicks.importNew(newNamed);
        if (toAdd.length > 0) added = (await this.groups.addMembers(g.groupId, toAdd)).added;
        if (toRemove.length > 0) await this.groups.deleteMembers(g.groupId, toRemove);

        const wantMute = g.state === 'muted' ? 'On' : 'Off';
        if (info.muteAllMember !== wantMute) await this.groups.setMuteAll(g.groupId, wantMute === 'On');
        return { ...base, added, removed: toRemove };
    }

    /**
     * Case number, subject and customer name for a recreated group, read from the Case. When that read fails (or
     * finds no Case) the group is still recreated with what the request has (customer name, ids), and a warning is
     * logged: a conversation without a subject is better than no conversation.
     */
    private async recreatedGroupFacts(g: DesiredGroup): Promise<CaseGroupFacts> {
        const facts: CaseGroupFacts = { groupId: g.groupId, customerId: g.customerId };
        if (g.customerName) facts.customerName = g.customerName;
        if (g.caseDetails)
            return {
                ...facts,
                caseNumber: g.caseDetails.caseNumber,
                subject: g.caseDetails.subject,
                customerName: g.caseDetails.customerName || g.customerName || '',
            };
        try {
            const details = await this.cases.findCaseGroupDetails(g.groupId);
            if (!details) {
                this.log.warn(
                    { groupId: g.groupId },
                    'no Case found for the recreated group; it gets no case number or subject',
                );
                return facts;
            }
            return {
                ...facts,
                caseNumber: details.caseNumber,
                subject: details.subject,
                customerName: details.customerName || g.customerName || '',
            };
        } catch (err) {
            const appError = toAppError(err);
            this.log.warn(
                { groupId: g.groupId, code: appError.code },
                'could not read the Case for the recreated group; recreating it without case number or subject',
            );
            return facts;
        }
    }
}
