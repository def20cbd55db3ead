/**
 * Salesforce Quick Text in the sandbox: the records seeded into the fake Salesforce, and the search that answers the
 * Aura host's `c.searchQuickText` for the console's widget, with TimQuickTextController's semantics over the fake's
 * REST API: the newest 500 insertable records (Name and Message cannot be filtered or sorted in SOQL), matched on
 * name or message ignoring case, ordered by name, at most 20. Which records an agent may read is the org's sharing
 * (the Apex query runs in user mode); the sandbox reads as its integration user and offers every record.
 */
import type { SalesforceRest } from './http-clients.js';

/** TimQuickTextController.MAX_RESULTS / MAX_QUERY_LENGTH / MAX_SCANNED. */
export const QUICK_TEXT_MAX_RESULTS = 20;
export const QUICK_TEXT_MAX_QUERY = 80;
const MAX_SCANNED = 500;

export interface QuickTextItem {
    id: string;
    name: string;
    message: string;
    category: string | null;
}

interface QuickTextRow {
    Id: string;
    Name: string;
    Message: string | null;
    Category: string | null;
}

export class QuickTextQueryError extends Error {}

/** The seeded Quick Text: merge fields the widget fills, one it cannot (to show the flag), one in Simplified Chinese. */
export const SEED_QUICK_TEXTS: ReadonlyArray<Record<string, unknown>> = [
    {
        Name: 'Refund status',
        Message:
            'Hi {!Contact.FirstName}, this is {!User.FirstName}. The refund for case {!Case.CaseNumber} has been approved and reaches your account within 5 working days.',
        Category: 'Billing',
        Channel: 'Live Agent;Email',
    },
    {
        Name: 'Refund policy',
        Message: 'Refunds are paid to the original payment method. Questions? Call us at {!Case.Owner.Phone}.',
        Category: 'Billing',
        Channel: 'Live Agent',
    },
    {
        Name: 'Greeting',
        Message: 'Hello {!Contact.Name}, my name is {!User.Name} and I am looking at your case now.',
        Category: 'Greetings',
        Channel: 'Live Agent',
    },
    {
        Name: '问候（中文）',
        Message: '{!Contact.Name}您好，我是客服{!User.Name}，正在处理您的工单 {!Case.CaseNumber}。',
        Category: 'Greetings',
        Channel: 'Live Agent',
    },
    {
        Name: 'Closing',
        Message: 'Is there anything else I can help you with today?',
        Category: 'Greetings',
        Channel: 'Live Agent',
    },
    {
        Name: 'Refund draft (not insertable)',
        Message: 'Internal draft: not offered to agents.',
        Category: 'Billing',
        IsInsertable: false,
    },
];

export async function searchQuickText(sf: SalesforceRest, rawQuery: unknown): Promise<QuickTextItem[]> {
    const query = typeof rawQuery === 'string' ? rawQuery.replace(/[\p{Cc}\s]+/gu, ' ').trim() : '';
    if (query.length > QUICK_TEXT_MAX_QUERY)
        throw new QuickTextQueryError(`Search text can be at most ${QUICK_TEXT_MAX_QUERY} characters.`);
    const result = await sf.query<QuickTextRow>(
        `SELECT Id, Name, Message, Category FROM QuickText WHERE IsInsertable = true ORDER BY LastModifiedDate DESC LIMIT ${MAX_SCANNED}`,
    );
    const needle = query.toLowerCase();
    return result.records
        .filter(
            (r) =>
                needle === '' ||
                r.Name.toLowerCase().includes(needle) ||
                (r.Message ?? '').toLowerCase().includes(needle),
        )
        .map((r) => ({ id: r.Id, name: r.Name, message: r.Message ?? '', category: r.Category || null }))
        .sort((a, b) => compare(a.name.toLowerCase(), b.name.toLowerCase()) || compare(a.id, b.id))
        .slice(0, QUICK_TEXT_MAX_RESULTS);
}

/** Apex String.compareTo: by UTF-16 code units, not locale. */
function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
