/**
 * Gives a recreated group (a reopened case whose group was dismissed: Tencent deleted its history) the conversation
 * from before the close: the newest transcript on the Case is posted into the new group by the admin, in pieces, so
 * the agent and the customer see it in the chat itself. Deterministic `Random`s make a quick retry a duplicate that
 * Tencent drops. If posting fails, the new group is dismissed again and the case answered retryable: the retry
 * recreates it and posts everything (never a group with half the earlier conversation).
 */
import { createHash } from 'node:crypto';
import type { ChatGroups } from '../tencent/chat-groups.js';
import type { TranscriptFile, TranscriptFiles } from '../salesforce/transcript-files.js';
import { splitForMessages } from '../transcripts/transcript-text.js';
import { mapWithConcurrency } from './group-sync-service.js';
import { caseSyncError, type CaseSyncError } from './case-sync-error.js';
import type { Deadline } from '../http/deadline.js';
import type { Log } from '../logger.js';

/** A posted piece: well below Tencent's 12 KB message body, JSON escaping included. */
export const RESTORE_PIECE_BYTES = 6_000;
/** At most this many pieces (≈ 180 KB of text); a longer transcript is posted from its newest part. */
export const MAX_RESTORE_PIECES = 30;

export class ConversationRestorer {
    constructor(
        private readonly groups: ChatGroups,
        private readonly files: TranscriptFiles,
        private readonly adminIdentifier: string,
        private readonly log: Log,
        private readonly concurrency = 5,
    ) {}

    /** Returns the cases whose restore failed (their new group was dismissed again). */
    async restore(
        recreated: readonly { caseId: string; groupId: string }[],
        deadline: Deadline,
    ): Promise<Map<string, CaseSyncError>> {
        const failed = new Map<string, CaseSyncError>();
        if (recreated.length === 0) return failed;
        let files: Map<string, TranscriptFile[]>;
        try {
            files = await this.files.list(recreated.map((r) => r.caseId));
        } catch (err) {
            for (const r of recreated) failed.set(r.caseId, await this.undo(r, err));
            return failed;
        }
        await mapWithConcurrency(recreated, this.concurrency, async (r) => {
            const file = files.get(r.caseId)?.[0];
            if (!file) return; // never archived: nothing earlier to show
            try {
                deadline.check();
                await this.post(
                    r.groupId,
                    file.contentVersionId,
                    await this.files.text(file.contentVersionId),
                    deadline,
                );
            } catch (err) {
                failed.set(r.caseId, await this.undo(r, err));
            }
        });
        return failed;
    }

    private async post(groupId: string, fileId: string, text: string, deadline: Deadline): Promise<void> {
        let pieces = splitForMessages(text, RESTORE_PIECE_BYTES);
        const cut = pieces.length > MAX_RESTORE_PIECES;
        if (cut) pieces = pieces.slice(-MAX_RESTORE_PIECES);
        const intro = cut
            ? 'This case was reopened. The newest part of the conversation before it closed follows; the full transcript is the file on the case:'
            : 'This case was reopened. The conversation before it closed follows:';
        for (const [i, piece] of [intro, ...pieces].entries()) {
            deadline.check();
            await this.groups.sendText(groupId, this.adminIdentifier, piece, randomFor(groupId, fileId, i));
        }
    }

    private async undo(r: { caseId: string; groupId: string }, cause: unknown): Promise<CaseSyncError> {
        try {
            await this.groups.destroy(r.groupId);
        } catch (err) {
            this.log.warn({ caseId: r.caseId, code: caseSyncError(err).code }, 'could not undo a group recreation');
        }
        return { ...caseSyncError(cause), retryable: true };
    }
}

/** A stable uint32 per (group, transcript, piece). */
function randomFor(groupId: string, fileId: string, index: number): number {
    return createHash('sha256').update(`${groupId}:${fileId}:${index}`).digest().readUInt32BE(0);
}
