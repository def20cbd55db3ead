/**
 * The engagement log of a Case as the sandbox console shows it (the chat timeline and the phone's call log): the
 * Tim_Engagement__c rows the relay wrote, read back from Salesforce.
 */
import type { ConsoleEngagementEvent } from './console-service.js';
import type { SalesforceRest } from './http-clients.js';

/** A record id as a SOQL literal: only its alphanumerics, quoted. */
export const soqlId = (id: string): string => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`;

export const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

interface EngagementRow {
    Event_Type__c: string | null;
    Occurred_At__c: string | null;
    User__c: string | null;
    Actor_Name__c: string | null;
    Previous_State__c: string | null;
    Seconds_In_Previous_State__c: number | null;
    Details__c: string | null;
}

/**
 * The latest `limit` engagement events of a Case, oldest first; the actor is the row's name, else the user's name
 * by `nameOf`.
 */
export async function readEngagementEvents(
    sf: SalesforceRest,
    caseId: string,
    limit: number,
    nameOf: (userId: string) => string,
): Promise<ConsoleEngagementEvent[]> {
    const rows = await sf.query<EngagementRow>(
        'SELECT Event_Type__c, Occurred_At__c, User__c, Actor_Name__c, Previous_State__c, ' +
            `Seconds_In_Previous_State__c, Details__c FROM Tim_Engagement__c WHERE Case__c = ${soqlId(caseId)} ` +
            `ORDER BY Occurred_At__c DESC, CreatedDate DESC LIMIT ${limit}`,
    );
    return rows.records
        .filter((r) => r.Event_Type__c)
        .reverse()
        .map((r) => ({
            type: r.Event_Type__c as string,
            at: r.Occurred_At__c,
            userId: r.User__c,
            actor: r.Actor_Name__c ?? (r.User__c ? nameOf(r.User__c) : ''),
            previousState: r.Previous_State__c,
            secondsInPreviousState: numberOrNull(r.Seconds_In_Previous_State__c),
            details: r.Details__c ?? '',
        }));
}
