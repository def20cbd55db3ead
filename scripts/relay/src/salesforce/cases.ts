/** Contact and Case operations for chat tickets. */
import { SalesforceApiError, type SalesforceClient } from './salesforce-client.js';
import { soqlString } from './soql.js';
import { toId18 } from '../validation/salesforce-id.js';

export const CASE_FIELDS = {
    groupId: 'Chat_Group_Id__c',
    customerId: 'Chat_Customer_Id__c',
    idempotencyKey: 'Chat_Idempotency_Key__c',
    requestFingerprint: 'Chat_Request_Fingerprint__c',
} as const;

export interface ChatCase {
    id: string;
    caseNumber: string;
    groupId: string | null;
    customerId: string | null;
    suppliedEmail: string | null;
    /** What the ticket was opened with (a retry's body cannot change these). */
    subject: string | null;
    suppliedName: string | null;
    description: string | null;
    /** SHA-256 of the ticket request that created the Case (a replay must match it). */
    requestFingerprint: string | null;
}

export interface NewCase {
    idempotencyKey: string;
    requestFingerprint: string;
    subject: string;
    description: string;
    name: string;
    email: string;
    contactId: string;
    customerId: string;
}

/** What the chat group's name and introduction show (see tencent/case-group-profile.ts). */
export interface CaseGroupDetails {
    caseNumber: string;
    subject: string;
    /** SuppliedName, else the Contact's name; '' when neither is set. */
    customerName: string;
}

type CaseDetailsRow = {
    CaseNumber: string;
    Subject?: string | null;
    SuppliedName?: string | null;
    Contact?: { Name?: string | null } | null;
};

type CaseRow = {
    Id: string;
    CaseNumber: string;
    Chat_Group_Id__c?: string | null;
    Chat_Customer_Id__c?: string | null;
    Chat_Idempotency_Key__c?: string | null;
    Chat_Request_Fingerprint__c?: string | null;
    SuppliedEmail?: string | null;
    Subject?: string | null;
    SuppliedName?: string | null;
    Description?: string | null;
};

function toChatCase(row: CaseRow): ChatCase {
    return {
        id: toId18(row.Id),
        caseNumber: row.CaseNumber,
        groupId: row.Chat_Group_Id__c ?? null,
        customerId: row.Chat_Customer_Id__c ?? null,
        suppliedEmail: row.SuppliedEmail ?? null,
        subject: row.Subject ?? null,
        suppliedName: row.SuppliedName ?? null,
        description: row.Description ?? null,
        requestFingerprint: row.Chat_Request_Fingerprint__c ?? null,
    };
}

/** Splits a display name into Contact FirstName / LastName (LastName is required). */
export function splitName(name: string): { FirstName?: string; LastName: string } {
    const parts = name.trim().split(/\s+/).filter(Boolean);
    if (parts.length <= 1) return { LastName: (parts[0] ?? 'Customer').slice(0, 80) };
    const last = parts.pop() as string;
    return { FirstName: parts.join(' ').slice(0, 40), LastName: last.slice(0, 80) };
}

export class CaseService {
    constructor(private readonly sf: SalesforceClient) {}

    /**
     * The Case whose key is exactly `key`. The key field is unique and case-SENSITIVE, but SOQL compares text
     * case-insensitively, so the query may also return keys that differ only in case: pick the exact one.
     */
    async findCaseByIdempotencyKey(key: string): Promise<ChatCase | null> {
        const rows = await this.sf.query<CaseRow>(
            `SELECT Id, CaseNumber, ${CASE_FIELDS.groupId}, ${CASE_FIELDS.customerId}, ${CASE_FIELDS.idempotencyKey}, ${CASE_FIELDS.requestFingerprint}, SuppliedEmail, Subject, SuppliedName, Description ` +
                `FROM Case WHERE ${CASE_FIELDS.idempotencyKey} = ${soqlString(key)} LIMIT 20`,
        );
        const row = rows.find((r) => r.Chat_Idempotency_Key__c === key);
        return row ? toChatCase(row) : null;
    }

    /** Case number, subject and customer name of a chat case (group id = Case id), or null when there is no such Case. */
    async findCaseGroupDetails(caseId: string): Promise<CaseGroupDetails | null> {
        const rows = await this.sf.query<CaseDetailsRow>(
            `SELECT CaseNumber, Subject, SuppliedName, Contact.Name FROM Case WHERE Id = ${soqlString(toId18(caseId))} LIMIT 1`,
        );
        const row = rows[0];
        if (!row) return null;
        return {
            caseNumber: row.CaseNumber,
            subject: row.Subject ?? '',
            customerName: row.SuppliedName || row.Contact?.Name || '',
        };
    }

    /** The oldest Contact with this email, or a new one. */
    async findOrCreateContact(email: string, name: string): Promise<string> {
        const rows = await this.sf.query<{ Id: string }>(
            `SELECT Id FROM Contact WHERE Email = ${soqlString(email)} ORDER BY CreatedDate ASC LIMIT 1`,
        );
        if (rows[0]) return rows[0].Id;
        return this.sf.create('Contact', { ...splitName(name), Email: email });
    }

    /**
     * Upserts the Case by its idempotency key: of concurrent first requests (any replica), exactly one creates it
     * (`created`), the others update the same Case. Salesforce may fail the loser of a simultaneous insert with
     * DUPLICATE_VALUE; the upsert is then repeated once and finds the winner's Case.
     */
    async upsertCase(c: NewCase): Promise<{ chatCase: ChatCase; created: boolean }> {
        const fields = {
            Subject: c.subject,
            Description: c.description,
            SuppliedName: c.name,
            SuppliedEmail: c.email,
            Origin: 'Chat',
            ContactId: c.contactId,
            [CASE_FIELDS.customerId]: c.customerId,
            [CASE_FIELDS.requestFingerprint]: c.requestFingerprint,
        };
        let result;
        try {
            result = await this.sf.upsert('Case', CASE_FIELDS.idempotencyKey, c.idempotencyKey, fields);
        } catch (err) {
            if (!(err instanceof SalesforceApiError) || err.upstreamCode !== 'DUPLICATE_VALUE') throw err;
            result = await this.sf.upsert('Case', CASE_FIELDS.idempotencyKey, c.idempotencyKey, fields);
        }
        const saved = await this.findCaseByIdempotencyKey(c.idempotencyKey);
        if (!saved) throw new Error('Case not found after upsert');
        return { chatCase: saved, created: result.created === true };
    }

    async setGroupId(caseId: string, groupId: string): Promise<void> {
        await this.sf.update('Case', caseId, { [CASE_FIELDS.groupId]: groupId });
    }
}
