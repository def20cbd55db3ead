/**
 * The reads of a case sync, as the integration user, with a bounded number of queries per request (not per case):
 * IN-lists are chunked (`IN_CHUNK` ids per query), so 200 cases cost at most a handful of queries. A failed chunk
 * fails only the cases in it (answered as per-case errors); the settings read failing fails the request's cases.
 */
import type { SalesforceClient } from './salesforce-client.js';
import { soqlString } from './soql.js';
import { toId18 } from '../validation/salesforce-id.js';
import { CHAT_TIMING_FIELDS } from './engagement-records.js';
import {
    DEFAULT_SYNC_SETTINGS,
    type CaseFacts,
    type SyncSettings,
    type UserFacts,
} from '../rules/desired-group-state.js';

/** Ids per IN-list: 100 × 21 characters keeps each query URL far below Salesforce's 16 KB limit. */
export const IN_CHUNK = 100;
export const SETTINGS_RECORD = 'Default';

type CaseRow = {
    Id: string;
    CaseNumber: string;
    Subject?: string | null;
    IsDeleted: boolean;
    IsClosed: boolean;
    ClosedDate?: string | null;
    OwnerId: string;
    SuppliedName?: string | null;
    Contact?: { Name?: string | null } | null;
    Chat_Group_Id__c?: string | null;
    Chat_Customer_Id__c?: string | null;
    Chat_Transcript_Archived_At__c?: string | null;
    CreatedDate?: string | null;
} & Partial<Record<(typeof CHAT_TIMING_FIELDS)[number], string | number | null>>;

/** Opened AgentWork: the record, the agent, and when they accepted. */
export interface OpenedWork {
    workId: string;
    userId: string;
    acceptedAt: string | null;
}

/** Per id: the value, or the error of the chunk that should have read it. */
export type Reads<T> = Map<string, { ok: true; value: T } | { ok: false; error: unknown }>;

function chunks<T>(items: readonly T[], size = IN_CHUNK): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

const idList = (ids: readonly string[]): string => ids.map(soqlString).join(', ');

/** Runs `read` once per chunk of ids; each id gets its chunk's result or error. */
async function byChunk<T>(
    ids: readonly string[],
    read: (chunk: string[]) => Promise<Map<string, T>>,
    empty: T,
): Promise<Reads<T>> {
    const out: Reads<T> = new Map();
    await Promise.all(
        chunks([...new Set(ids)]).map(async (chunk) => {
            try {
                const found = await read(chunk);
                for (const id of chunk) out.set(id, { ok: true, value: found.get(id) ?? empty });
            } catch (error) {
                for (const id of chunk) out.set(id, { ok: false, error });
            }
        }),
    );
    return out;
}

export class CaseSyncReads {
    constructor(private readonly sf: SalesforceClient) {}

    /** Cases by 18-char id, deleted ones included (queryAll); a case not found at all maps to null. */
    cases(caseIds: readonly string[]): Promise<Reads<CaseFacts | null>> {
        return byChunk<CaseFacts | null>(
            caseIds,
            async (chunk) => {
                const rows = await this.sf.queryAll<CaseRow>(
                    'SELECT Id, CaseNumber, Subject, IsDeleted, IsClosed, ClosedDate, OwnerId, SuppliedName, Contact.Name, ' +
                        'Chat_Group_Id__c, Chat_Customer_Id__c, Chat_Transcript_Archived_At__c, CreatedDate, ' +
                        `${CHAT_TIMING_FIELDS.join(', ')} ` +
                        `FROM Case WHERE Id IN (${idList(chunk)})`,
                );
                return new Map(rows.map((r) => [toId18(r.Id), toFacts(r)]));
            },
            null,
        );
    }

    /** Opened AgentWork (who accepted the case through Omni-Channel, and when), per case. */
    openedWork(caseIds: readonly string[]): Promise<Reads<OpenedWork[]>> {
        return byChunk<OpenedWork[]>(
            caseIds,
            async (chunk) => {
                const rows = await this.sf.query<{
                    Id: string;
                    WorkItemId: string;
                    UserId: string;
                    AcceptDateTime?: string | null;
                }>(
                    `SELECT Id, WorkItemId, UserId, AcceptDateTime FROM AgentWork WHERE WorkItemId IN (${idList(chunk)}) AND Status = 'Opened'`,
                );
                const map = new Map<string, OpenedWork[]>();
                for (const r of rows) {
                    const key = toId18(r.WorkItemId);
                    const work = {
                        workId: toId18(r.Id),
                        userId: toId18(r.UserId),
                        acceptedAt: r.AcceptDateTime ?? null,
                    };
                    map.set(key, [...(map.get(key) ?? []), work]);
                }
                return map;
            },
            [],
        );
    }

    /** Name and IsActive of users (owners, agents with work, transcript senders). */
    users(userIds: readonly string[]): Promise<Reads<UserFacts | null>> {
        return byChunk<UserFacts | null>(
            userIds,
            async (chunk) => {
                const rows = await this.sf.query<{ Id: string; Name?: string | null; IsActive: boolean }>(
                    `SELECT Id, Name, IsActive FROM User WHERE Id IN (${idList(chunk)})`,
                );
                return new Map(rows.map((r) => [toId18(r.Id), { name: r.Name ?? '', isActive: r.IsActive === true }]));
            },
            null,
        );
    }

    /** Tim_Chat_Setting__mdt.Default; the package's defaults when the record or a value is absent. */
    async settings(): Promise<SyncSettings> {
        const rows = await this.sf.query<{
            Close_Action__c?: string | null;
            Archive_Transcript__c?: boolean | null;
            Csat_On_Close__c?: boolean | null;
        }>(
            `SELECT Close_Action__c, Archive_Transcript__c, Csat_On_Close__c FROM Tim_Chat_Setting__mdt WHERE DeveloperName = ${soqlString(SETTINGS_RECORD)} LIMIT 1`,
        );
        const row = rows[0];
        if (!row) return { ...DEFAULT_SYNC_SETTINGS };
        const action = (row.Close_Action__c ?? '').toLowerCase();
        return {
            closeAction: action === 'dismiss' ? 'Dismiss' : action === 'none' ? 'None' : 'Mute',
            archiveTranscript: row.Archive_Transcript__c !== false,
            csatOnClose: row.Csat_On_Close__c !== false,
        };
    }
}

function toFacts(r: CaseRow): CaseFacts {
    return {
        caseId: toId18(r.Id),
        caseNumber: r.CaseNumber,
        subject: r.Subject ?? '',
        isDeleted: r.IsDeleted === true,
        isClosed: r.IsClosed === true,
        closedDate: r.ClosedDate ?? null,
        ownerId: toId18(r.OwnerId),
        groupId: r.Chat_Group_Id__c ?? null,
        customerId: r.Chat_Customer_Id__c ?? null,
        customerName: r.SuppliedName || r.Contact?.Name || '',
        archivedAt: r.Chat_Transcript_Archived_At__c ?? null,
        createdDate: r.CreatedDate ?? null,
        chatFields: Object.fromEntries(CHAT_TIMING_FIELDS.map((f) => [f, r[f] ?? null])),
    };
}
