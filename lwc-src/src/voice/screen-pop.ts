/**
 * The screen pop: which record the console opens for an inbound call. Decided once, here, from what Apex returns
 * (`TimVoiceController.findCallerRecords`: Contacts whose phone fields the search matched, and their open Cases);
 * Apex only queries and creates. The sandbox runs this same code.
 *
 * Rules (docs/voice.md):
 * - the caller's number and every phone field are normalised to E.164 with the org's default calling code; only
 *   exact matches count (the search is broad on purpose);
 * - one Contact: its open Case when it has exactly one; a choice among its open Cases (or a new one) when it has
 *   several; a new Case linked to it when it has none;
 * - several Contacts: a choice among them (then the one-Contact rule), or a new Case without a Contact;
 * - no Contact: a new Case (Origin Phone, the caller's number);
 * - a protected (masked) or unreadable caller number: a new Case without any lookup.
 */

/** The fields of a Contact the search returns (Apex SObject JSON). */
export interface CallerContact {
    Id: string;
    Name: string;
    AccountId?: string | null;
    Phone?: string | null;
    MobilePhone?: string | null;
    HomePhone?: string | null;
    OtherPhone?: string | null;
}

/** An open Case of a matched Contact. */
export interface CallerCase {
    Id: string;
    CaseNumber: string;
    Subject?: string | null;
    Status: string;
    ContactId: string;
    CreatedDate: string;
}

export interface CallerRecords {
    contacts: CallerContact[];
    cases: CallerCase[];
}

export const PHONE_FIELDS = ['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone'] as const;

/** One entry of the choice list the console shows when the caller is ambiguous. */
export type PopChoice =
    | { kind: 'contact'; contactId: string; label: string }
    | { kind: 'case'; caseId: string; contactId: string; label: string }
    | { kind: 'newCase'; contactId: string | null; label: string };

export type PopDecision =
    | { kind: 'openCase'; caseId: string; contactId: string }
    | { kind: 'createCase'; contactId: string | null; phoneE164: string | null }
    | { kind: 'choose'; reason: 'contacts' | 'cases'; choices: PopChoice[] };

// ---- E.164 normalisation ------------------------------------------------------------------------------

/**
 * National trunk prefixes that differ from the common `0` (dialled before a national number, dropped in E.164).
 * `null`: the country has none, a leading 0 belongs to the number (Italy, for example).
 */
const TRUNK_PREFIX: Record<string, string | null> = {
    '1': '1', // North American Numbering Plan
    '7': '8', // Russia, Kazakhstan
    '39': null, // Italy
    '378': null, // San Marino
    '379': null, // Vatican
    '34': null, // Spain
    '351': null, // Portugal
    '30': null, // Greece
    '45': null, // Denmark
    '47': null, // Norway
    '352': null, // Luxembourg
    '377': null, // Monaco
};

const CALLING_CODE = /^[1-9][0-9]{0,2}$/;
/** An extension after the number: `x123`, `ext. 123`, `ext=123`, `;ext=123`, `#123`, `, 123`. */
const EXTENSION = /(?:\s*(?:;?\s*ext\.?\s*=?|extension|x|#|,)\s*\d{1,7}\s*)$/i;
const FORMATTING = /[\s\-().\u00a0\u2010-\u2015/]/g;

/** Whether a default calling code setting is usable (1–3 digits, no leading 0). */
export function isCallingCode(code: unknown): code is string {
    return typeof code === 'string' && CALLING_CODE.test(code);
}

/**
 * A phone number as E.164 (`+<country><national>`, 8–15 digits), or null when it cannot be one (empty, letters,
 * masked digits, too short or long). International forms (`+`, `00`, and `011` in the North American plan) keep
 * their calling code; national forms lose their trunk prefix and get `defaultCallingCode`.
 */
export function toE164(raw: string | null | undefined, defaultCallingCode: string): string | null {
    if (typeof raw !== 'string' || !isCallingCode(defaultCallingCode)) return null;
    let s = raw.trim();
    if (s.length === 0 || s.length > 64) return null;
    s = s.replace(EXTENSION, '');
    s = s.replace(FORMATTING, '');
    let international: string;
    if (s.startsWith('+')) international = s.slice(1);
    else if (s.startsWith('00')) international = s.slice(2);
    else if (defaultCallingCode === '1' && s.startsWith('011')) international = s.slice(3);
    else {
        if (!/^[0-9]+$/.test(s)) return null;
        const trunk = Object.prototype.hasOwnProperty.call(TRUNK_PREFIX, defaultCallingCode)
            ? TRUNK_PREFIX[defaultCallingCode]
            : '0';
        let national = s;
        // NANP: an 11-digit number starting with 1 is trunk 1 + the 10-digit national number.
        if (trunk === '1') national = s.length === 11 && s.startsWith('1') ? s.slice(1) : s;
        else if (trunk && s.startsWith(trunk)) national = s.slice(trunk.length);
        international = defaultCallingCode + national;
    }
    if (!/^[1-9][0-9]{7,14}$/.test(international)) return null;
    return `+${international}`;
}

// ---- the decision -----------------------------------------------------------------------------------

/** Whether any phone field of the Contact is the caller's number. */
export function contactMatches(contact: CallerContact, callerE164: string, defaultCallingCode: string): boolean {
    return PHONE_FIELDS.some((f) => toE164(contact[f], defaultCallingCode) === callerE164);
}

function caseLabel(c: CallerCase): string {
    return c.Subject ? `${c.CaseNumber} · ${c.Subject} (${c.Status})` : `${c.CaseNumber} (${c.Status})`;
}

/** The one-Contact rule: its only open Case, a choice among several, or a new Case linked to it. */
export function decideForContact(contact: CallerContact, cases: CallerCase[], phoneE164: string | null): PopDecision {
    const open = cases
        .filter((c) => c.ContactId === contact.Id)
        .sort((a, b) => (a.CreatedDate < b.CreatedDate ? 1 : a.CreatedDate > b.CreatedDate ? -1 : 0));
    if (open.length === 1) return { kind: 'openCase', caseId: open[0]!.Id, contactId: contact.Id };
    if (open.length === 0) return { kind: 'createCase', contactId: contact.Id, phoneE164 };
    return {
        kind: 'choose',
        reason: 'cases',
        choices: [
            ...open.map((c): PopChoice => ({ kind: 'case', caseId: c.Id, contactId: contact.Id, label: caseLabel(c) })),
            { kind: 'newCase', contactId: contact.Id, label: `New case for ${contact.Name}` },
        ],
    };
}

/**
 * The decision for a call. `callerNumber` is TCCC's `callerPhoneNumber`; `records` is what
 * `findCallerRecords(toE164(callerNumber))` returned (ignored for protected callers).
 */
export function decideScreenPop(
    callerE164: string | null,
    records: CallerRecords,
    defaultCallingCode: string,
): PopDecision {
    if (!callerE164) return { kind: 'createCase', contactId: null, phoneE164: null };
    const seen = new Set<string>();
    const matched = records.contacts.filter((c) => {
        if (seen.has(c.Id) || !contactMatches(c, callerE164, defaultCallingCode)) return false;
        seen.add(c.Id);
        return true;
    });
    if (matched.length === 0) return { kind: 'createCase', contactId: null, phoneE164: callerE164 };
    if (matched.length === 1) return decideForContact(matched[0]!, records.cases, callerE164);
    return {
        kind: 'choose',
        reason: 'contacts',
        choices: [
            ...matched
                .slice()
                .sort((a, b) => a.Name.localeCompare(b.Name))
                .map((c): PopChoice => ({ kind: 'contact', contactId: c.Id, label: c.Name })),
            { kind: 'newCase', contactId: null, label: 'New case without a contact' },
        ],
    };
}

/** What the agent's choice leads to: a Contact picks up the one-Contact rule, a Case opens, newCase creates. */
export function decideChoice(choice: PopChoice, records: CallerRecords, callerE164: string | null): PopDecision {
    switch (choice.kind) {
        case 'case':
            return { kind: 'openCase', caseId: choice.caseId, contactId: choice.contactId };
        case 'newCase':
            return { kind: 'createCase', contactId: choice.contactId, phoneE164: callerE164 };
        case 'contact': {
            const contact = records.contacts.find((c) => c.Id === choice.contactId);
            return contact
                ? decideForContact(contact, records.cases, callerE164)
                : { kind: 'createCase', contactId: null, phoneE164: callerE164 };
        }
    }
}

// ---- what Apex returned, checked -------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const CONTACT_ID = /^003[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/;
const CASE_ID = /^500[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/;
const optText = (v: unknown, max: number): string | null => (typeof v === 'string' && v.length <= max ? v : null);

function parseContact(v: unknown): CallerContact | null {
    if (!isObj(v) || typeof v.Id !== 'string' || !CONTACT_ID.test(v.Id)) return null;
    const out: CallerContact = { Id: v.Id, Name: optText(v.Name, 255) ?? v.Id, AccountId: optText(v.AccountId, 18) };
    for (const f of PHONE_FIELDS) out[f] = optText(v[f], 64);
    return out;
}

function parseCase(v: unknown): CallerCase | null {
    if (!isObj(v) || typeof v.Id !== 'string' || !CASE_ID.test(v.Id)) return null;
    if (typeof v.ContactId !== 'string' || !CONTACT_ID.test(v.ContactId)) return null;
    if (typeof v.CaseNumber !== 'string' || typeof v.Status !== 'string' || typeof v.CreatedDate !== 'string')
        return null;
    return {
        Id: v.Id,
        CaseNumber: v.CaseNumber.slice(0, 30),
        Subject: optText(v.Subject, 255),
        Status: v.Status.slice(0, 40),
        ContactId: v.ContactId,
        CreatedDate: v.CreatedDate,
    };
}

/** `findCallerRecords`' answer, with malformed rows dropped; null when it is not that shape at all. */
export function parseCallerRecords(value: unknown): CallerRecords | null {
    if (!isObj(value) || !Array.isArray(value.contacts) || !Array.isArray(value.cases)) return null;
    return {
        contacts: value.contacts.map(parseContact).filter((c): c is CallerContact => c !== null),
        cases: value.cases.map(parseCase).filter((c): c is CallerCase => c !== null),
    };
}
