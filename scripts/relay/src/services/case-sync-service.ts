/**
 * `POST /v1/cases/sync`: Salesforce says which chat cases changed; the relay reads the current truth, decides each
 * group's desired state (rules/desired-group-state.ts), archives transcripts of closed cases, applies the state with
 * the group reconciliation, and answers per case in request order. Level-triggered and idempotent: a repeat, a
 * duplicate or an out-of-order request converges on the same state and writes no second transcript.
 *
 * Steps (Salesforce queries per request, not per case):
 *   1. read Cases (queryAll), Opened AgentWork, settings; then the owners/agents (User); plan each case;
 *   2. closed cases needing a transcript: TranscriptArchiver. A case whose archive fails keeps its group (never
 *      dismissed before its transcript is saved) and is answered with the archive's error;
 *   3. apply the desired states (GroupSyncService);
 *   4. recreated groups get the earlier conversation back (ConversationRestorer);
 *   5. the engagement record: new events and the timings from the group's history (EngagementRecorder; a failure
 *      there is logged and converges at the next sync, the case's answer is about its group).
 * Work not started when the deadline is near is answered `DEADLINE_EXCEEDED` (retryable).
 */
import type { CaseSyncReads, OpenedWork, Reads } from '../salesforce/case-sync-reads.js';
import type { EngagementRecorder } from './engagement-recorder.js';
import {
    planCase,
    type CaseFacts,
    type CasePlan,
    type DeletedHint,
    type PlannedGroup,
    type SyncSettings,
    type UserFacts,
} from '../rules/desired-group-state.js';
import type { GroupSyncService } from './group-sync-service.js';
import type { TranscriptArchiver } from './transcript-archiver.js';
import type { ConversationRestorer } from './conversation-restorer.js';
import { caseSyncError, isRetryableCode, type CaseSyncError } from './case-sync-error.js';
import { DeadlineExceededError, whenNearlyExpired, type Deadline } from '../http/deadline.js';
import type { Log } from '../logger.js';

export type { CaseSyncError } from './case-sync-error.js';
export type CaseState = 'open' | 'muted' | 'dismissed' | 'none';

export interface CaseSyncItem {
    caseId: string;
    deleted?: DeletedHint;
}

export type CaseSyncResult =
    | {
          caseId: string;
          ok: true;
          state: CaseState;
          added: string[];
          removed: string[];
          recreated: boolean;
          archived: boolean;
      }
    | { caseId: string; ok: false; error: CaseSyncError };

/** A request entry: a case to sync, or one that failed validation (answered as-is). */
export type CaseSyncEntry = { item: CaseSyncItem } | { invalid: CaseSyncResult & { ok: false } };

type Applied = { state: CaseState; added: string[]; removed: string[]; recreated: boolean };

/** Per-case working state through the steps. */
interface Work {
    caseId: string;
    facts: CaseFacts | null;
    plan?: CasePlan;
    error?: CaseSyncError;
    archived: boolean;
    applied?: Applied;
    opened: OpenedWork[];
    names: Map<string, string>;
    csatOnClose: boolean;
}

type ApplyWork = Work & { plan: Extract<CasePlan, { kind: 'apply' }> };

function readOf<T>(reads: Reads<T>, id: string): T {
    const r = reads.get(id);
    if (!r) throw new Error(`no read result for ${id}`);
    if (!r.ok) throw r.error;
    return r.value;
}

const toApply = (w: Work): w is ApplyWork => !w.error && w.plan?.kind === 'apply';

export class CaseSyncService {
    constructor(
        private readonly reads: CaseSyncReads,
        private readonly archiver: TranscriptArchiver,
        private readonly groupSync: GroupSyncService,
        private readonly restorer: ConversationRestorer,
        private readonly log: Log,
        private readonly engagement?: EngagementRecorder,
    ) {}

    async sync(
        entries: readonly CaseSyncEntry[],
        deadline: Deadline,
    ): Promise<{ results: CaseSyncResult[]; failed: number }> {
        const items = entries.flatMap((e) => ('item' in e ? [e.item] : []));
        const work = new Map<string, Work>();
        const run = async (): Promise<boolean> => {
            await this.plan(items, work);
            await this.archive([...work.values()], deadline);
            await this.apply([...work.values()], deadline);
            await this.recordEngagement([...work.values()], deadline);
            return true;
        };
        // The answer is written before the deadline whatever is still in flight: an upstream call that started just
        // before the last check must not push the answer past the caller's timeout. Work still running then goes on
        // in the background (every step is idempotent) and its cases are answered retryable.
        const running = run();
        // Once answered, a later failure of the background work is only logged (the caller already retries).
        running.catch((err: unknown) => this.log.warn({ err }, 'case sync: work after the answer failed'));
        const finished = await Promise.race([
            running,
            whenNearlyExpired(deadline, deadline.answerReserveMs).then(() => false),
        ]);
        if (!finished) deadline.stopNewWork();
        const unfinished = new DeadlineExceededError();
        const results = entries.map((e): CaseSyncResult => {
            if ('invalid' in e) return e.invalid;
            const w = work.get(e.item.caseId);
            if (!w || (!finished && !w.error))
                return {
                    caseId: e.item.caseId,
                    ok: false,
                    error: { code: unfinished.code, message: unfinished.message, retryable: true },
                };
            if (w.error) return { caseId: w.caseId, ok: false, error: w.error };
            const applied = w.applied ?? { state: 'none', added: [], removed: [], recreated: false };
            return { caseId: w.caseId, ok: true, ...applied, archived: w.archived };
        });
        const failed = results.filter((r) => !r.ok).length;
        if (failed > 0) this.log.warn({ cases: results.length, failed }, 'case sync: some cases failed');
        return { results, failed };
    }

    /** Step 1: the truth, read in a bounded number of queries, and a plan (or an error) per case. */
    private async plan(items: readonly CaseSyncItem[], work: Map<string, Work>): Promise<void> {
        if (items.length === 0) return;
        const ids = items.map((i) => i.caseId);
        const [cases, opened, settings] = await Promise.all([
            this.reads.cases(ids),
            this.reads.openedWork(ids),
            this.reads.settings().then(
                (value): { ok: true; value: SyncSettings } => ({ ok: true, value }),
                (error: unknown): { ok: false; error: unknown } => ({ ok: false, error }),
            ),
        ]);
        const userIds = new Set<string>();
        for (const id of ids) {
            const c = cases.get(id);
            if (c?.ok && c.value?.ownerId.startsWith('005')) userIds.add(c.value.ownerId);
            const o = opened.get(id);
            if (o?.ok) for (const u of o.value) userIds.add(u.userId);
        }
        const users = await this.reads.users([...userIds]);
        for (const item of items) {
            const w: Work = {
                caseId: item.caseId,
                facts: null,
                archived: false,
                opened: [],
                names: new Map(),
                csatOnClose: false,
            };
            work.set(item.caseId, w);
            try {
                if (!settings.ok) throw settings.error;
                w.csatOnClose = settings.value.csatOnClose;
                w.facts = readOf(cases, item.caseId);
                w.opened = readOf(opened, item.caseId);
                const openedIds = w.opened.map((o) => o.userId);
                const known = new Map<string, UserFacts>();
                const ownerId = w.facts?.ownerId;
                for (const id of [...(ownerId?.startsWith('005') ? [ownerId] : []), ...openedIds]) {
                    const u = readOf(users, id);
                    if (u) known.set(id, u);
                }
                for (const [id, u] of known) w.names.set(id, u.name);
                w.plan = planCase(w.facts ?? undefined, item.deleted, openedIds, known, settings.value);
                if (w.plan.kind === 'invalid')
                    w.error = { code: w.plan.code, message: w.plan.message, retryable: false };
            } catch (err) {
                w.error = caseSyncError(err);
            }
        }
    }

    /** Step 2: transcripts of closed cases, before their group is muted for good or dismissed. */
    private async archive(all: Work[], deadline: Deadline): Promise<void> {
        const todo = all.filter(toApply).filter((w) => w.plan.archive && w.facts);
        if (todo.length === 0) return;
        const outcomes = await this.archiver.archive(
            todo.map((w) => ({ facts: w.facts!, muteFirst: w.plan.group.state !== 'open' })),
            deadline,
        );
        for (const w of todo) {
            const o = outcomes.get(w.caseId);
            if (o?.ok) w.archived = true;
            else w.error = o?.error ?? { code: 'INTERNAL', message: 'the archive gave no outcome', retryable: true };
        }
    }

    /** Steps 3–4: desired states applied; recreated groups get the earlier conversation back. */
    private async apply(all: Work[], deadline: Deadline): Promise<void> {
        const todo = all.filter(toApply);
        if (todo.length === 0) return;
        const groups = todo.map((w) => withCaseDetails(w.plan.group, w.facts));
        const { results } = await this.groupSync.syncAll(groups, deadline);
        results.forEach((r, i) => {
            const w = todo[i]!;
            if (r.ok) w.applied = { state: r.state, added: r.added, removed: r.removed, recreated: r.recreated };
            else w.error = { ...r.error, retryable: isRetryableCode(r.error.code) };
        });
        const recreated = todo.filter((w) => w.applied?.recreated);
        const failed = await this.restorer.restore(
            recreated.map((w) => ({ caseId: w.caseId, groupId: w.plan.group.groupId })),
            deadline,
        );
        for (const w of recreated) {
            const error = failed.get(w.caseId);
            if (error) w.error = error;
        }
    }

    /** Step 5: the engagement record of every applied case that still exists. */
    private async recordEngagement(all: Work[], deadline: Deadline): Promise<void> {
        if (!this.engagement) return;
        const todo = all.filter(toApply).filter((w) => w.applied && w.facts && !w.facts.isDeleted);
        await this.engagement.record(
            todo.map((w) => ({
                facts: w.facts!,
                opened: w.opened,
                agentsInGroup: agentsAfter(w),
                groupLive: w.applied!.state === 'open' || w.applied!.state === 'muted',
                archivedNow: w.archived,
                names: w.names,
                csatOnClose: w.csatOnClose,
            })),
            deadline,
        );
    }
}

/** Agents in the group once its state is applied (none once it is dismissed). */
function agentsAfter(w: ApplyWork): string[] {
    if (!w.applied || w.applied.state === 'dismissed' || w.applied.state === 'none') return [];
    return w.plan.group.agents.map((a) => a.userId);
}

/** A recreated group's name and introduction come from the case already read (no per-case query). */
function withCaseDetails(g: PlannedGroup, c: CaseFacts | null) {
    return c
        ? { ...g, caseDetails: { caseNumber: c.caseNumber, subject: c.subject, customerName: c.customerName } }
        : g;
}
