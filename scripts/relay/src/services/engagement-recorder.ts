/**
 * Writes each synced case's engagement record: the events its current truth adds (rules/engagement.ts), and the chat
 * timings recomputed from the group's history (the source of truth), only the fields that changed. Runs after the
 * group is applied in a case sync, and at close; every step is idempotent, so a failure is logged and the next sync
 * converges (the case sync's answer is about the group, which is already applied).
 */
import type { EngagementRecords } from '../salesforce/engagement-records.js';
import { changedFields, timingFields } from '../salesforce/engagement-records.js';
import type { ChatGroups } from '../tencent/chat-groups.js';
import { TencentApiError } from '../tencent/tencent-errors.js';
import type { HistoryMessage } from '../tencent/message-mapping.js';
import type { Ratings } from './ratings.js';
import {
    chatTimings,
    currentCloseOrdinal,
    newEngagementEvents,
    type ChatTimings,
    type EngagementFacts,
} from '../rules/engagement.js';
import type { CaseFacts } from '../rules/desired-group-state.js';
import type { OpenedWork } from '../salesforce/case-sync-reads.js';
import { mapWithConcurrency } from './group-sync-service.js';
import type { Deadline } from '../http/deadline.js';
import type { Log } from '../logger.js';

/** Messages per history call while computing timings. */
const HISTORY_PAGE = 100;
/** A chat longer than this is not re-read at each sync (it keeps its earlier figures). */
const MAX_TIMING_MESSAGES = 2_000;

export interface EngagementJob {
    facts: CaseFacts;
    opened: readonly OpenedWork[];
    /** agents in the group after this sync; null when the group state was not applied */
    agentsInGroup: string[] | null;
    /** the group still exists (history readable) */
    groupLive: boolean;
    /** the transcript was archived in this sync */
    archivedNow: boolean;
    names: ReadonlyMap<string, string>;
    /** Tim_Chat_Setting__mdt.Csat_On_Close__c */
    csatOnClose: boolean;
}

export class EngagementRecorder {
    constructor(
        private readonly records: EngagementRecords,
        private readonly groups: ChatGroups,
        private readonly log: Log,
        private readonly concurrency: number,
        private readonly ratings: Ratings | null = null,
        private readonly now: () => number = Date.now,
    ) {}

    /** Records the events and timings of these cases; returns the case ids whose record could not be written. */
    async record(jobs: readonly EngagementJob[], deadline: Deadline): Promise<Set<string>> {
        const failed = new Set<string>();
        if (jobs.length === 0) return failed;
        let logged;
        try {
            logged = await this.records.logged(jobs.map((j) => j.facts.caseId));
        } catch (err) {
            this.log.warn({ err, cases: jobs.length }, 'engagement: could not read the logged events');
            for (const j of jobs) failed.add(j.facts.caseId);
            return failed;
        }
        await mapWithConcurrency(jobs, this.concurrency, async (j) => {
            const c = j.facts;
            try {
                deadline.check();
                const timings =
                    j.groupLive && c.groupId && c.customerId
                        ? await this.timings(c.groupId, c.customerId, deadline)
                        : null;
                const now = this.now();
                const facts: EngagementFacts = {
                    caseId: c.caseId,
                    createdAt: c.createdDate ? Date.parse(c.createdDate) : now,
                    ownerId: c.ownerId,
                    isClosed: c.isClosed,
                    closedAt: c.closedDate ? Date.parse(c.closedDate) : null,
                    accepted: j.opened.map((w) => ({
                        workId: w.workId,
                        userId: w.userId,
                        at: w.acceptedAt ? Date.parse(w.acceptedAt) : null,
                    })),
                    agentsInGroup: j.agentsInGroup,
                    archivedAt: j.archivedNow ? now : c.archivedAt ? Date.parse(c.archivedAt) : null,
                    timings,
                    names: j.names,
                    now,
                };
                const before = logged.get(c.caseId) ?? [];
                const fresh = newEngagementEvents(facts, before);
                for (const e of fresh) await this.records.write(c.caseId, e);
                if (this.ratings && j.csatOnClose && c.isClosed && j.groupLive && c.groupId && c.customerId) {
                    const all = [...before, ...fresh];
                    const request = await this.ratings.request(c.caseId, c.groupId, currentCloseOrdinal(all), all);
                    if (request) await this.records.write(c.caseId, request);
                }
                if (timings)
                    await this.records.updateCase(c.caseId, changedFields(timingFields(timings), c.chatFields));
            } catch (err) {
                failed.add(c.caseId);
                this.log.warn(
                    { err, caseId: c.caseId },
                    'engagement: could not write the record (the next sync retries)',
                );
            }
        });
        return failed;
    }

    /** Timings from the group's whole history (read newest page first); null when the group is gone or too long. */
    async timings(groupId: string, customerId: string, deadline?: Deadline): Promise<ChatTimings | null> {
        const messages: HistoryMessage[] = [];
        let before: number | undefined;
        try {
            for (;;) {
                deadline?.check();
                const page = await this.groups.history(groupId, before, HISTORY_PAGE);
                messages.push(...page.messages);
                if (page.nextBefore === null || page.messages.length === 0) break;
                // Too long to read at every sync: the figures written earlier (and the live updates) stand.
                if (messages.length >= MAX_TIMING_MESSAGES) return null;
                before = page.nextBefore;
            }
        } catch (err) {
            if (err instanceof TencentApiError && err.kind === 'not-found') return null;
            throw err;
        }
        return chatTimings(messages, customerId);
    }
}
