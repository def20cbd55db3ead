/**
 * What the relay's case sync reads and writes in Salesforce: AgentWork, User (IsActive, Name), the settings custom
 * metadata type, deleted rows (queryAll, IsDeleted, undelete) and the multipart ContentVersion insert.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeSalesforce } from '../salesforce/index.js';
import type { FakeSalesforce } from '../salesforce/index.js';
import { SF, clientCredentialsToken, errorCode, obj, rows, sfApi, soql } from './salesforce-helpers.js';

let fake: FakeSalesforce;
let base: string;
let token: string;

const api = (method: string, path: string, body?: unknown) => sfApi(base, token, method, path, body);
const q = (text: string, all = false) => soql(base, token, text, all);

beforeAll(async () => {
    fake = createFakeSalesforce({ clientId: SF.clientId, clientSecret: SF.clientSecret });
    base = await fake.listen();
});
afterAll(() => fake.close());
beforeEach(async () => {
    fake.reset();
    token = await clientCredentialsToken(base);
});

function multipartBody(boundary: string, entity: unknown, file: Buffer, filename = 'a.txt'): Buffer {
    return Buffer.concat([
        Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="entity_content"\r\nContent-Type: application/json\r\n\r\n` +
                `${JSON.stringify(entity)}\r\n--${boundary}\r\nContent-Disposition: form-data; name="VersionData"; filename="${filename}"\r\n` +
                'Content-Type: application/octet-stream\r\n\r\n',
        ),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
}

async function postMultipart(body: Buffer, boundary: string, object = 'ContentVersion') {
    const res = await fetch(`${base}/services/data/v66.0/sobjects/${object}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary="${boundary}"` },
        body: new Uint8Array(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('AgentWork', () => {
    it('is created for a Case and a User; only the platform moves its Status; SOQL filters by WorkItemId and Status', async () => {
        const agent = fake.insert('User', { Username: 'a@x.example', LastName: 'Agent', FirstName: 'Ann' });
        const caseId = fake.insert('Case', { Subject: 'Routed' });
        const created = await api('POST', '/sobjects/AgentWork', { WorkItemId: caseId, UserId: agent });
        expect(created.status).toBe(201);
        const workId = obj(created)['id'] as string;
        expect(workId.startsWith('0Bz')).toBe(true);
        expect(fake.getRecord('AgentWork', workId)!['Status']).toBe('Assigned');

        const refused = await api('PATCH', `/sobjects/AgentWork/${workId}`, { Status: 'Opened' });
        expect(refused.status).toBe(400);
        expect(errorCode(refused)).toBe('INVALID_FIELD_FOR_INSERT_UPDATE');
        const wrongTarget = await api('POST', '/sobjects/AgentWork', { WorkItemId: agent, UserId: agent });
        expect(errorCode(wrongTarget)).toBe('INVALID_CROSS_REFERENCE_KEY');

        fake.platformUpdate('AgentWork', workId, { Status: 'Opened' });
        const opened = rows(
            await q(
                `SELECT WorkItemId, UserId, User.Name FROM AgentWork WHERE WorkItemId IN ('${caseId}') AND Status = 'Opened'`,
            ),
        );
        expect(opened).toHaveLength(1);
        expect(opened[0]).toMatchObject({ WorkItemId: caseId, UserId: agent, User: { Name: 'Ann Agent' } });
        fake.platformUpdate('AgentWork', workId, { Status: 'Transferred' });
        expect(rows(await q(`SELECT Id FROM AgentWork WHERE Status = 'Opened'`))).toHaveLength(0);
    });
});

describe('User', () => {
    it('has Name (first + last) and IsActive for filtering', async () => {
        const on = fake.insert('User', { Username: 'on@x.example', FirstName: 'Ona', LastName: 'Active' });
        const off = fake.insert('User', { Username: 'off@x.example', LastName: 'Gone', IsActive: false });
        const list = rows(await q(`SELECT Id, Name, IsActive FROM User WHERE Id IN ('${on}', '${off}') ORDER BY Name`));
        expect(list.map((u) => [u['Name'], u['IsActive']])).toEqual([
            ['Gone', false],
            ['Ona Active', true],
        ]);
    });
});

describe('Tim_Chat_Setting__mdt', () => {
    it('is readable by SOQL and cannot be changed through the REST API', async () => {
        expect(rows(await q(`SELECT DeveloperName FROM Tim_Chat_Setting__mdt`))).toEqual([]);
        fake.insert('Tim_Chat_Setting__mdt', {
            DeveloperName: 'Default',
            MasterLabel: 'Default',
            Close_Action__c: 'Dismiss',
            Archive_Transcript__c: false,
        });
        const found = rows(
            await q(
                `SELECT DeveloperName, Close_Action__c, Archive_Transcript__c FROM Tim_Chat_Setting__mdt WHERE DeveloperName = 'Default'`,
            ),
        );
        expect(found).toEqual([
            expect.objectContaining({
                DeveloperName: 'Default',
                Close_Action__c: 'Dismiss',
                Archive_Transcript__c: false,
            }),
        ]);
        const insert = await api('POST', '/sobjects/Tim_Chat_Setting__mdt', { DeveloperName: 'Other' });
        expect(insert.status).toBe(400);
        expect(errorCode(insert)).toBe('INVALID_TYPE_FOR_OPERATION');
    });
});

describe('deleted rows', () => {
    it('query hides a deleted Case, queryAll shows it with IsDeleted = true, undelete brings it back', async () => {
        const id = fake.insert('Case', { Subject: 'Bin me', Chat_Group_Id__c: 'g-1' });
        expect((await api('DELETE', `/sobjects/Case/${id}`)).status).toBe(204);
        expect(rows(await q(`SELECT Id FROM Case WHERE Id = '${id}'`))).toEqual([]);
        const all = rows(await q(`SELECT Id, IsDeleted, Chat_Group_Id__c FROM Case WHERE Id IN ('${id}')`, true));
        expect(all).toEqual([expect.objectContaining({ Id: id, IsDeleted: true, Chat_Group_Id__c: 'g-1' })]);
        expect((await api('GET', `/sobjects/Case/${id}`)).status).toBe(404);
        fake.undelete('Case', id);
        expect(rows(await q(`SELECT Id, IsDeleted FROM Case WHERE Id = '${id}'`))).toEqual([
            expect.objectContaining({ IsDeleted: false }),
        ]);
    });
});

describe('ContentVersion multipart insert', () => {
    it('stores the binary part byte for byte, with the JSON part as the record', async () => {
        const caseId = fake.insert('Case', { Subject: 'Files' });
        const bytes = Buffer.from('Grüße, 你好\n'.repeat(20_000), 'utf8');
        const res = await postMultipart(
            multipartBody('b0undary', { Title: 'T', PathOnClient: 't.txt', FirstPublishLocationId: caseId }, bytes),
            'b0undary',
        );
        expect(res.status).toBe(201);
        const id = (res.json as { id: string }).id;
        const stored = fake.getRecord('ContentVersion', id)!;
        expect(Buffer.from(String(stored['VersionData']), 'base64').equals(bytes)).toBe(true);
        expect(stored['ContentSize']).toBe(bytes.length);
        const download = await fetch(`${base}/services/data/v66.0/sobjects/ContentVersion/${id}/VersionData`, {
            headers: { authorization: `Bearer ${token}` },
        });
        expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
        expect(rows(await q(`SELECT Id FROM ContentVersion WHERE FirstPublishLocationId = '${caseId}'`))).toHaveLength(
            1,
        );
        const recorded = fake.calls.find((c) => c.method === 'POST' && c.path.endsWith('/sobjects/ContentVersion'))!
            .body as { multipart: Array<{ name: string; bytes: number }> };
        expect(recorded.multipart.map((p) => p.name)).toEqual(['entity_content', 'VersionData']);
    });

    it('rejects a body without the JSON part first, without a filename, with VersionData in the JSON, or on an object without a blob', async () => {
        const entity = { PathOnClient: 'x.txt' };
        const wrongOrder = Buffer.from(
            '--b\r\nContent-Disposition: form-data; name="VersionData"; filename="x"\r\n\r\nabc\r\n--b--\r\n',
        );
        expect((await postMultipart(wrongOrder, 'b')).status).toBe(400);
        const noName = multipartBody('b', entity, Buffer.from('abc'))
            .toString('latin1')
            .replace('; filename="a.txt"', '');
        expect((await postMultipart(Buffer.from(noName, 'latin1'), 'b')).status).toBe(400);
        const inJson = await postMultipart(
            multipartBody('b', { ...entity, VersionData: 'YWJj' }, Buffer.from('abc')),
            'b',
        );
        expect(inJson.status).toBe(400);
        const unclosed = await postMultipart(
            Buffer.from('--b\r\nContent-Disposition: form-data; name="entity_content"\r\n\r\n{}'),
            'b',
        );
        expect(unclosed.status).toBe(400);
        const onCase = await postMultipart(multipartBody('b', { Subject: 'x' }, Buffer.from('abc')), 'b', 'Case');
        expect(onCase.status).toBe(415);
    });
});
