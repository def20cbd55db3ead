import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeSalesforce, to18 } from '../salesforce/index.js';
import type { FakeSalesforce } from '../salesforce/index.js';
import { SF, clientCredentialsToken, errorCode, obj, rows, sfApi, soql } from './salesforce-helpers.js';

let fake: FakeSalesforce;
let base: string;
let token: string;

const api = (method: string, path: string, body?: unknown) => sfApi(base, token, method, path, body);

beforeAll(async () => {
    fake = createFakeSalesforce({ clientId: SF.clientId, clientSecret: SF.clientSecret });
    base = await fake.listen();
});
afterAll(() => fake.close());
beforeEach(async () => {
    fake.reset();
    token = await clientCredentialsToken(base);
});

describe('Case create / retrieve / update', () => {
    it('creates with 201, a checksummed 500 id, auto CaseNumber and defaults', async () => {
        const created = await api('POST', '/sobjects/Case', {
            Subject: 'Cannot log in',
            Origin: 'Chat',
            SuppliedEmail: 'ada@example.com',
        });
        expect(created.status).toBe(201);
        const { id } = obj(created) as { id: string };
        expect(created.json).toEqual({ id, success: true, errors: [] });
        expect(id).toMatch(/^500[A-Za-z0-9]{15}$/);
        expect(to18(id.slice(0, 15))).toBe(id);

        const record = obj(await api('GET', `/sobjects/Case/${id}`));
        expect(record).toMatchObject({
            attributes: { type: 'Case', url: `/services/data/v66.0/sobjects/Case/${id}` },
            Id: id,
            CaseNumber: '00001001',
            Status: 'New',
            IsClosed: false,
            Priority: 'Medium',
            OwnerId: fake.integrationUserId,
            Chat_Group_Id__c: null,
        });
        expect(record['CreatedDate']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
        const second = obj(await api('POST', '/sobjects/Case', { Subject: 'Two' }));
        expect(fake.getRecord('Case', second['id'] as string)!['CaseNumber']).toBe('00001002');
    });

    it('retrieves by 15-char id with ?fields= and rejects unknown fields', async () => {
        const id = obj(await api('POST', '/sobjects/Case', { Subject: 'S' }))['id'] as string;
        const partial = await api('GET', `/sobjects/Case/${id.slice(0, 15)}?fields=Subject,status`);
        expect(partial.json).toEqual({
            attributes: { type: 'Case', url: `/services/data/v66.0/sobjects/Case/${id}` },
            Subject: 'S',
            Status: 'New',
        });
        const bad = await api('GET', `/sobjects/Case/${id}?fields=Nope`);
        expect(bad.status).toBe(400);
        expect(errorCode(bad)).toBe('INVALID_FIELD');
        expect((await api('GET', '/sobjects/Case/500000000000000AAA')).status).toBe(404);
        expect((await api('GET', '/sobjects/Nope/500000000000000AAA')).status).toBe(404);
    });

    it('updates with 204 and derives IsClosed / ClosedDate from Status', async () => {
        const id = obj(await api('POST', '/sobjects/Case', { Subject: 'S' }))['id'] as string;
        const patched = await api('PATCH', `/sobjects/Case/${id}`, {
            Status: 'Closed',
            Chat_Transcript_Archived_At__c: '2026-11-20T10:00:00Z',
        });
        expect(patched.status).toBe(204);
        expect(patched.json).toBeUndefined();
        const record = fake.getRecord('Case', id)!;
        expect(record).toMatchObject({
            Status: 'Closed',
            IsClosed: true,
            Chat_Transcript_Archived_At__c: '2026-11-20T10:00:00.000+0000',
        });
        expect(record['ClosedDate']).not.toBeNull();
        await api('PATCH', `/sobjects/Case/${id}`, { Status: 'Working' });
        expect(fake.getRecord('Case', id)).toMatchObject({ IsClosed: false, ClosedDate: null });
    });
});

describe('validation errors', () => {
    it.each([
        ['an unknown field', 'Case', { Nope__c: 1 }, 'INVALID_FIELD', ['Nope__c']],
        ['a too-long Subject', 'Case', { Subject: 's'.repeat(256) }, 'STRING_TOO_LONG', ['Subject']],
        [
            'a too-long Chat_Customer_Id__c',
            'Case',
            { Chat_Customer_Id__c: 'c'.repeat(33) },
            'STRING_TOO_LONG',
            ['Chat_Customer_Id__c'],
        ],
        ['a bad SuppliedEmail', 'Case', { SuppliedEmail: 'not-an-email' }, 'INVALID_EMAIL_ADDRESS', ['SuppliedEmail']],
        [
            'an Origin outside the picklist',
            'Case',
            { Origin: 'Fax' },
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            ['Origin'],
        ],
        ['a read-only field', 'Case', { CaseNumber: '1' }, 'INVALID_FIELD_FOR_INSERT_UPDATE', ['CaseNumber']],
        ['a malformed ContactId', 'Case', { ContactId: 'abc' }, 'MALFORMED_ID', ['ContactId']],
        [
            'a ContactId of no record',
            'Case',
            { ContactId: '0035g0000000001AAA' },
            'INVALID_CROSS_REFERENCE_KEY',
            ['ContactId'],
        ],
        ['a Contact without LastName', 'Contact', { FirstName: 'Ada' }, 'REQUIRED_FIELD_MISSING', ['LastName']],
        ['a bad Contact Email', 'Contact', { LastName: 'L', Email: 'a@b' }, 'INVALID_EMAIL_ADDRESS', ['Email']],
    ])('answers 400 for %s', async (_name, sobject, body, code, fields) => {
        const response = await api('POST', `/sobjects/${sobject}`, body);
        expect(response.status).toBe(400);
        expect(response.json).toEqual([{ message: expect.any(String), errorCode: code, fields }]);
        expect(fake.records(sobject)).toHaveLength(0);
    });

    it('enforces unique external ids case-sensitively (Chat_Group_Id__c and Chat_Idempotency_Key__c, as the package declares)', async () => {
        await api('POST', '/sobjects/Case', { Chat_Group_Id__c: 'grp-A', Chat_Idempotency_Key__c: 'key-1' });
        const dupGroup = await api('POST', '/sobjects/Case', { Chat_Group_Id__c: 'grp-A' });
        expect(dupGroup.status).toBe(400);
        expect(errorCode(dupGroup)).toBe('DUPLICATE_VALUE');
        expect((await api('POST', '/sobjects/Case', { Chat_Group_Id__c: 'GRP-A' })).status).toBe(201);
        const dupKey = await api('POST', '/sobjects/Case', { Chat_Idempotency_Key__c: 'key-1' });
        expect(errorCode(dupKey)).toBe('DUPLICATE_VALUE');
        // caseSensitive=true in the package metadata: a key differing only in case is another value.
        expect((await api('POST', '/sobjects/Case', { Chat_Idempotency_Key__c: 'KEY-1' })).status).toBe(201);
    });

    it('answers JSON_PARSER_ERROR for a malformed body or a wrongly typed value', async () => {
        const response = await fetch(`${base}/services/data/v66.0/sobjects/Case`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: '{"Subject":',
        });
        expect(response.status).toBe(400);
        expect(((await response.json()) as Array<{ errorCode: string }>)[0]!.errorCode).toBe('JSON_PARSER_ERROR');
        expect(errorCode(await api('POST', '/sobjects/Case', { IsEscalated: 'maybe' }))).toBe('JSON_PARSER_ERROR');
        expect(errorCode(await api('POST', '/sobjects/Case', { Chat_Transcript_Archived_At__c: 'yesterday' }))).toBe(
            'JSON_PARSER_ERROR',
        );
    });
});

describe('upsert by external id', () => {
    it('creates (201, created:true) then updates (200, created:false)', async () => {
        const first = await api('PATCH', '/sobjects/Case/Chat_Idempotency_Key__c/idem-123', {
            Subject: 'First',
            Origin: 'Chat',
        });
        expect(first.status).toBe(201);
        const { id } = obj(first) as { id: string };
        expect(first.json).toEqual({ id, success: true, errors: [], created: true });
        expect(fake.getRecord('Case', id)).toMatchObject({ Chat_Idempotency_Key__c: 'idem-123', Subject: 'First' });

        const second = await api('PATCH', '/sobjects/Case/Chat_Idempotency_Key__c/idem-123', { Subject: 'Second' });
        expect(second.status).toBe(200);
        expect(second.json).toEqual({ id, success: true, errors: [], created: false });
        expect(fake.records('Case')).toHaveLength(1);
        expect(fake.getRecord('Case', id)!['Subject']).toBe('Second');

        const byExt = await api('GET', '/sobjects/Case/Chat_Idempotency_Key__c/idem-123');
        expect(obj(byExt)['Id']).toBe(id);

        // The key is case-sensitive: an upsert with another case creates another Case.
        const other = await api('PATCH', '/sobjects/Case/Chat_Idempotency_Key__c/IDEM-123', {
            Subject: 'Other',
            Origin: 'Chat',
        });
        expect(other.status).toBe(201);
        expect((obj(other) as { id: string }).id).not.toBe(id);
        expect(fake.records('Case')).toHaveLength(2);
    });

    it('404s a field that is not an external id', async () => {
        const response = await api('PATCH', '/sobjects/Case/Subject/x', { Origin: 'Chat' });
        expect(response.status).toBe(404);
        expect(errorCode(response)).toBe('NOT_FOUND');
    });
});

describe('delete and recycle bin', () => {
    it('deletes with 204, hides the record, keeps it for queryAll and undelete', async () => {
        const id = obj(await api('POST', '/sobjects/Case', { Subject: 'bye' }))['id'] as string;
        expect((await api('DELETE', `/sobjects/Case/${id}`)).status).toBe(204);
        const gone = await api('GET', `/sobjects/Case/${id}`);
        expect(gone.status).toBe(404);
        expect(errorCode(gone)).toBe('ENTITY_IS_DELETED');
        expect(fake.records('Case')).toHaveLength(0);
        expect(rows(await soql(base, token, 'SELECT Id FROM Case'))).toHaveLength(0);
        expect(rows(await soql(base, token, 'SELECT Id, IsDeleted FROM Case', true))).toEqual([
            expect.objectContaining({ Id: id, IsDeleted: true }),
        ]);
        expect(fake.deletedRecords('Case')).toHaveLength(1);
        fake.undelete('Case', id);
        expect(fake.getRecord('Case', id)).toBeDefined();
    });
});

describe('files (ContentVersion)', () => {
    it('creates a ContentDocument and links it to FirstPublishLocationId', async () => {
        const caseId = obj(await api('POST', '/sobjects/Case', { Subject: 'with transcript' }))['id'] as string;
        const data = Buffer.from('transcript text\n').toString('base64');
        const created = await api('POST', '/sobjects/ContentVersion', {
            Title: 'Transcript',
            PathOnClient: 'transcript.txt',
            VersionData: data,
            FirstPublishLocationId: caseId,
        });
        expect(created.status).toBe(201);
        const versionId = obj(created)['id'] as string;
        expect(versionId.startsWith('068')).toBe(true);
        const version = obj(await api('GET', `/sobjects/ContentVersion/${versionId}`));
        expect(version).toMatchObject({
            Title: 'Transcript',
            FileExtension: 'txt',
            ContentSize: 16,
            VersionData: `/services/data/v66.0/sobjects/ContentVersion/${versionId}/VersionData`,
        });
        const documentId = version['ContentDocumentId'] as string;
        expect(documentId.startsWith('069')).toBe(true);

        const blob = await fetch(`${base}${version['VersionData'] as string}`, {
            headers: { authorization: `Bearer ${token}` },
        });
        expect(await blob.text()).toBe('transcript text\n');

        const links = rows(
            await soql(
                base,
                token,
                `SELECT ContentDocumentId, ContentDocument.Title, ShareType FROM ContentDocumentLink WHERE LinkedEntityId = '${caseId}'`,
            ),
        );
        expect(links).toEqual([
            expect.objectContaining({
                ContentDocumentId: documentId,
                ShareType: 'V',
                ContentDocument: expect.objectContaining({ Title: 'Transcript' }),
            }),
        ]);
        const unfiltered = await soql(base, token, 'SELECT Id FROM ContentDocumentLink');
        expect(unfiltered.status).toBe(400);
        expect(errorCode(unfiltered)).toBe('MALFORMED_QUERY');
        expect(
            (await api('POST', '/sobjects/ContentVersion', { Title: 'no data', PathOnClient: 'x.txt' })).status,
        ).toBe(400);
    });
});
