import { describe, expect, it } from 'vitest';
import {
    startHarness,
    useHarness,
    fakeId,
    idemKey,
    signId,
    ADMIN,
    ALLOWED_ORIGIN,
    SDK_APP_ID,
    SECRET_KEY,
} from './helpers/harness.js';
import { verifyUserSig } from '../src/tencent/usersig.js';

const h = useHarness();

const ticket = {
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    subject: 'Cannot log in',
    message: 'Hello, I need help',
};

describe('POST /v1/tickets', () => {
    it('creates Contact + Case + group, posts the first message as the customer, returns a UserSig for the minted id', async () => {
        const res = await h.request('POST', '/v1/tickets', {
            body: ticket,
            auth: false,
            headers: { 'idempotency-key': idemKey('ticket-key-0001') },
        });
        expect(res.status).toBe(201);
        const body = res.json;
        expect(body.caseId).toMatch(/^500[A-Za-z0-9]{15}$/);
        expect(body.groupId).toBe(body.caseId);
        expect(body.customerId).toMatch(/^cust_[0-9a-f]{24}$/);
        expect(body.sdkAppId).toBe(SDK_APP_ID);
        expect(typeof body.caseNumber).toBe('string');
        const sig = verifyUserSig(body.userSig, SDK_APP_ID, SECRET_KEY);
        expect(sig?.identifier).toBe(body.customerId);
        expect(body.userSigExpiresAt).toBe((sig!.time + sig!.expire) * 1000);

        const caseRecord = h.salesforce.getRecord('Case', body.caseId) as Record<string, unknown>;
        expect(caseRecord).toMatchObject({
            Subject: 'Cannot log in',
            Description: 'Hello, I need help',
            SuppliedName: 'Ada Lovelace',
            SuppliedEmail: 'ada@example.com',
            Origin: 'Chat',
            Chat_Customer_Id__c: body.customerId,
            Chat_Idempotency_Key__c: idemKey('ticket-key-0001'),
            Chat_Group_Id__c: body.caseId,
        });
        const contacts = h.salesforce.records('Contact') as Record<string, unknown>[];
        expect(contacts).toHaveLength(1);
        expect(caseRecord['ContactId']).toBe(contacts[0]!['Id']);

        const group = h.tencent.getGroup(body.caseId)!;
        // Group profile for the agent widget: "<CaseNumber> <Subject>" and the case JSON; customer Nick = name.
        expect(group.name).toBe(`${body.caseNumber} Cannot log in`);
        expect(JSON.parse(group.introduction)).toEqual({
            caseNumber: body.caseNumber,
            subject: 'Cannot log in',
            customerName: 'Ada Lovelace',
            customerId: body.customerId,
        });
        expect(h.tencent.getAccount(body.customerId)?.nick).toBe('Ada Lovelace');
        expect(group.type).toBe('Public');
        expect(group.owner ?? '').toBe('');
        expect(group.applyJoinOption).toBe('DisableApply');
        expect(group.members.map((m) => m.account)).toEqual([body.customerId]);
        const messages = h.tencent.groupMessages(body.caseId);
        expect(messages).toHaveLength(1);
        expect(messages[0]!.from).toBe(body.customerId);
    });

    it('fits a long subject and name into the 30-byte Name and the 240-byte Introduction', async () => {
        const long = {
            ...ticket,
            name: 'Zoë 登 Łukasiewicz-'.repeat(4).slice(0, 80),
            subject: 'Überweisung 登録 "quoted" \\ '.repeat(10).slice(0, 255),
        };
        const res = await h.request('POST', '/v1/tickets', { body: long, auth: false });
        expect(res.status).toBe(201);
        const create = h.tencent.calls.find((c) => c.command === 'group_open_http_svc/create_group')!.body as Record<
            string,
            string
        >;
        expect(Buffer.byteLength(create['Name']!, 'utf8')).toBeLessThanOrEqual(30);
        expect(create['Name']!.startsWith(`${res.json.caseNumber} Überweisung`)).toBe(true);
        expect(Buffer.byteLength(create['Introduction']!, 'utf8')).toBeLessThanOrEqual(240);
        const intro = JSON.parse(create['Introduction']!) as Record<string, string>;
        expect(intro).toMatchObject({ caseNumber: res.json.caseNumber, customerId: res.json.customerId });
        expect(long.subject.startsWith(intro['subject']!)).toBe(true);
        expect(long.name.trim().startsWith(intro['customerName']!)).toBe(true);
        expect(h.tencent.getGroup(res.json.groupId)!.introduction).toBe(create['Introduction']);
    });

    it('replays with the same Idempotency-Key: 200, same case and customer, no second Case or message', async () => {
        const headers = { 'idempotency-key': idemKey('replay-key-0002') };
        const first = await h.request('POST', '/v1/tickets', { body: ticket, auth: false, headers });
        const second = await h.request('POST', '/v1/tickets', { body: ticket, auth: false, headers });
        expect(first.status).toBe(201);
        expect(second.status).toBe(200);
        expect(second.json.caseId).toBe(first.json.caseId);
        expect(second.json.customerId).toBe(first.json.customerId);
        expect(second.json.userSig).toBeTruthy();
        expect(h.salesforce.records('Case')).toHaveLength(1);
        expect(h.tencent.groupMessages(first.json.caseId)).toHaveLength(1);
    });

    it('finishes a half-done job on retry: group creation failed, retry creates it without a second Case', async () => {
        h.tencent.faults.inject({
            command: 'group_open_http_svc/create_group',
            errorCode: 10004,
            errorInfo: 'injected invalid param',
        });
        const headers = { 'idempotency-key': idemKey('half-done-0003') };
        const failed = await h.request('POST', '/v1/tickets', { body: ticket, auth: false, headers });
        expect(failed.status).toBe(502);
        // A public caller gets no upstream detail (the log has it).
        expect(failed.json.error).toMatchObject({ code: 'SERVICE_ERROR' });
        expect(failed.json.error.upstreamCode).toBeUndefined();
        const cases = h.salesforce.records('Case') as Record<string, unknown>[];
        expect(cases).toHaveLength(1);
        expect(cases[0]!['Chat_Group_Id__c'] ?? null).toBeNull();

        const retried = await h.request('POST', '/v1/tickets', { body: ticket, auth: false, headers });
        expect(retried.status).toBe(200);
        expect(h.salesforce.records('Case')).toHaveLength(1);
        expect(h.tencent.getGroup(retried.json.caseId)).toBeDefined();
        expect(
            (h.salesforce.getRecord('Case', retried.json.caseId) as Record<string, unknown>)['Chat_Group_Id__c'],
        ).toBe(retried.json.caseId);
        expect(h.tencent.groupMessages(retried.json.caseId)).toHaveLength(1);
    });

    it('does not duplicate the first message when the group exists but the Case update failed', async () => {
        h.salesforce.faults.inject({
            path: '^/services/data/v66\\.0/sobjects/Case/500',
            status: 503,
            body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down' }],
            times: 1,
        });
        const headers = { 'idempotency-key': idemKey('msg-dedupe-0004') };
        const failed = await h.request('POST', '/v1/tickets', { body: ticket, auth: false, headers });
        expect([502, 503]).toContain(failed.status);
        const retried = await h.request('POST', '/v1/tickets', { body: ticket, auth: false, headers });
        expect(retried.status).toBe(200);
        expect(h.tencent.groupMessages(retried.json.caseId)).toHaveLength(1);
    });

    it('generates a key when none is given (two requests = two cases) and reuses the Contact by email', async () => {
        const a = await h.request('POST', '/v1/tickets', { body: ticket, auth: false });
        const b = await h.request('POST', '/v1/tickets', {
            body: { ...ticket, email: 'ADA@example.com' },
            auth: false,
        });
        expect(a.status).toBe(201);
        expect(b.status).toBe(201);
        expect(a.json.caseId).not.toBe(b.json.caseId);
        expect(a.json.customerId).not.toBe(b.json.customerId);
        expect(h.salesforce.records('Contact')).toHaveLength(1);
    });

    it('escapes the email in SOQL (an apostrophe is not an injection)', async () => {
        const res = await h.request('POST', '/v1/tickets', {
            body: { ...ticket, email: "o'brien@example.com" },
            auth: false,
        });
        expect(res.status).toBe(201);
        expect((h.salesforce.records('Contact') as Record<string, unknown>[])[0]!['Email']).toBe("o'brien@example.com");
    });

    it('accepts a caller-chosen customerId but returns no UserSig for it', async () => {
        const res = await h.request('POST', '/v1/tickets', {
            body: { ...ticket, customerId: 'visitor-42', customerIdSignature: signId('visitor-42') },
            auth: false,
        });
        expect(res.status).toBe(201);
        expect(res.json.customerId).toBe('visitor-42');
        expect(res.json.userSig).toBeUndefined();
        expect(h.tencent.getGroup(res.json.caseId)!.members.map((m) => m.account)).toContain('visitor-42');
    });

    it('409 when an Idempotency-Key is reused for a different email', async () => {
        const headers = { 'idempotency-key': idemKey('reused-key-0005') };
        expect((await h.request('POST', '/v1/tickets', { body: ticket, auth: false, headers })).status).toBe(201);
        const res = await h.request('POST', '/v1/tickets', {
            body: { ...ticket, email: 'eve@example.com' },
            auth: false,
            headers,
        });
        expect(res.status).toBe(409);
        expect(res.json.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', field: 'Idempotency-Key' });
    });

    it.each([
        [{ ...ticket, name: undefined }, 'name'],
        [{ ...ticket, name: '   ' }, 'name'],
        [{ ...ticket, email: 'not-an-email' }, 'email'],
        [{ ...ticket, subject: 'x'.repeat(256) }, 'subject'],
        [{ ...ticket, message: 'x'.repeat(4001) }, 'message'],
        [{ ...ticket, customerId: 'cust_mine' }, 'customerId'],
        [{ ...ticket, customerId: 'CUST_mine' }, 'customerId'],
        [{ ...ticket, customerId: 'has space' }, 'customerId'],
        [{ ...ticket, customerId: ADMIN }, 'customerId'],
        [{ ...ticket, customerId: 'Administrator' }, 'customerId'],
        [{ ...ticket, customerId: fakeId('005', 7) }, 'customerId'],
        [{ ...ticket, customerId: fakeId('005', 7).slice(0, 15) }, 'customerId'],
        [{ ...ticket, customerId: '005000000000007ZZZ' }, 'customerId'], // User-shaped, bad checksum
        [{ ...ticket, customerId: '_leading-underscore' }, 'customerId'], // default CUSTOMER_ID_PATTERN
    ])('400 names the bad field (%#)', async (body, field) => {
        const res = await h.request('POST', '/v1/tickets', { body, auth: false });
        expect(res.status).toBe(400);
        expect(res.json.error.code).toBe('VALIDATION_FAILED');
        expect(res.json.error.field).toBe(field);
        expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
    });

    it('400 names a bad Idempotency-Key header', async () => {
        const res = await h.request('POST', '/v1/tickets', {
            body: ticket,
            auth: false,
            headers: { 'idempotency-key': 'short' },
        });
        expect(res.status).toBe(400);
        expect(res.json.error.field).toBe('Idempotency-Key');
    });

    it('400 on malformed JSON, 415 on a non-JSON content type, 413 on an oversized body', async () => {
        const bad = await h.request('POST', '/v1/tickets', { rawBody: '{"name":', auth: false });
        expect(bad.status).toBe(400);
        expect(bad.json.error.code).toBe('BAD_REQUEST');
        const text = await h.request('POST', '/v1/tickets', {
            rawBody: 'hi',
            auth: false,
            headers: { 'content-type': 'application/xml' },
        });
        expect(text.status).toBe(415);
        const big = await h.request('POST', '/v1/tickets', {
            body: { ...ticket, message: 'x'.repeat(70_000) },
            auth: false,
        });
        expect(big.status).toBe(413);
        expect(big.json.error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('CORS: the allowed origin gets the header (and preflight), another origin does not', async () => {
        const ok = await h.request('POST', '/v1/tickets', {
            body: ticket,
            auth: false,
            headers: { origin: ALLOWED_ORIGIN },
        });
        expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
        const evil = await h.request('POST', '/v1/tickets', {
            body: ticket,
            auth: false,
            headers: { origin: 'https://evil.example.com' },
        });
        expect(evil.headers.get('access-control-allow-origin')).toBeNull();
        const pre = await fetch(`${h.url}/v1/tickets`, {
            method: 'OPTIONS',
            headers: {
                origin: ALLOWED_ORIGIN,
                'access-control-request-method': 'POST',
                'access-control-request-headers': 'content-type,idempotency-key',
            },
        });
        expect(pre.status).toBe(204);
        expect(pre.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
        expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('idempotency-key');
        const preEvil = await fetch(`${h.url}/v1/tickets`, {
            method: 'OPTIONS',
            headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
        });
        expect(preEvil.headers.get('access-control-allow-origin')).toBeNull();
        // Server-to-server routes never get CORS headers.
        const sync = await h.request('POST', '/v1/groups/sync', {
            body: { groups: [] },
            headers: { origin: ALLOWED_ORIGIN },
        });
        expect(sync.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('503 with the Salesforce code when Salesforce is down', async () => {
        h.salesforce.faults.inject({
            path: '/services/oauth2/token',
            status: 503,
            body: { error: 'unavailable' },
            times: 5,
        });
        h.salesforce.expireAllTokens();
        h.app.relay.tokens.invalidate();
        const res = await h.request('POST', '/v1/tickets', { body: ticket, auth: false });
        expect(res.status).toBe(503);
        expect(res.json.error.code).toBe('SERVICE_UNAVAILABLE');
        expect(res.json.error.upstreamCode).toBeUndefined();
    });
});

describe('rate limit', () => {
    it('429 with Retry-After after the per-IP limit on public routes', async () => {
        const limited = await startHarness({ ticketRateLimitPerMinute: 2 });
        try {
            const statuses: number[] = [];
            let last;
            for (let i = 0; i < 3; i++) {
                last = await limited.request('POST', '/v1/tickets', { body: ticket, auth: false });
                statuses.push(last.status);
            }
            expect(statuses).toEqual([201, 201, 429]);
            if (last === undefined) throw new Error('no request was sent');
            expect(last.json.error.code).toBe('RATE_LIMITED');
            expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
            // /createticket has its own budget, and API-key routes are not rate limited.
            for (let i = 0; i < 4; i++) expect((await limited.request('GET', '/v1/ping')).status).toBe(200);
        } finally {
            await limited.close();
        }
    });
});

describe('first message is never duplicated', () => {
    let clock = Date.now();
    const hc = useHarness({ tencentNow: () => clock });
    const headers = { 'idempotency-key': idemKey('late-retry-0001') };
    const historyCalls = () => hc.tencent.calls.filter((c) => c.command === 'group_open_http_svc/group_msg_get_simple');

    it("a retry after Tencent's 5-minute duplicate window finds the message in the history and does not post it again", async () => {
        clock = Date.now();
        hc.salesforce.faults.inject({
            path: '^/services/data/v66\\.0/sobjects/Case/500',
            status: 400,
            body: [{ errorCode: 'UNABLE_TO_LOCK_ROW', message: 'locked' }],
            times: 1,
        });
        const failed = await hc.request('POST', '/v1/tickets', { body: ticket, auth: false, headers });
        expect([502, 503]).toContain(failed.status);
        const caseId = String((hc.salesforce.records('Case')[0] as Record<string, unknown>)['Id']);
        expect(hc.tencent.groupMessages(caseId)).toHaveLength(1);
        clock += 6 * 60_000; // past the dedupe window: Tencent would accept the same Random again
        const retried = await hc.request('POST', '/v1/tickets', { body: ticket, auth: false, headers });
        expect(retried.status).toBe(200);
        expect(hc.tencent.groupMessages(caseId)).toHaveLength(1);
        expect(historyCalls()).toHaveLength(1);
        expect((hc.salesforce.getRecord('Case', caseId) as Record<string, unknown>)['Chat_Group_Id__c']).toBe(caseId);
    });

    it('a retry posts the first message when the earlier attempt created the group but failed before posting', async () => {
        clock = Date.now();
        hc.tencent.faults.inject({
            command: 'group_open_http_svc/send_group_msg',
            errorCode: 10004,
            errorInfo: 'injected',
        });
        const failed = await hc.request('POST', '/v1/tickets', { body: ticket, auth: false, headers });
        expect(failed.status).toBe(502);
        const retried = await hc.request('POST', '/v1/tickets', { body: ticket, auth: false, headers });
        expect(retried.status).toBe(200);
        const messages = hc.tencent.groupMessages(retried.json.caseId);
        expect(messages).toHaveLength(1);
        expect(messages[0]).toMatchObject({
            from: retried.json.customerId,
            elements: [{ type: 'text', text: ticket.message }],
        });
    });

    it('a group created by this very request is not searched (it is empty)', async () => {
        await hc.request('POST', '/v1/tickets', { body: ticket, auth: false });
        expect(historyCalls()).toHaveLength(0);
    });
});

describe('caller-chosen customer ids (public routes)', () => {
    it('never overwrites the profile of an existing account; a new caller-chosen account gets the Nick', async () => {
        h.tencent.importAccount('victim-1', 'Victim Name');
        const res = await h.request('POST', '/v1/tickets', {
            body: { ...ticket, name: 'Mallory', customerId: 'victim-1', customerIdSignature: signId('victim-1') },
            auth: false,
        });
        expect(res.status).toBe(201);
        expect(h.tencent.getAccount('victim-1')?.nick).toBe('Victim Name');
        expect(h.tencent.calls.filter((c) => c.command === 'im_open_login_svc/account_import')).toEqual([]);
        const fresh = await h.request('POST', '/createticket', {
            auth: false,
            body: {
                userId: 'newcomer-1',
                userIdSignature: signId('newcomer-1'),
                caseInfo: { subject: 'Hi', name: 'New Comer', email: 'n@example.com' },
            },
        });
        expect(fresh.status).toBe(200);
        expect(h.tencent.getAccount('newcomer-1')?.nick).toBe('New Comer');
    });

    it('/createticket applies the same rules to userId', async () => {
        for (const userId of [ADMIN, 'CUST_x', fakeId('005', 3)]) {
            const res = await h.request('POST', '/createticket', {
                auth: false,
                body: { userId, caseInfo: { subject: 'x', name: 'n', email: 'e@example.com' } },
            });
            expect(res.status).toBe(400);
            expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'userId' });
        }
        expect(h.tencent.getAccount(ADMIN)?.nick).toBe('');
        expect(h.salesforce.records('Case')).toHaveLength(0);
    });

    it('a replay with another body gets 409; the real retry finishes the ticket from the stored Case', async () => {
        h.tencent.faults.inject({
            command: 'group_open_http_svc/create_group',
            errorCode: 10004,
            errorInfo: 'injected',
        });
        const headers = { 'idempotency-key': idemKey('replay-facts-0001') };
        expect((await h.request('POST', '/v1/tickets', { body: ticket, auth: false, headers })).status).toBe(502);
        const hijack = await h.request('POST', '/v1/tickets', {
            body: { ...ticket, name: 'Mallory', subject: 'Free money', message: 'spam spam' },
            auth: false,
            headers,
        });
        expect(hijack.status).toBe(409);
        const retry = await h.request('POST', '/v1/tickets', { body: ticket, auth: false, headers });
        expect(retry.status).toBe(200);
        const group = h.tencent.getGroup(retry.json.groupId)!;
        expect(group.name).toBe(`${retry.json.caseNumber} ${ticket.subject}`);
        expect(JSON.parse(group.introduction)).toMatchObject({ subject: ticket.subject, customerName: ticket.name });
        expect(h.tencent.getAccount(retry.json.customerId)?.nick).toBe(ticket.name);
        expect(h.tencent.groupMessages(retry.json.groupId).map((m) => m.elements)).toEqual([
            [{ type: 'text', text: ticket.message }],
        ]);
        expect(h.salesforce.getRecord('Case', retry.json.caseId)).toMatchObject({
            Subject: ticket.subject,
            SuppliedName: ticket.name,
        });
    });

    it('Idempotency-Keys that differ only in case are different tickets (the key field is case-sensitive)', async () => {
        const a = await h.request('POST', '/v1/tickets', {
            body: ticket,
            auth: false,
            headers: { 'idempotency-key': idemKey('CaseKey-0001') },
        });
        const b = await h.request('POST', '/v1/tickets', {
            body: ticket,
            auth: false,
            headers: { 'idempotency-key': idemKey('casekey-0001') },
        });
        expect([a.status, b.status]).toEqual([201, 201]);
        expect(a.json.caseId).not.toBe(b.json.caseId);
        const again = await h.request('POST', '/v1/tickets', {
            body: ticket,
            auth: false,
            headers: { 'idempotency-key': idemKey('casekey-0001') },
        });
        expect(again.status).toBe(200);
        expect(again.json.caseId).toBe(b.json.caseId);
    });

    it('CUSTOMER_ID_PATTERN restricts caller-chosen ids (matched against the whole id)', async () => {
        const strict = await startHarness({ customerIdPattern: 'app-[0-9]{4}' });
        try {
            expect(
                (
                    await strict.request('POST', '/v1/tickets', {
                        body: { ...ticket, customerId: 'app-1234', customerIdSignature: signId('app-1234') },
                        auth: false,
                    })
                ).status,
            ).toBe(201);
            for (const customerId of ['visitor-42', 'app-12345', 'xapp-1234']) {
                const res = await strict.request('POST', '/v1/tickets', {
                    body: { ...ticket, customerId },
                    auth: false,
                });
                expect(res.status).toBe(400);
                expect(res.json.error.message).toContain('CUSTOMER_ID_PATTERN');
            }
        } finally {
            await strict.close();
        }
    });
});
