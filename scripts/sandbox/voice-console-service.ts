/**
 * What TimVoiceController does for the `tim_phone_bar` utility item, answered from the fakes with the same semantics
 * (force-app/main/default/classes/TimVoiceController.cls):
 * - `startVoiceSession`: the relay's `POST /v1/agents/voice-session` for the agent, the same readable errors;
 * - `findCallerRecords`: SOSL `FIND <terms> IN PHONE FIELDS RETURNING Contact(...)` stood in for by the fake's SOQL
 *   plus the search engine's phone matching (a phone field matches a term when its digits, formatting ignored, end
 *   with it), then the found Contacts' open Cases — returned as is, nothing decided;
 * - `createPhoneCase`: a Case with Origin Phone, the Contact, the caller's number.
 * Which record to open is decided in the shipped browser code (lwc-src/src/voice/screen-pop.ts), not here.
 * Also the console's view of a popped Case: its fields and its engagement log (the call log the relay wrote).
 */
import type { ConsoleAgent, ConsoleEngagementEvent } from './console-service.js';
import { CASE_ID, ConsoleError } from './console-service.js';
import { HttpFailure, type RelayHttp, type SalesforceRest } from './http-clients.js';
import { readEngagementEvents, soqlId } from './engagement-log.js';

const E164 = /^\+[1-9][0-9]{7,14}$/;
const CONTACT_ID = /^003[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;
const MAX_CONTACTS = 200;
const MAX_CASES = 1000;
const PHONE_FIELDS = ['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone'] as const;
/** The call log a popped Case shows: its latest engagement events. */
const CALL_LOG_EVENTS = 200;

const badPhone = (): ConsoleError =>
    new ConsoleError(400, 'BAD_PHONE', 'The caller number must be in E.164 form, for example +14155550100.');

/** TimVoiceController.searchTerms: the digits, and the national digits after a 1-, 2- or 3-digit calling code. */
function searchTerms(phoneE164: string): string[] {
    const digits = phoneE164.slice(1);
    const terms = [digits];
    for (let codeLength = 1; codeLength <= 3; codeLength++) {
        const national = digits.slice(codeLength);
        if (national.length >= 6) terms.push(national, `0${national}`);
    }
    return terms;
}

/** The search engine's phone matching: formatting ignored, a term matches the number or its tail. */
function phoneMatchesTerm(phone: string | null | undefined, term: string): boolean {
    if (!phone) return false;
    const digits = phone.replace(/\D/g, '');
    return digits.length > 0 && digits.endsWith(term);
}

/** TimVoiceController.messageFor: the relay's error as the agent reads it. */
function sessionMessage(e: unknown): string {
    if (!(e instanceof HttpFailure)) return 'The voice service is not reachable right now. Try again in a moment.';
    const body = e.body as { error?: { code?: unknown; message?: unknown } } | null;
    const code = typeof body?.error?.code === 'string' ? body.error.code : `HTTP_${e.status}`;
    const message = typeof body?.error?.message === 'string' ? body.error.message : '';
    switch (code) {
        case 'VOICE_USER_NOT_MAPPED':
            return 'Your Salesforce user is not mapped to a Tencent Cloud Contact Center agent. Ask your administrator.';
        case 'VOICE_SEAT_NOT_FOUND':
            return 'Tencent Cloud Contact Center has no agent seat for your user. Ask your administrator to add it.';
        case 'VOICE_NOT_CONFIGURED':
            return 'Voice is not set up on the chat relay. Ask your administrator.';
        case 'TCCC_ERROR':
            return `Tencent Cloud Contact Center refused the login: ${message}`;
    }
    if (e.status === 401 || e.status === 403)
        return "The voice service refused Salesforce's credentials. Ask your administrator to check the Tim_Relay named credential.";
    if (e.status === 408 || e.status === 429 || e.status >= 500)
        return 'The voice service is not reachable right now. Try again in a moment.';
    return `The voice service could not start your phone (${code}).`;
}

interface ContactRow {
    Id: string;
    Name: string;
    Phone: string | null;
    MobilePhone: string | null;
    HomePhone: string | null;
    OtherPhone: string | null;
}

interface PhoneCaseRow {
    Id: string;
    CaseNumber: string;
    Subject: string | null;
    Status: string;
    Origin: string | null;
    SuppliedPhone: string | null;
    ContactId: string | null;
    Contact: { Name?: string } | null;
}

/** A popped Case as the sandbox console shows it, with its engagement log (oldest first). */
export interface PoppedCase {
    caseId: string;
    caseNumber: string;
    subject: string;
    status: string;
    origin: string;
    suppliedPhone: string;
    contactId: string | null;
    contactName: string;
    events: ConsoleEngagementEvent[];
}

export interface VoiceConsoleDeps {
    sf: SalesforceRest;
    relay: RelayHttp;
    nameOf: (userId: string) => string;
}

export class VoiceConsoleService {
    constructor(private readonly deps: VoiceConsoleDeps) {}

    /** TimVoiceController.startVoiceSession for this agent (the current user in Salesforce). */
    async startVoiceSession(agent: ConsoleAgent): Promise<Record<string, unknown>> {
        let res: unknown;
        try {
            res = await this.deps.relay.voiceSession(agent.userId);
        } catch (e) {
            throw new ConsoleError(e instanceof HttpFailure ? e.status : 502, 'VOICE_SESSION', sessionMessage(e));
        }
        const r = (res ?? {}) as Record<string, unknown>;
        const text = (k: string) => typeof r[k] === 'string' && r[k].length > 0;
        if (!['sdkUrl', 'token', 'phonePageUrl', 'seatUserId'].every(text) || r.sdkAppId == null || r.expiresAt == null)
            throw new ConsoleError(
                502,
                'VOICE_SESSION',
                'The voice service returned an incomplete session. Try again later.',
            );
        const { sdkUrl, token, expiresAt, sdkAppId, seatUserId, phonePageUrl } = r;
        return { sdkUrl, token, expiresAt, sdkAppId, seatUserId, phonePageUrl };
    }

    /** TimVoiceController.findCallerRecords. */
    async findCallerRecords(phoneE164: unknown): Promise<{ contacts: ContactRow[]; cases: unknown[] }> {
        if (typeof phoneE164 !== 'string' || !E164.test(phoneE164)) throw badPhone();
        const terms = searchTerms(phoneE164);
        const all = await this.deps.sf.query<ContactRow>(
            'SELECT Id, Name, Phone, MobilePhone, HomePhone, OtherPhone FROM Contact ORDER BY CreatedDate ASC LIMIT 2000',
        );
        const contacts = all.records
            .filter((c) => PHONE_FIELDS.some((f) => terms.some((t) => phoneMatchesTerm(c[f], t))))
            .slice(0, MAX_CONTACTS)
            .map(({ Id, Name, Phone, MobilePhone, HomePhone, OtherPhone }) => ({
                Id,
                Name,
                Phone,
                MobilePhone,
                HomePhone,
                OtherPhone,
            }));
        if (contacts.length === 0) return { contacts, cases: [] };
        const cases = await this.deps.sf.query<Record<string, unknown>>(
            'SELECT Id, CaseNumber, Subject, Status, ContactId, CreatedDate FROM Case ' +
                `WHERE ContactId IN (${contacts.map((c) => soqlId(c.Id)).join(', ')}) AND IsClosed = false ` +
                `ORDER BY CreatedDate DESC LIMIT ${MAX_CASES}`,
        );
        return {
            contacts,
            cases: cases.records.map(({ Id, CaseNumber, Subject, Status, ContactId, CreatedDate }) => ({
                Id,
                CaseNumber,
                Subject,
                Status,
                ContactId,
                CreatedDate,
            })),
        };
    }

    /** TimVoiceController.createPhoneCase: the new Case's id. */
    async createPhoneCase(phoneE164: unknown, contactId: unknown): Promise<string> {
        const withheld = phoneE164 === null || phoneE164 === undefined || phoneE164 === '';
        if (!withheld && (typeof phoneE164 !== 'string' || !E164.test(phoneE164))) throw badPhone();
        if (
            contactId !== null &&
            contactId !== undefined &&
            (typeof contactId !== 'string' || !CONTACT_ID.test(contactId))
        )
            throw new ConsoleError(400, 'BAD_CONTACT', 'contactId must be a Contact id.');
        return this.deps.sf.insert('Case', {
            Origin: 'Phone',
            ContactId: contactId ?? null,
            SuppliedPhone: withheld ? null : phoneE164,
            Subject: withheld ? 'Call from a withheld number' : `Call from ${phoneE164}`,
        });
    }

    /** A Case the phone opened, with its engagement log (the call log), oldest first. */
    async poppedCase(caseId: string): Promise<PoppedCase> {
        if (!CASE_ID.test(caseId)) throw new ConsoleError(400, 'BAD_CASE_ID', 'caseId must be a Case id');
        const res = await this.deps.sf.query<PhoneCaseRow>(
            'SELECT Id, CaseNumber, Subject, Status, Origin, SuppliedPhone, ContactId, Contact.Name FROM Case ' +
                `WHERE Id = ${soqlId(caseId)}`,
        );
        const c = res.records[0];
        if (!c) throw new ConsoleError(404, 'NOT_FOUND', 'No case with this id');
        return {
            caseId: c.Id,
            caseNumber: c.CaseNumber,
            subject: c.Subject ?? '',
            status: c.Status,
            origin: c.Origin ?? '',
            suppliedPhone: c.SuppliedPhone ?? '',
            contactId: c.ContactId,
            contactName: c.Contact?.Name ?? '',
            events: await readEngagementEvents(this.deps.sf, c.Id, CALL_LOG_EVENTS, this.deps.nameOf),
        };
    }
}
