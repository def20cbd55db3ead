/**
 * Salesforce Quick Text merge fields (`{!Object.Field}`), resolved in the widget for the open case with what it
 * knows: the case number and subject and the customer's name (from the group profile the relay wrote, see
 * chat/case-meta.ts) and the agent's own name (from the session the host passes). A field the widget cannot fill
 * (unknown, or its value is not known for this case) stays in the text exactly as written and is reported, so the
 * agent sees it and completes it before sending: nothing is silently blanked.
 */
export interface MergeContext {
    caseNumber: string;
    caseSubject: string;
    customerName: string;
    agentName: string;
    agentFirstName: string;
}

export interface MergeResult {
    text: string;
    /** The merge fields left in `text`, as written, each once, in order of appearance. */
    unresolved: string[];
}

/** `{!Case.CaseNumber}`; names are matched ignoring case and surrounding spaces, as Salesforce does. */
const MERGE_FIELD = /\{!\s*([^{}]*?)\s*\}/g;

const words = (name: string): string[] => name.trim().split(/\s+/u).filter(Boolean);

/** A one-word name (including names written without spaces, e.g. 王小明) is its own first name. */
function firstName(name: string): string {
    return words(name)[0] ?? '';
}

function lastName(name: string): string {
    const w = words(name);
    return w.length > 1 ? (w[w.length - 1] ?? '') : '';
}

type Resolver = (c: MergeContext) => string;

/** The merge fields the widget can fill, by lower-case name. */
const FIELDS: Record<string, Resolver> = {
    'case.casenumber': (c) => c.caseNumber,
    'case.subject': (c) => c.caseSubject,
    'case.suppliedname': (c) => c.customerName,
    'case.contact.name': (c) => c.customerName,
    'case.contact.firstname': (c) => firstName(c.customerName),
    'case.contact.lastname': (c) => lastName(c.customerName),
    'contact.name': (c) => c.customerName,
    'contact.firstname': (c) => firstName(c.customerName),
    'contact.lastname': (c) => lastName(c.customerName),
    'user.name': (c) => c.agentName,
    'user.firstname': (c) => c.agentFirstName || firstName(c.agentName),
    'user.lastname': (c) => lastName(c.agentName),
};

/** The merge field names the widget knows (for the docs and tests). */
export const SUPPORTED_MERGE_FIELDS: readonly string[] = Object.keys(FIELDS);

export function resolveMergeFields(template: string, context: MergeContext): MergeResult {
    const unresolved: string[] = [];
    const text = template.replace(MERGE_FIELD, (whole: string, name: string) => {
        const resolver = Object.prototype.hasOwnProperty.call(FIELDS, name.toLowerCase())
            ? FIELDS[name.toLowerCase()]
            : undefined;
        const value = resolver ? resolver(context).trim() : '';
        if (value) return value;
        if (!unresolved.includes(whole)) unresolved.push(whole);
        return whole;
    });
    return { text, unresolved };
}

/** The merge fields still in a text (after the agent edited it), as written. */
export function mergeFieldsIn(text: string): string[] {
    const found: string[] = [];
    for (const m of text.matchAll(MERGE_FIELD)) if (!found.includes(m[0])) found.push(m[0]);
    return found;
}
