import {
    decideChoice,
    decideScreenPop,
    parseCallerRecords,
    toE164,
    type CallerCase,
    type CallerContact,
    type CallerRecords,
} from '../voice/screen-pop';

const ADA = '003000000000001AAA';
const BOB = '003000000000002AAA';
const CASE1 = '500000000000001AAA';
const CASE2 = '500000000000002AAA';

const contact = (Id: string, Name: string, phones: Partial<CallerContact>): CallerContact => ({ Id, Name, ...phones });
const openCase = (Id: string, ContactId: string, CreatedDate: string, Subject = 'Question'): CallerCase => ({
    Id,
    CaseNumber: `0000${Id.slice(-4, -3)}`,
    Subject,
    Status: 'New',
    ContactId,
    CreatedDate,
});

describe('toE164', () => {
    it.each([
        ['+1 (415) 555-0100', '1', '+14155550100'],
        ['(415) 555-0100', '1', '+14155550100'],
        ['415.555.0100', '1', '+14155550100'],
        ['1-415-555-0100', '1', '+14155550100'],
        ['011 44 20 7946 0018', '1', '+442079460018'],
        ['+1 415 555 0100 x123', '1', '+14155550100'],
        ['+1 415 555 0100 ext. 12', '1', '+14155550100'],
        ['+1-415-555-0100;ext=9', '1', '+14155550100'],
        ['+14155550100#77', '1', '+14155550100'],
        ['138 0013 8000', '86', '+8613800138000'],
        ['0755-8601 3388', '86', '+8675586013388'],
        ['0086 138-0013-8000', '86', '+8613800138000'],
        ['+86 (138) 0013 8000', '86', '+8613800138000'],
        ['020 7946 0018', '44', '+442079460018'],
        ['06 1234 5678', '39', '+390612345678'],
        ['8 (495) 123-45-67', '7', '+74951234567'],
        ['+49\u00a030 901820', '44', '+4930901820'],
    ])('%s with default +%s is %s', (raw, cc, expected) => {
        expect(toE164(raw, cc)).toBe(expected);
    });

    it.each([
        ['', '1'],
        ['   ', '1'],
        ['138****8000', '86'],
        ['call me', '1'],
        ['12345', '1'],
        ['+0 123 456 789', '1'],
        ['+1234567890123456', '1'],
        ['4155550100', '0'],
        ['4155550100', 'abc'],
    ])('%j with default %j is not a number', (raw, cc) => {
        expect(toE164(raw, cc)).toBeNull();
    });

    it('is null for a missing value', () => {
        expect(toE164(null, '1')).toBeNull();
        expect(toE164(undefined, '1')).toBeNull();
    });
});

describe('decideScreenPop', () => {
    const caller = '+14155550100';

    it('opens the only open case of the one matching contact', () => {
        const records: CallerRecords = {
            contacts: [contact(ADA, 'Ada', { MobilePhone: '(415) 555-0100' })],
            cases: [openCase(CASE1, ADA, '2026-12-01T10:00:00.000Z')],
        };
        expect(decideScreenPop(caller, records, '1')).toEqual({ kind: 'openCase', caseId: CASE1, contactId: ADA });
    });

    it('matches any of the four phone fields', () => {
        for (const field of ['Phone', 'MobilePhone', 'HomePhone', 'OtherPhone'] as const) {
            const records = { contacts: [contact(ADA, 'Ada', { [field]: '415-555-0100' })], cases: [] };
            expect(decideScreenPop(caller, records, '1')).toEqual({
                kind: 'createCase',
                contactId: ADA,
                phoneE164: caller,
            });
        }
    });

    it('creates a case linked to the contact when it has no open case', () => {
        const records = { contacts: [contact(ADA, 'Ada', { Phone: '+1 415 555 0100' })], cases: [] };
        expect(decideScreenPop(caller, records, '1')).toEqual({
            kind: 'createCase',
            contactId: ADA,
            phoneE164: caller,
        });
    });

    it('offers the open cases, newest first, and a new case when the contact has several', () => {
        const records = {
            contacts: [contact(ADA, 'Ada', { Phone: '4155550100' })],
            cases: [
                openCase(CASE1, ADA, '2026-12-01T10:00:00.000Z', 'Old'),
                openCase(CASE2, ADA, '2026-12-03T10:00:00.000Z', 'Recent'),
            ],
        };
        const d = decideScreenPop(caller, records, '1');
        expect(d.kind).toBe('choose');
        if (d.kind !== 'choose') return;
        expect(d.reason).toBe('cases');
        expect(d.choices.map((c) => c.kind)).toEqual(['case', 'case', 'newCase']);
        expect(d.choices[0]).toMatchObject({ caseId: CASE2 });
        expect(d.choices[0]!.label).toContain('Recent');
        expect(decideChoice(d.choices[1]!, records, caller)).toEqual({
            kind: 'openCase',
            caseId: CASE1,
            contactId: ADA,
        });
        expect(decideChoice(d.choices[2]!, records, caller)).toEqual({
            kind: 'createCase',
            contactId: ADA,
            phoneE164: caller,
        });
    });

    it('offers a choice of contacts when several match, each then following the one-contact rule', () => {
        const records = {
            contacts: [
                contact(BOB, 'Bob', { HomePhone: '(415) 555-0100' }),
                contact(ADA, 'Ada', { Phone: '+14155550100' }),
            ],
            cases: [openCase(CASE1, BOB, '2026-12-01T10:00:00.000Z')],
        };
        const d = decideScreenPop(caller, records, '1');
        expect(d).toEqual({
            kind: 'choose',
            reason: 'contacts',
            choices: [
                { kind: 'contact', contactId: ADA, label: 'Ada' },
                { kind: 'contact', contactId: BOB, label: 'Bob' },
                { kind: 'newCase', contactId: null, label: 'New case without a contact' },
            ],
        });
        if (d.kind !== 'choose') return;
        expect(decideChoice(d.choices[0]!, records, caller)).toEqual({
            kind: 'createCase',
            contactId: ADA,
            phoneE164: caller,
        });
        expect(decideChoice(d.choices[1]!, records, caller)).toEqual({
            kind: 'openCase',
            caseId: CASE1,
            contactId: BOB,
        });
        expect(decideChoice(d.choices[2]!, records, caller)).toEqual({
            kind: 'createCase',
            contactId: null,
            phoneE164: caller,
        });
    });

    it('keeps exact matches only: a number that merely shares digits is no match', () => {
        const records = {
            contacts: [
                contact(ADA, 'Ada', { Phone: '+44 415 555 0100' }),
                contact(BOB, 'Bob', { Phone: '(415) 555-01001' }),
            ],
            cases: [openCase(CASE1, ADA, '2026-12-01T10:00:00.000Z')],
        };
        expect(decideScreenPop(caller, records, '1')).toEqual({
            kind: 'createCase',
            contactId: null,
            phoneE164: caller,
        });
    });

    it('counts a contact returned twice once', () => {
        const ada = contact(ADA, 'Ada', { Phone: '4155550100' });
        const records = { contacts: [ada, ada], cases: [openCase(CASE1, ADA, '2026-12-01T10:00:00.000Z')] };
        expect(decideScreenPop(caller, records, '1')).toMatchObject({ kind: 'openCase', caseId: CASE1 });
    });

    it('creates a case with the caller number when nobody matches', () => {
        expect(decideScreenPop(caller, { contacts: [], cases: [] }, '1')).toEqual({
            kind: 'createCase',
            contactId: null,
            phoneE164: caller,
        });
    });

    it('creates a case without a lookup for a protected or unreadable caller', () => {
        const records = { contacts: [contact(ADA, 'Ada', { Phone: '4155550100' })], cases: [] };
        expect(decideScreenPop(null, records, '1')).toEqual({ kind: 'createCase', contactId: null, phoneE164: null });
    });

    it('uses the default calling code for national numbers on both sides', () => {
        const records = {
            contacts: [contact(ADA, 'Ada', { MobilePhone: '138 0013 8000' })],
            cases: [openCase(CASE1, ADA, '2026-12-01T10:00:00.000Z')],
        };
        expect(decideScreenPop(toE164('008613800138000', '86'), records, '86')).toMatchObject({
            kind: 'openCase',
            caseId: CASE1,
        });
        // the same national digits in another country are another number
        expect(decideScreenPop('+4413800138000', records, '86')).toMatchObject({ kind: 'createCase', contactId: null });
    });
});

describe('parseCallerRecords', () => {
    it('keeps well-formed rows and drops the rest', () => {
        const parsed = parseCallerRecords({
            contacts: [
                { Id: ADA, Name: 'Ada', Phone: '4155550100', AccountId: '001000000000001AAA' },
                { Id: 'bad', Name: 'x' },
                'nope',
            ],
            cases: [
                { Id: CASE1, CaseNumber: '00001001', Status: 'New', ContactId: ADA, CreatedDate: '2026-12-01' },
                { Id: CASE2, CaseNumber: '00001002', Status: 'New', CreatedDate: '2026-12-01' },
            ],
        });
        expect(parsed?.contacts.map((c) => c.Id)).toEqual([ADA]);
        expect(parsed?.contacts[0]?.MobilePhone).toBeNull();
        expect(parsed?.cases.map((c) => c.Id)).toEqual([CASE1]);
    });

    it('is null for anything else', () => {
        expect(parseCallerRecords(null)).toBeNull();
        expect(parseCallerRecords({ contacts: [] })).toBeNull();
        expect(parseCallerRecords([])).toBeNull();
    });
});
