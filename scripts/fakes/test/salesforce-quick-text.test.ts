import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSalesforce } from '../salesforce/index.js';
import type { FakeSalesforce } from '../salesforce/index.js';
import { SF, clientCredentialsToken, errorCode, rows, sfApi, soql } from './salesforce-helpers.js';

let fake: FakeSalesforce;
let base: string;
let token: string;

beforeAll(async () => {
    fake = createFakeSalesforce({ clientId: SF.clientId, clientSecret: SF.clientSecret });
    base = await fake.listen();
    token = await clientCredentialsToken(base);
});
afterAll(() => fake.close());

describe('QuickText', () => {
    it('is created over REST with a 574 id; IsInsertable defaults to true; Channel takes several values', async () => {
        const created = await sfApi(base, token, 'POST', '/sobjects/QuickText', {
            Name: 'Refund status',
            Message: 'Hi {!Contact.FirstName}, your refund for case {!Case.CaseNumber} is on its way.',
            Category: 'Billing',
            Channel: 'Email;Live Agent',
        });
        expect(created.status).toBe(201);
        const id = (created.json as { id: string }).id;
        expect(id.startsWith('574')).toBe(true);
        const result = await soql(
            base,
            token,
            'SELECT Id, Name, Message, Category, Channel, IsInsertable FROM QuickText WHERE IsInsertable = true ORDER BY LastModifiedDate DESC LIMIT 500',
        );
        expect(rows(result).map((r) => [r['Name'], r['Channel'], r['IsInsertable']])).toEqual([
            ['Refund status', 'Email;Live Agent', true],
        ]);
    });

    it('refuses a message over 4,096 characters and a missing message', async () => {
        const long = await sfApi(base, token, 'POST', '/sobjects/QuickText', { Name: 'x', Message: 'y'.repeat(4097) });
        expect(errorCode(long)).toBe('STRING_TOO_LONG');
        const missing = await sfApi(base, token, 'POST', '/sobjects/QuickText', { Name: 'x' });
        expect(errorCode(missing)).toBe('REQUIRED_FIELD_MISSING');
    });

    it('cannot filter or sort on Name or Message (as in API 25.0 and later)', async () => {
        for (const query of [
            "SELECT Id FROM QuickText WHERE Name LIKE '%ref%'",
            "SELECT Id FROM QuickText WHERE Message LIKE '%ref%'",
            'SELECT Id FROM QuickText ORDER BY Name',
        ]) {
            const result = await soql(base, token, query);
            expect(result.status, query).toBe(400);
            expect(errorCode(result), query).toBe('INVALID_FIELD');
        }
    });
});
