import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSalesforce } from '../salesforce/index.js';
import type { FakeSalesforce } from '../salesforce/index.js';
import { SF, clientCredentialsToken, errorCode, rows, soql } from './salesforce-helpers.js';
import type { Row } from './salesforce-helpers.js';

let fake: FakeSalesforce;
let base: string;
let token: string;
let ada: string;
let agentId: string;
const caseIds: Record<string, string> = {};

const q = (query: string) => soql(base, token, query);
const subjects = async (query: string): Promise<unknown[]> => rows(await q(query)).map((r: Row) => r['Subject']);

beforeAll(async () => {
    fake = createFakeSalesforce({ clientId: SF.clientId, clientSecret: SF.clientSecret });
    base = await fake.listen();
    token = await clientCredentialsToken(base);
    agentId = fake.insert('User', {
        Username: 'agent@example.com',
        FirstName: 'Grace',
        LastName: 'Hopper',
        Email: 'grace@example.com',
    });
    ada = fake.insert('Contact', { FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' });
    caseIds['a'] = fake.insert('Case', {
        Subject: 'Alpha login',
        Origin: 'Chat',
        ContactId: ada,
        Chat_Group_Id__c: 'g-a',
        CreatedDate: '2026-01-10T08:00:00Z',
    });
    caseIds['b'] = fake.insert('Case', {
        Subject: 'Beta billing',
        Origin: 'Email',
        Status: 'Closed',
        OwnerId: agentId,
        CreatedDate: '2026-02-10T08:00:00Z',
    });
    caseIds['c'] = fake.insert('Case', {
        Subject: 'Gamma login',
        Origin: 'Chat',
        OwnerId: fake.queueId,
        Chat_Group_Id__c: 'g-c',
        CreatedDate: '2026-03-10T08:00:00Z',
    });
    caseIds['d'] = fake.insert('Case', { Subject: 'Delta_100% sure', Origin: 'Web' });
});
afterAll(() => fake.close());

describe('SOQL subset', () => {
    it('selects fields and one-level relationships with attributes', async () => {
        const result = await q(
            `SELECT Id, CaseNumber, Subject, Owner.Name, Contact.Email FROM Case WHERE Id = '${caseIds['a']!}'`,
        );
        expect(result.status).toBe(200);
        expect(result.json).toEqual({
            totalSize: 1,
            done: true,
            records: [
                {
                    attributes: { type: 'Case', url: `/services/data/v66.0/sobjects/Case/${caseIds['a']!}` },
                    Id: caseIds['a'],
                    CaseNumber: '00001001',
                    Subject: 'Alpha login',
                    Owner: {
                        attributes: {
                            type: 'User',
                            url: `/services/data/v66.0/sobjects/User/${fake.integrationUserId}`,
                        },
                        Name: 'Integration User',
                    },
                    Contact: {
                        attributes: { type: 'Contact', url: `/services/data/v66.0/sobjects/Contact/${ada}` },
                        Email: 'ada@example.com',
                    },
                },
            ],
        });
        const queued = rows(
            await q(`SELECT Owner.Name, Contact.Email FROM Case WHERE Id = '${caseIds['c']!.slice(0, 15)}'`),
        )[0]!;
        expect(queued['Owner']).toMatchObject({ attributes: { type: 'Group' }, Name: 'Chat Support Queue' });
        expect(queued['Contact']).toBeNull();
    });

    it('filters with =, !=, IN, NOT IN, LIKE, null, AND/OR and relationship fields', async () => {
        expect(await subjects("SELECT Subject FROM Case WHERE Origin = 'chat' ORDER BY Subject")).toEqual([
            'Alpha login',
            'Gamma login',
        ]);
        expect(await subjects("SELECT Subject FROM Case WHERE Origin != 'Chat' ORDER BY Subject")).toEqual([
            'Beta billing',
            'Delta_100% sure',
        ]);
        expect(await subjects("SELECT Subject FROM Case WHERE Origin IN ('Email', 'Web') ORDER BY Subject")).toEqual([
            'Beta billing',
            'Delta_100% sure',
        ]);
        expect(
            await subjects("SELECT Subject FROM Case WHERE Origin NOT IN ('Email', 'Web') ORDER BY Subject"),
        ).toEqual(['Alpha login', 'Gamma login']);
        expect(await subjects("SELECT Subject FROM Case WHERE Subject LIKE '%LOGIN' ORDER BY Subject")).toEqual([
            'Alpha login',
            'Gamma login',
        ]);
        expect(await subjects("SELECT Subject FROM Case WHERE Subject LIKE 'Delta\\_100\\%%'")).toEqual([
            'Delta_100% sure',
        ]);
        expect(await subjects('SELECT Subject FROM Case WHERE Chat_Group_Id__c = null ORDER BY Subject')).toEqual([
            'Beta billing',
            'Delta_100% sure',
        ]);
        expect(
            await subjects(
                "SELECT Subject FROM Case WHERE Chat_Group_Id__c != null AND (Status = 'Closed' OR Subject LIKE 'G%')",
            ),
        ).toEqual(['Gamma login']);
        expect(await subjects('SELECT Subject FROM Case WHERE IsClosed = true')).toEqual(['Beta billing']);
        expect(await subjects("SELECT Subject FROM Case WHERE Owner.Name = 'Grace Hopper'")).toEqual(['Beta billing']);
        expect(await subjects("SELECT Subject FROM Case WHERE NOT (Origin = 'Chat')  ORDER BY Subject")).toEqual([
            'Beta billing',
            'Delta_100% sure',
        ]);
        expect(
            await subjects(
                `SELECT Subject FROM Case WHERE OwnerId IN ('${agentId}', '${fake.queueId}') ORDER BY Subject`,
            ),
        ).toEqual(['Beta billing', 'Gamma login']);
    });

    it('compares datetimes with literals and date functions', async () => {
        expect(await subjects('SELECT Subject FROM Case WHERE CreatedDate < 2026-02-01T00:00:00Z')).toEqual([
            'Alpha login',
        ]);
        expect(
            await subjects(
                'SELECT Subject FROM Case WHERE CreatedDate >= 2026-02-10T08:00:00Z AND CreatedDate < 2026-04-01T00:00:00+00:00 ORDER BY CreatedDate DESC',
            ),
        ).toEqual(['Gamma login', 'Beta billing']);
        expect(await subjects('SELECT Subject FROM Case WHERE CreatedDate = TODAY')).toEqual(['Delta_100% sure']);
        expect(await subjects('SELECT Subject FROM Case WHERE CreatedDate = LAST_N_DAYS:2')).toEqual([
            'Delta_100% sure',
        ]);
    });

    it('orders, limits, offsets and counts', async () => {
        expect(await subjects('SELECT Subject FROM Case ORDER BY Subject DESC LIMIT 2')).toEqual([
            'Gamma login',
            'Delta_100% sure',
        ]);
        expect(await subjects('SELECT Subject FROM Case ORDER BY Subject ASC LIMIT 2 OFFSET 1')).toEqual([
            'Beta billing',
            'Delta_100% sure',
        ]);
        expect(await subjects('SELECT Subject FROM Case ORDER BY Chat_Group_Id__c NULLS LAST, Subject')).toEqual([
            'Alpha login',
            'Gamma login',
            'Beta billing',
            'Delta_100% sure',
        ]);
        expect((await q("SELECT COUNT() FROM Case WHERE Origin = 'Chat'")).json).toEqual({
            totalSize: 2,
            done: true,
            records: [],
        });
    });

    it.each([
        [
            'an unknown field',
            'SELECT Id, Nope__c FROM Case',
            'INVALID_FIELD',
            /No such column 'Nope__c' on entity 'Case'/,
        ],
        ['an unknown field in WHERE', "SELECT Id FROM Case WHERE Bogus = 'x'", 'INVALID_FIELD', /Bogus/],
        [
            'an unknown relationship',
            'SELECT Owners.Name FROM Case',
            'INVALID_FIELD',
            /Didn't understand relationship 'Owners'/,
        ],
        ['an unknown object', 'SELECT Id FROM Widget__c', 'INVALID_TYPE', /sObject type 'Widget__c' is not supported/],
        [
            'AND and OR mixed without parentheses',
            "SELECT Id FROM Case WHERE Origin = 'Chat' AND Status = 'New' OR Status = 'Closed'",
            'MALFORMED_QUERY',
            /ERROR at Row:1:Column:/,
        ],
        ['a missing FROM', 'SELECT Id Case', 'MALFORMED_QUERY', /FROM/],
        ['a quoted boolean', "SELECT Id FROM Case WHERE IsClosed = 'true'", 'INVALID_FIELD', /must be of type boolean/],
        ['an unquoted string', 'SELECT Id FROM Case WHERE Subject = 5', 'INVALID_FIELD', /must be of type string/],
        [
            'a date literal on a datetime',
            'SELECT Id FROM Case WHERE CreatedDate > 2026-01-01',
            'INVALID_FIELD',
            /dateTime/,
        ],
        ['a bad id', "SELECT Id FROM Case WHERE Id = 'xyz'", 'INVALID_QUERY_FILTER_OPERATOR', /invalid ID field: xyz/],
        [
            'a long text area filter',
            "SELECT Id FROM Case WHERE Description = 'x'",
            'INVALID_FIELD',
            /can not be filtered/,
        ],
    ])('rejects %s with 400', async (_name, query, code, message) => {
        const result = await q(query);
        expect(result.status).toBe(400);
        expect(errorCode(result)).toBe(code);
        expect((result.json as Array<{ message: string }>)[0]!.message).toMatch(message);
    });

    it('answers 401 without a valid session', async () => {
        expect((await soql(base, 'bad-token', 'SELECT Id FROM Case')).status).toBe(401);
    });
});
