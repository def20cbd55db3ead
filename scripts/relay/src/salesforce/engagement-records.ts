/**
 * The engagement record in Salesforce, as the integration user: Tim_Engagement__c rows (upserted by External_Id__c,
 * so a repeat writes nothing new) and the chat timing fields on the Case.
 */
import { SalesforceApiError, type SalesforceClient } from './salesforce-client.js';
import { soqlString } from './soql.js';
import { toId18 } from '../validation/salesforce-id.js';
import { EVENT_TYPES, type ChatTimings, type EngagementEvent, type LoggedEvent } from '../rules/engagement.js';

export const ENGAGEMENT_OBJECT = 'Tim_Engagement__c';
export const EXTERNAL_ID_FIELD = 'External_Id__c';

/** Case fields the relay computes from the group's history. */
export const CHAT_TIMING_FIELDS = [
    'Chat_First_Customer_Message_At__c',
    'Chat_First_Response_At__c',
    'Chat_Last_Customer_Message_At__c',
    'Chat_Last_Agent_Message_At__c',
    'Chat_Customer_Message_Count__c',
    'Chat_Agent_Message_Count__c',
] as const;
export type ChatTimingField = (typeof CHAT_TIMING_FIELDS)[number];

const IN_CHUNK = 100;
/** Salesforce returns at most 2,000 rows per query page; the client follows pages. */
type EventRow = {
    Case__c: string;
    External_Id__c: string;
    Event_Type__c: string;
    Occurred_At__c: string | null;
    User__c: string | null;
};

/** A chat case as the live path reads it. */
export interface LiveCase {
    caseId: string;
    groupId: string;
    customerId: string;
    chatFields: Record<string, string | number | null>;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The Case field values for these timings. */
export function timingFields(t: ChatTimings): Record<ChatTimingField, string | number | null> {
    return {
        Chat_First_Customer_Message_At__c: iso(t.firstCustomerAt),
        Chat_First_Response_At__c: iso(t.firstResponseAt),
        Chat_Last_Customer_Message_At__c: iso(t.lastCustomerAt),
        Chat_Last_Agent_Message_At__c: iso(t.lastAgentAt),
        Chat_Customer_Message_Count__c: t.customerCount,
        Chat_Agent_Message_Count__c: t.agentCount,
    };
}

/** The fields whose value differs from what the Case has (datetimes compared as instants). */
export function changedFields(
    want: Record<string, string | number | null>,
    have: Record<string, string | number | null> | undefined,
): Record<string, string | number | null> {
    const same = (a: string | number | null | undefined, b: string | number | null | undefined): boolean => {
        if ((a ?? null) === null || (b ?? null) === null) return (a ?? null) === (b ?? null);
        if (typeof a === 'string' && typeof b === 'string') return Date.parse(a) === Date.parse(b);
        return Number(a) === Number(b);
    };
    return Object.fromEntries(Object.entries(want).filter(([k, v]) => !same(v, have?.[k])));
}

export class EngagementRecords {
    constructor(private readonly sf: SalesforceClient) {}

    /** The events already logged, per case (every case asked for gets an entry). */
    async logged(caseIds: readonly string[]): Promise<Map<string, LoggedEvent[]>> {
        const out = new Map<string, LoggedEvent[]>(caseIds.map((id) => [id, []]));
        const ids = [...new Set(caseIds)];
        for (let i = 0; i < ids.length; i += IN_CHUNK) {
            const chunk = ids.slice(i, i + IN_CHUNK);
            const rows = await this.sf.query<EventRow>(
                `SELECT Case__c, External_Id__c, Event_Type__c, Occurred_At__c, User__c FROM ${ENGAGEMENT_OBJECT} ` +
                    `WHERE Case__c IN (${chunk.map(soqlString).join(', ')})`,
            );
            for (const r of rows) {
                const type = EVENT_TYPES.find((t) => t === r.Event_Type__c);
                if (!type || !r.External_Id__c) continue;
                const caseId = toId18(r.Case__c);
                out.get(caseId)?.push({
                    externalId: r.External_Id__c,
                    type,
                    at: r.Occurred_At__c ? Date.parse(r.Occurred_At__c) : 0,
                    userId: r.User__c ? toId18(r.User__c) : null,
                });
            }
        }
        return out;
    }

    /** Chat cases by group id (the live path), with their customer and current timing fields. */
    async casesByGroup(groupIds: readonly string[]): Promise<LiveCase[]> {
        const out: LiveCase[] = [];
        for (let i = 0; i < groupIds.length; i += IN_CHUNK) {
            const chunk = groupIds.slice(i, i + IN_CHUNK);
            const rows = await this.sf.query<
                { Id: string; Chat_Group_Id__c: string | null; Chat_Customer_Id__c: string | null } & Partial<
                    Record<ChatTimingField, string | number | null>
                >
            >(
                `SELECT Id, Chat_Group_Id__c, Chat_Customer_Id__c, ${CHAT_TIMING_FIELDS.join(', ')} FROM Case ` +
                    `WHERE Chat_Group_Id__c IN (${chunk.map(soqlString).join(', ')})`,
            );
            for (const r of rows)
                if (r.Chat_Group_Id__c && r.Chat_Customer_Id__c)
                    out.push({
                        caseId: toId18(r.Id),
                        groupId: r.Chat_Group_Id__c,
                        customerId: r.Chat_Customer_Id__c,
                        chatFields: Object.fromEntries(CHAT_TIMING_FIELDS.map((f) => [f, r[f] ?? null])),
                    });
        }
        return out;
    }

    /** Display names of users (one query per 100). */
    async userNames(userIds: readonly string[]): Promise<Map<string, string>> {
        const out = new Map<string, string>();
        const ids = [...new Set(userIds)];
        for (let i = 0; i < ids.length; i += IN_CHUNK) {
            const rows = await this.sf.query<{ Id: string; Name: string | null }>(
                `SELECT Id, Name FROM User WHERE Id IN (${ids
                    .slice(i, i + IN_CHUNK)
                    .map(soqlString)
                    .join(', ')})`,
            );
            for (const r of rows) out.set(toId18(r.Id), r.Name ?? '');
        }
        return out;
    }

    /** Upserts one event by its external id. */
    async write(caseId: string, e: EngagementEvent): Promise<void> {
        await this.sf.upsert(ENGAGEMENT_OBJECT, EXTERNAL_ID_FIELD, e.externalId, {
            Case__c: caseId,
            ...eventFields(e),
        });
    }

    /** Inserts one event; false when its external id exists already (a concurrent writer won). */
    async create(caseId: string, e: EngagementEvent): Promise<boolean> {
        try {
            await this.sf.create(ENGAGEMENT_OBJECT, {
                Case__c: caseId,
                External_Id__c: e.externalId,
                ...eventFields(e),
            });
            return true;
        } catch (err) {
            if (err instanceof SalesforceApiError && err.upstreamCode === 'DUPLICATE_VALUE') return false;
            throw err;
        }
    }

    async updateCase(caseId: string, fields: Record<string, string | number | null>): Promise<void> {
        if (Object.keys(fields).length > 0) await this.sf.update('Case', caseId, fields);
    }
}

function eventFields(e: EngagementEvent): Record<string, unknown> {
    return {
        Event_Type__c: e.type,
        Occurred_At__c: new Date(e.at).toISOString(),
        User__c: e.userId,
        Actor_Name__c: e.actorName.slice(0, 121) || null,
        Previous_State__c: e.previousState,
        Seconds_In_Previous_State__c: e.secondsInPreviousState,
        Details__c: e.details.slice(0, 2000) || null,
    };
}
