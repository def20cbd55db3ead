/**
 * The integration's sync rules, once: what a chat case's group should look like right now, from the current truth
 * in Salesforce. Pure (no I/O), so every rule is unit-tested; services/case-sync-service.ts reads the truth and
 * applies the plan with the group reconciliation.
 */
import { MAX_AGENTS_PER_GROUP, MAX_NAME_LENGTH } from '../routes/group-sync.js';
import type { DesiredState } from '../services/group-sync-service.js';

export type CloseAction = 'Mute' | 'Dismiss' | 'None';

/** Tim_Chat_Setting__mdt.Default, with the package's defaults when the record or a value is absent. */
export interface SyncSettings {
    closeAction: CloseAction;
    archiveTranscript: boolean;
    /** Tim_Chat_Setting__mdt.Csat_On_Close__c: ask the customer for a rating when the case closes */
    csatOnClose: boolean;
}

export const DEFAULT_SYNC_SETTINGS: SyncSettings = { closeAction: 'Mute', archiveTranscript: true, csatOnClose: true };

/** One Case as the integration user reads it (queryAll: deleted rows too). */
export interface CaseFacts {
    caseId: string;
    caseNumber: string;
    subject: string;
    isDeleted: boolean;
    isClosed: boolean;
    /** ISO date-time, or null while open */
    closedDate: string | null;
    ownerId: string;
    groupId: string | null;
    customerId: string | null;
    /** SuppliedName, else the Contact's name */
    customerName: string;
    /** Chat_Transcript_Archived_At__c */
    archivedAt: string | null;
    /** Case.CreatedDate */
    createdDate?: string | null;
    /** The chat timing fields as last written (engagement record), to write only what changed */
    chatFields?: Record<string, string | number | null>;
}

export interface UserFacts {
    name: string;
    isActive: boolean;
}

/** What Salesforce said about a case that is gone for good (not even in the recycle bin). */
export interface DeletedHint {
    groupId: string;
    customerId: string;
}

export interface PlannedGroup {
    groupId: string;
    customerId: string;
    customerName?: string;
    agents: { userId: string; name: string }[];
    state: DesiredState;
}

export type CasePlan =
    /** No chat group to manage (not a chat case, or unknown and no hint). */
    | { kind: 'none' }
    /** The case cannot be synced as it is (answered as a per-case error, not retried). */
    | { kind: 'invalid'; code: string; message: string }
    /**
     * Apply `group`. With `archive`, the transcript is written first; when the close action mutes or dismisses, the
     * group is muted before the history is read (nobody can post after it) and gets its final state afterwards.
     */
    | { kind: 'apply'; group: PlannedGroup; archive: boolean };

const isUserId = (id: string): boolean => id.startsWith('005');

/**
 * Agents of an open or muted group: the owner when it is an active user (a queue owns no one), then users with
 * Opened AgentWork (sorted, so the result does not depend on query order), active only, no duplicates, at most
 * the relay's per-group limit.
 */
export function agentsOf(
    c: Pick<CaseFacts, 'ownerId'>,
    openedUserIds: readonly string[],
    users: ReadonlyMap<string, UserFacts>,
): PlannedGroup['agents'] {
    const ordered = [...(isUserId(c.ownerId) ? [c.ownerId] : []), ...[...openedUserIds].sort()];
    const agents: PlannedGroup['agents'] = [];
    const seen = new Set<string>();
    for (const id of ordered) {
        const user = users.get(id);
        if (seen.has(id) || !user?.isActive) continue;
        seen.add(id);
        agents.push({ userId: id, name: user.name.slice(0, MAX_NAME_LENGTH) });
        if (agents.length === MAX_AGENTS_PER_GROUP) break;
    }
    return agents;
}

/**
 * Whether the transcript must be written now: a closed, live chat case not archived since it (last) closed, with
 * archiving on — or with the Dismiss close action, which deletes the history for good (the transcript is then
 * the only way to show the conversation again if the case is reopened).
 */
export function needsArchive(c: CaseFacts, s: SyncSettings): boolean {
    if (!c.isClosed || c.isDeleted || !c.groupId) return false;
    if (!s.archiveTranscript && s.closeAction !== 'Dismiss') return false;
    if (c.archivedAt === null) return true;
    return c.closedDate !== null && Date.parse(c.archivedAt) < Date.parse(c.closedDate);
}

/** The plan for one case. `c` undefined: the case is not in Salesforce at all (hard-deleted, or a wrong id). */
export function planCase(
    c: CaseFacts | undefined,
    hint: DeletedHint | undefined,
    openedUserIds: readonly string[],
    users: ReadonlyMap<string, UserFacts>,
    s: SyncSettings,
): CasePlan {
    if (!c) {
        if (!hint) return { kind: 'none' };
        return {
            kind: 'apply',
            group: { groupId: hint.groupId, customerId: hint.customerId, agents: [], state: 'dismissed' },
            archive: false,
        };
    }
    if (!c.groupId) return { kind: 'none' };
    if (c.isDeleted)
        return {
            kind: 'apply',
            group: {
                groupId: c.groupId,
                customerId: c.customerId ?? hint?.customerId ?? '',
                agents: [],
                state: 'dismissed',
            },
            archive: false,
        };
    if (!c.customerId)
        return {
            kind: 'invalid',
            code: 'NO_CUSTOMER_ID',
            message: 'The case has a chat group but no Chat_Customer_Id__c: set the customer id, then sync again',
        };
    const base = {
        groupId: c.groupId,
        customerId: c.customerId,
        ...(c.customerName ? { customerName: c.customerName.slice(0, MAX_NAME_LENGTH) } : {}),
    };
    const archive = needsArchive(c, s);
    if (c.isClosed && s.closeAction === 'Dismiss')
        return { kind: 'apply', group: { ...base, agents: [], state: 'dismissed' }, archive };
    const state: DesiredState = c.isClosed && s.closeAction === 'Mute' ? 'muted' : 'open';
    return { kind: 'apply', group: { ...base, agents: agentsOf(c, openedUserIds, users), state }, archive };
}
