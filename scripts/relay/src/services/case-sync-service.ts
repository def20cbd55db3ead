/**
 * `POST /v1/cases/sync`: Salesforce says which chat cases changed; the relay reads the current truth, decides each
 * group's desired state (rules/desired-group-state.ts), archives transcripts of closed cases, applies the state with
 * the group reconciliation, and answers per case in request order. Level-triggered and idempotent: a repeat, a
 * duplicate or an out-of-order request converges on the same state and writes no second transcript.
 *
 * Steps (each bounded in Salesforce queries per request, not per case):
 *   1. read Cases (queryAll), Opened AgentWork, settings; then the owners/agents (User);
 *   2. plan each case;
 *   3. closed cases needing a transcript: mute first when the close action mutes or dismisses (nobody posts after the
 *      history is read), read all history pages, upload one file per close (skipped when the file of this close
 *      already exists), stamp `Chat_Transcript_Archived_At__c`. A case whose archive fails keeps its group (never
 *      dismissed before its transcript is saved) and is answered with a retryable error;
 *   4. apply the desired states;
 *   5. a group recreated for a reopened case gets the earlier conversation back: the newest transcript on the Case is
 *      posted into the new group by the admin (a dismissed group's history is gone for good at Tencent).
 * Work not started when the deadline is near is answered `DEADLINE_EXCEEDED` (retryable).
 */
import { createHash } from 'node:crypto';
import type { ChatGroups } from '../tencent/chat-groups.js';
import type { HistoryMessage } from '../tencent/message-mapping.js';
import type { CaseSyncReads, Reads } from '../salesforce/case-sync-reads.js';
import type { TranscriptFiles } from '../salesforce/transcript-files.js';
import {
    planCase,
    type CaseFacts,
    type CasePlan,
    type DeletedHint,
    type PlannedGroup,
    type SyncSettings,
    type UserFacts,
} from '../rules/desired-group-state.js';
import {
    renderTranscript,
    splitForMessages,
    transcriptFileName,
    transcriptTitle,
} from '../transcripts/transcript-text.js';
import { DEADLINE_RESERVE_MS, mapWithConcurrency, type GroupSyncService } from './group-sync-service.js';
import { DeadlineExceededError, type Deadline } from '../http/deadline.js';
import { toAppError } from '../http/upstream-errors.js';
import { TencentApiError } from '../tencent/tencent-errors.js';
import type { Log } from '../logger.js';

export type CaseState = 'open' | 'muted' | 'dismissed' | 'none';

export interface CaseSyncItem {
    caseId: string;
    deleted?: DeletedHint;
}

export interface CaseSyncError {
    code: string;
    message: string;
    retryable: boolean;
    /** the invalid request field (VALIDATION_FAILED only) */
    field?: string;
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

/** History page size when archiving (the relay's client reads 20 per Tencent call). */
const ARCHIVE_PAGE = 100;
/** A posted piece of an earlier conversation: well below Tencent's 12 KB message body. */
const BACKFILL_PIECE_BYTES = 6_000;
/** At most this many pieces are posted back (≈ 180 KB of text); the full transcript stays the file on the Case. */
const MAX_BACKFILL_PIECES = 30;

export function errorOf(err: unknown): CaseSyncError {
    if (err instanceof DeadlineExceededError) return { code: err.code, message: err.message, retryable: true };
    const e = toAppError(err);
    return { code: e.code, message: e.message, retryable: e.statusCode === 503 || e.statusCode === 500 };
}

/** Per-case working state through the steps. */
interface Work {
    caseId: string;
    facts?: CaseFacts | null;
    plan?: CasePlan;
    error?: CaseSyncError;
    archived: boolean;
    messages?: HistoryMessage[];
    note?: string;
}

function readOf<T>(reads: Reads<T>, id: string): T {
    const r = reads.get(id);
    if (!r) throw new Error(`no read result for ${id}`);
    if (!r.ok) throw r.error;
    return r.value;
}

export class CaseSyncService {
    constructor(
        private readonly reads: CaseSyncReads,
        private readonly files: TranscriptFiles,
        private readonly groups: ChatGroups,
        private readonly groupSync: GroupSyncService,
        private readonly adminIdentifier: string,
        private readonly log: Log,
        private readonly concurrency = 5,
        private readonly now: () => number = Date.now,
    ) {}

    async sync(
        entries: readonly CaseSyncEntry[],
        deadline: Deadline,
    ): Promise<{ results: CaseSyncResult[]; failed: number }> {
        const items = entries.flatMap((e) => ('item' in e ? [e.item] : []));
        const work = new Map<string, Work>(items.map((i) => [i.caseId, { caseId: i.caseId, archived: false }]));
        await this.plan(items, work);
        await this.archive([...work.values()], deadline);
        const applied = await this.apply([...work.values()], deadline);
        const results = entries.map((e): CaseSyncResult => {
            if ('invalid' in e) return e.invalid;
            const w = work.get(e.item.caseId)!;
            if (w.error) return { caseId: w.caseId, ok: false, error: w.error };
            const plan = w.plan!;
            if (plan.kind === 'none')
                return {
                    caseId: w.caseId,
                    ok: true,
                    state: 'none',
                    added: [],
                    removed: [],
                    recreated: false,
                    archived: false,
                };
            const r = applied.get(w.caseId)!;
            return { caseId: w.caseId, ok: true, ...r, archived: w.archived };
        });
        const failed = results.filter((r) => !r.ok).length;
        if (failed > 0) this.log.warn({ cases: results.length, failed }, 'case sync: some cases failed');
        return { results, failed };
    }

    /** Step 1–2: the truth, read in a bounded number of queries, and a plan (or an error) per case. */
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
            if (o?.ok) for (const u of o.value) userIds.add(u);
        }
        const users = await this.reads.users([...userIds]);
        for (const item of items) {
            const w = work.get(item.caseId)!;
            try {
                if (!settings.ok) throw settings.error;
                const facts = readOf(cases, item.caseId);
                const openedIds = readOf(opened, item.caseId);
                const known = new Map<string, UserFacts>();
                for (const id of [...(facts?.ownerId.startsWith('005') ? [facts.ownerId] : []), ...openedIds]) {
                    const u = readOf(users, id);
                    if (u) known.set(id, u);
                }
                w.facts = facts;
                w.plan = planCase(facts ?? undefined, item.deleted, openedIds, known, settings.value);
                if (w.plan.kind === 'invalid')
                    w.error = { code: w.plan.code, message: w.plan.message, retryable: false };
            } catch (err) {
                w.error = errorOf(err);
            }
        }
    }

    /** Step 3: transcripts of closed cases, before their group is muted for good or dismissed. */
    private async archive(all: Work[], deadline: Deadline): Promise<void> {
        const todo = all.filter((w) => !w.error && w.plan?.kind === 'apply' && w.plan.archive && w.facts);
        if (todo.length === 0) return;
        await mapWithConcurrency(todo, this.concurrency, async (w) => {
            try {
                deadline.check(DEADLINE_RESERVE_MS);
                const group = (w.plan as Extract<CasePlan, { kind: 'apply' }>).group;
                if (group.state !== 'open') await this.muteIfExists(group.groupId);
                await this.readHistory(w, group.groupId, deadline);
            } catch (err) {
                w.error = errorOf(err);
            }
        });
        const ready = todo.filter((w) => !w.error);
        if (ready.length === 0) return;
        const names = await this.senderNames(ready);
        let existing: Awaited<ReturnType<TranscriptFiles['list']>>;
        try {
            existing = await this.files.list(ready.map((w) => w.caseId));
        } catch (err) {
            for (const w of ready) w.error = errorOf(err);
            return;
        }
        await mapWithConcurrency(ready, this.concurrency, async (w) => {
            const c = w.facts!;
            try {
                deadline.check(DEADLINE_RESERVE_MS);
                const closedAt = c.closedDate ? Date.parse(c.closedDate) : 0;
                // A file of this close exists when an earlier attempt uploaded it and then failed to stamp: keep it.
                const already = (existing.get(c.caseId) ?? []).some((f) => Date.parse(f.createdDate) >= closedAt);
                const at = this.now();
                if (!already) {
                    const caseNames = new Map(names);
                    if (c.customerId && c.customerName) caseNames.set(c.customerId, c.customerName);
                    const text = renderTranscript(
                        {
                            caseNumber: c.caseNumber,
                            groupId: c.groupId!,
                            archivedAtMs: at,
                            ...(w.note ? { note: w.note } : {}),
                        },
                        w.messages ?? [],
                        caseNames,
                    );
                    await this.files.upload(
                        c.caseId,
                        transcriptTitle(c.caseNumber),
                        transcriptFileName(c.caseNumber),
                        text,
                    );
                }
                await this.files.stamp(c.caseId, new Date(at).toISOString());
                w.archived = true;
            } catch (err) {
                w.error = errorOf(err);
            } finally {
                delete w.messages;
            }
        });
    }

    private async muteIfExists(groupId: string): Promise<void> {
        const info = await this.groups.getInfo(groupId);
        if (info.exists && info.muteAllMember !== 'On') await this.groups.setMuteAll(groupId, true);
    }

    /** All history pages, oldest first; a group that is gone gives an empty history with a note. */
    private async readHistory(w: Work, groupId: string, deadline: Deadline): Promise<void> {
        const pages: HistoryMessage[][] = [];
        let before: number | undefined;
        for (;;) {
            deadline.check(DEADLINE_RESERVE_MS);
            let page;
            try {
                page = await this.groups.history(groupId, before, ARCHIVE_PAGE);
            } catch (err) {
                if (err instanceof TencentApiError && err.kind === 'not-found') {
                    w.note =
                        pages.length === 0
                            ? 'No chat history was available (GROUP_NOT_FOUND).'
                            : 'Older messages were not available (GROUP_NOT_FOUND).';
                    break;
                }
                throw err;
            }
            pages.push(page.messages);
            if (page.nextBefore === null || page.messages.length === 0) break;
            before = page.nextBefore;
        }
        w.messages = pages.reverse().flat();
    }

    /** Display names of every User who wrote in the archived conversations (one query per 100 senders). */
    private async senderNames(ready: readonly Work[]): Promise<Map<string, string>> {
        const ids = new Set<string>();
        for (const w of ready)
            for (const m of w.messages ?? []) if (/^005[A-Za-z0-9]{15}$/.test(m.from)) ids.add(m.from);
        const names = new Map<string, string>();
        if (ids.size === 0) return names;
        const users = await this.reads.users([...ids]);
        for (const [id, r] of users) if (r.ok && r.value?.name) names.set(id, r.value.name);
        // A failed name read is cosmetic: those senders appear by id.
        return names;
    }

    /** Step 4–5: desired states applied; recreated groups get the earlier conversation back. */
    private async apply(
        all: Work[],
        deadline: Deadline,
    ): Promise<Map<string, { state: CaseState; added: string[]; removed: string[]; recreated: boolean }>> {
        const out = new Map<string, { state: CaseState; added: string[]; removed: string[]; recreated: boolean }>();
        const todo = all.filter((w) => !w.error && w.plan?.kind === 'apply');
        if (todo.length === 0) return out;
        const groups = todo.map((w) => {
            const g = (w.plan as { group: PlannedGroup }).group;
            const c = w.facts;
            return c
                ? { ...g, caseDetails: { caseNumber: c.caseNumber, subject: c.subject, customerName: c.customerName } }
                : g;
        });
        const { results } = await this.groupSync.syncAll(groups, deadline);
        const recreated: Work[] = [];
        results.forEach((r, i) => {
            const w = todo[i]!;
            if (!r.ok) {
                w.error = {
                    ...r.error,
                    retryable: r.error.code === 'DEADLINE_EXCEEDED' || /UNAVAILABLE|INTERNAL/.test(r.error.code),
                };
                return;
            }
            out.set(w.caseId, { state: r.state, added: r.added, removed: r.removed, recreated: r.recreated });
            if (r.recreated) recreated.push(w);
        });
        if (recreated.length > 0) await this.restoreEarlierConversation(recreated, deadline);
        return out;
    }

    /**
     * Posts the newest transcript of each case into its recreated group, as the admin, in pieces; deterministic
     * `Random`s make a quick retry a no-op duplicate. If posting fails, the new group is dismissed again so that the
     * retry recreates it and posts everything (never a group with half the earlier conversation).
     */
    private async restoreEarlierConversation(recreated: Work[], deadline: Deadline): Promise<void> {
        let files: Awaited<ReturnType<TranscriptFiles['list']>>;
        try {
            files = await this.files.list(recreated.map((w) => w.caseId));
        } catch (err) {
            files = new Map();
            for (const w of recreated) await this.undoRecreate(w, err);
            return;
        }
        await mapWithConcurrency(recreated, this.concurrency, async (w) => {
            const file = files.get(w.caseId)?.[0];
            if (!file) return; // never archived: nothing earlier to show
            const groupId = (w.plan as { group: PlannedGroup }).group.groupId;
            try {
                deadline.check(DEADLINE_RESERVE_MS);
                const text = await this.files.text(file.contentVersionId);
                let pieces = splitForMessages(text, BACKFILL_PIECE_BYTES);
                const intro =
                    `This case was reopened. The conversation before it closed follows` +
                    (pieces.length > MAX_BACKFILL_PIECES
                        ? ' (its newest part; the full transcript is the file on the case):'
                        : ':');
                if (pieces.length > MAX_BACKFILL_PIECES) pieces = pieces.slice(-MAX_BACKFILL_PIECES);
                for (const [i, piece] of [intro, ...pieces].entries()) {
                    deadline.check(DEADLINE_RESERVE_MS);
                    await this.groups.sendText(
                        groupId,
                        this.adminIdentifier,
                        piece,
                        randomFor(groupId, file.contentVersionId, i),
                    );
                }
            } catch (err) {
                await this.undoRecreate(w, err);
            }
        });
    }

    private async undoRecreate(w: Work, cause: unknown): Promise<void> {
        w.error = errorOf(cause);
        w.error.retryable = true;
        try {
            await this.groups.destroy((w.plan as { group: PlannedGroup }).group.groupId);
        } catch (err) {
            this.log.warn({ caseId: w.caseId, code: errorOf(err).code }, 'could not undo a group recreation');
        }
    }
}

/** A stable uint32 per (group, transcript, piece): a retried post within Tencent's 5 minutes is dropped as duplicate. */
function randomFor(groupId: string, fileId: string, index: number): number {
    return createHash('sha256').update(`${groupId}:${fileId}:${index}`).digest().readUInt32BE(0);
}
