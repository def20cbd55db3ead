/**
 * Archives the conversation of closed chat cases: every history page → one readable UTF-8 file on the Case
 * (multipart ContentVersion, `FirstPublishLocationId`) → `Chat_Transcript_Archived_At__c` stamped. Once per close: a
 * file of this close that already exists (an earlier attempt uploaded it, then failed to stamp) is kept and only the
 * stamp is written. Queries are per batch of cases (sender names, existing files), writes per case.
 */
import type { ChatGroups } from '../tencent/chat-groups.js';
import type { HistoryMessage } from '../tencent/message-mapping.js';
import { TencentApiError } from '../tencent/tencent-errors.js';
import type { CaseSyncReads } from '../salesforce/case-sync-reads.js';
import type { TranscriptFile, TranscriptFiles } from '../salesforce/transcript-files.js';
import type { CaseFacts } from '../rules/desired-group-state.js';
import { renderTranscript, transcriptFileName, transcriptTitle } from '../transcripts/transcript-text.js';
import { mapWithConcurrency } from './group-sync-service.js';
import { caseSyncError, type CaseSyncError } from './case-sync-error.js';
import type { Deadline } from '../http/deadline.js';

/** History page size when archiving (the Tencent client reads 20 per call). */
const ARCHIVE_PAGE = 100;
const USER_ID = /^005[A-Za-z0-9]{15}$/;

export interface ArchiveJob {
    /** a closed chat case (groupId set) */
    facts: CaseFacts;
    /** mute the group before reading (the close action mutes or dismisses it): nobody posts after the read */
    muteFirst: boolean;
}

/** Per case id: archived, or why not. */
export type ArchiveOutcomes = Map<string, { ok: true } | { ok: false; error: CaseSyncError }>;

interface Read {
    job: ArchiveJob;
    messages: HistoryMessage[];
    note?: string;
}

export class TranscriptArchiver {
    constructor(
        private readonly groups: ChatGroups,
        private readonly files: TranscriptFiles,
        private readonly reads: CaseSyncReads,
        private readonly concurrency = 5,
        private readonly now: () => number = Date.now,
    ) {}

    async archive(jobs: readonly ArchiveJob[], deadline: Deadline): Promise<ArchiveOutcomes> {
        const out: ArchiveOutcomes = new Map();
        const fail = (caseId: string, err: unknown) => out.set(caseId, { ok: false, error: caseSyncError(err) });
        const read: Read[] = [];
        await mapWithConcurrency(jobs, this.concurrency, async (job) => {
            try {
                deadline.check();
                if (job.muteFirst) await this.muteIfExists(job.facts.groupId!);
                read.push({ job, ...(await this.history(job.facts.groupId!, deadline)) });
            } catch (err) {
                fail(job.facts.caseId, err);
            }
        });
        if (read.length === 0) return out;
        const names = await this.senderNames(read);
        let existing: Map<string, TranscriptFile[]>;
        try {
            existing = await this.files.list(read.map((r) => r.job.facts.caseId));
        } catch (err) {
            for (const r of read) fail(r.job.facts.caseId, err);
            return out;
        }
        await mapWithConcurrency(read, this.concurrency, async (r) => {
            const c = r.job.facts;
            try {
                deadline.check();
                const closedAt = c.closedDate ? Date.parse(c.closedDate) : 0;
                const already = (existing.get(c.caseId) ?? []).some((f) => Date.parse(f.createdDate) >= closedAt);
                const at = this.now();
                if (!already) await this.upload(r, names, at);
                await this.files.stamp(c.caseId, new Date(at).toISOString());
                out.set(c.caseId, { ok: true });
            } catch (err) {
                fail(c.caseId, err);
            }
        });
        return out;
    }

    private async upload(r: Read, names: ReadonlyMap<string, string>, at: number): Promise<void> {
        const c = r.job.facts;
        const caseNames = new Map(names);
        if (c.customerId && c.customerName) caseNames.set(c.customerId, c.customerName);
        const text = renderTranscript(
            { caseNumber: c.caseNumber, groupId: c.groupId!, archivedAtMs: at, ...(r.note ? { note: r.note } : {}) },
            r.messages,
            caseNames,
        );
        r.messages = [];
        await this.files.upload(c.caseId, transcriptTitle(c.caseNumber), transcriptFileName(c.caseNumber), text);
    }

    private async muteIfExists(groupId: string): Promise<void> {
        const info = await this.groups.getInfo(groupId);
        if (info.exists && info.muteAllMember !== 'On') await this.groups.setMuteAll(groupId, true);
    }

    /** All history pages, oldest first; a group that is gone gives what was read, with a note. */
    private async history(groupId: string, deadline: Deadline): Promise<Omit<Read, 'job'>> {
        const pages: HistoryMessage[][] = [];
        let before: number | undefined;
        let note: string | undefined;
        for (;;) {
            deadline.check();
            let page;
            try {
                page = await this.groups.history(groupId, before, ARCHIVE_PAGE);
            } catch (err) {
                if (!(err instanceof TencentApiError && err.kind === 'not-found')) throw err;
                note =
                    pages.length === 0
                        ? 'No chat history was available (GROUP_NOT_FOUND).'
                        : 'Older messages were not available (GROUP_NOT_FOUND).';
                break;
            }
            pages.push(page.messages);
            if (page.nextBefore === null || page.messages.length === 0) break;
            before = page.nextBefore;
        }
        return { messages: pages.reverse().flat(), ...(note ? { note } : {}) };
    }

    /**
     * Display names of every User who wrote in these conversations (one query per 100 senders). Cosmetic: when the
     * read fails, those senders appear by id.
     */
    private async senderNames(read: readonly Read[]): Promise<Map<string, string>> {
        const ids = new Set<string>();
        for (const r of read) for (const m of r.messages) if (USER_ID.test(m.from)) ids.add(m.from);
        const names = new Map<string, string>();
        if (ids.size === 0) return names;
        for (const [id, u] of await this.reads.users([...ids])) if (u.ok && u.value?.name) names.set(id, u.value.name);
        return names;
    }
}
