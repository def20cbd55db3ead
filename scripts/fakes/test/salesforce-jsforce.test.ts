import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSalesforce } from '../salesforce/index.js';
import type { FakeSalesforce } from '../salesforce/index.js';
import { SF, tokenRequest } from './salesforce-helpers.js';

let fake: FakeSalesforce;
let conn: Connection;

beforeAll(async () => {
    fake = createFakeSalesforce({ clientId: SF.clientId, clientSecret: SF.clientSecret });
    const base = await fake.listen();
    const { json } = await tokenRequest(base, {
        grant_type: 'client_credentials',
        client_id: SF.clientId,
        client_secret: SF.clientSecret,
    });
    conn = new Connection({
        instanceUrl: json['instance_url'] as string,
        accessToken: json['access_token'] as string,
        version: '66.0',
    });
});
afterAll(() => fake.close());

describe('jsforce 3 against the fake', () => {
    it('creates, retrieves, updates, upserts, queries and deletes', async () => {
        const contact = await conn
            .sobject('Contact')
            .create({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' });
        expect(contact.success).toBe(true);

        const created = await conn.sobject('Case').create({
            Subject: 'Cannot log in',
            Origin: 'Chat',
            ContactId: contact.id,
            SuppliedEmail: 'ada@example.com',
        });
        expect(created).toMatchObject({ success: true, errors: [] });
        const caseId = created.id!;

        const record = await conn.sobject('Case').retrieve(caseId);
        expect(record).toMatchObject({ Id: caseId, Subject: 'Cannot log in', Status: 'New', CaseNumber: '00001001' });

        const updated = await conn.sobject('Case').update({ Id: caseId, Chat_Group_Id__c: caseId });
        expect(updated).toMatchObject({ id: caseId, success: true });
        expect(fake.getRecord('Case', caseId)!['Chat_Group_Id__c']).toBe(caseId);

        const inserted = await conn
            .sobject('Case')
            .upsert(
                { Chat_Idempotency_Key__c: 'idem-jsforce', Subject: 'Via upsert', Origin: 'Chat' },
                'Chat_Idempotency_Key__c',
            );
        expect(inserted).toMatchObject({ success: true, created: true });
        const again = await conn
            .sobject('Case')
            .upsert({ Chat_Idempotency_Key__c: 'idem-jsforce', Subject: 'Via upsert (2)' }, 'Chat_Idempotency_Key__c');
        expect(again).toMatchObject({ success: true, created: false, id: inserted.id });

        const result = await conn.query<{ Id: string; Subject: string; Contact: { Email: string } | null }>(
            "SELECT Id, Subject, Contact.Email FROM Case WHERE Origin = 'Chat' ORDER BY CaseNumber",
        );
        expect(result.totalSize).toBe(2);
        expect(result.records.map((r) => r.Subject)).toEqual(['Cannot log in', 'Via upsert (2)']);
        expect(result.records[0]!.Contact?.Email).toBe('ada@example.com');

        const destroyed = await conn.sobject('Case').destroy(inserted.id!);
        expect(destroyed).toMatchObject({ success: true });
        expect(fake.records('Case')).toHaveLength(1);
    });

    it('surfaces Salesforce error codes through jsforce', async () => {
        await expect(conn.sobject('Case').create({ Origin: 'Fax' })).rejects.toMatchObject({
            errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
        });
        await expect(conn.query('SELECT Nope FROM Case')).rejects.toMatchObject({ errorCode: 'INVALID_FIELD' });
    });
});
