/**
 * Issue 8 (relay hardening): each finding, over real HTTP against the fakes. Finding 1 (sandbox vs live relay) is in
 * sandbox.test.ts, relay-boundary.test.ts, config.test.ts and shutdown.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fakeId, idemKey, signId, startHarness, useHarness, type Harness } from './helpers/harness.js';

const ticket = { name: 'Ada Lovelace', email: 'ada@example.com', subject: 'Cannot log in', message: 'Hello' };

async function withHarness<T>(opts: Parameters<typeof startHarness>[0], fn: (h: Harness) => Promise<T>): Promise<T> {
    const h = await startHarness(opts);
    try {
        return await fn(h);
    } finally {
        await h.close();
    }
}

describe('finding 2: Idempotency-Key is unguessable and bound to its request', () => {
    const h = useHarness();
    const post = (body: unknown, key?: string) =>
        h.request('POST', '/v1/tickets', {
            body,
            auth: false,
            ...(key !== undefined ? { headers: { 'idempotency-key': key } } : {}),
        });

    it('refuses short or low-entropy keys with 400; accepts a UUID v4 and a 32+ character random key', async () => {
        for (const key of ['short-key-1234', 'a'.repeat(40), 'ab'.repeat(20), `${randomUUID()}!`]) {
            const res = await post(ticket, key);
            expect(res.status, key).toBe(400);
            expect(res.json.error.field).toBe('Idempotency-Key');
        }
        expect((await post(ticket, randomUUID())).status).toBe(201);
        expect((await post(ticket, 'Xk3vQ9pL2mN8rT5wY7zB4cD6fG1hJ0sA')).status).toBe(201);
        expect(h.salesforce.records('Case')).toHaveLength(2);
    });

    it('a replay must repeat the request: anything else gets one 409 that reveals nothing', async () => {
        const key = randomUUID();
        const first = await post(ticket, key);
        expect(first.status).toBe(201);
        const replay = await post(ticket, key);
        expect(replay.status).toBe(200);
        expect(replay.json.caseId).toBe(first.json.caseId);

        const conflicts = [
            await post({ ...ticket, email: 'eve@example.com' }, key), // someone else's key, their own e-mail
            await post({ ...ticket, message: 'other words' }, key), // the victim's e-mail, but a guessed body
            await post({ ...ticket, customerId: 'visitor-7', customerIdSignature: signId('visitor-7') }, key),
        ];
        for (const res of conflicts) {
            expect(res.status).toBe(409);
            expect(res.text).toBe(conflicts[0]!.text);
            for (const secret of [first.json.caseId, first.json.customerId, first.json.caseNumber])
                expect(res.text).not.toContain(secret);
        }
        expect(conflicts[0]!.json.error.code).toBe('IDEMPOTENCY_CONFLICT');
    });

    it('5 simultaneous first requests with one key: one Case, one customer identity, one 201', async () => {
        const key = randomUUID();
        const answers = await Promise.all(Array.from({ length: 5 }, () => post(ticket, key)));
        expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
        expect(h.salesforce.records('Case')).toHaveLength(1);
        expect(new Set(answers.map((a) => a.json.caseId as string)).size).toBe(1);
        expect(new Set(answers.map((a) => a.json.customerId as string)).size).toBe(1);
        const customerId = answers[0]!.json.customerId as string;
        expect(h.tencent.getAccount(customerId)).toBeDefined();
        const group = h.tencent.getGroup(answers[0]!.json.groupId)!;
        expect(group.members.map((m) => m.account)).toEqual([customerId]);
        expect(h.tencent.groupMessages(answers[0]!.json.groupId as string)).toHaveLength(1);
    });

    it('a DUPLICATE_VALUE from a simultaneous insert on another replica is retried and finds the one Case', async () => {
        h.salesforce.faults.inject({
            path: 'sobjects/Case/Chat_Idempotency_Key__c',
            status: 400,
            body: [{ errorCode: 'DUPLICATE_VALUE', message: 'duplicate value found: Chat_Idempotency_Key__c' }],
        });
        const res = await post(ticket, idemKey('duplicate-value'));
        expect(res.status).toBe(201);
        expect(h.salesforce.records('Case')).toHaveLength(1);
    });
});

describe('finding 3: TRUST_PROXY is a hop count or a proxy list, never "any client"', () => {
    it('with one trusted proxy, a client cannot pick its IP with X-Forwarded-For to dodge the per-IP limit', () =>
        withHarness({ ticketRateLimitPerMinute: 2, http: { trustProxy: 1 } }, async (h) => {
            const send = (xff: string) =>
                h.request('POST', '/v1/tickets', { body: ticket, auth: false, headers: { 'x-forwarded-for': xff } });
            const statuses = [];
            for (let i = 0; i < 3; i++) statuses.push((await send(`10.9.9.${i}, 203.0.113.7`)).status);
            expect(statuses).toEqual([201, 201, 429]);
            // The address the trusted proxy saw is the client: another client has its own budget.
            expect((await send('10.9.9.9, 203.0.113.8')).status).toBe(201);
        }));
});

describe('finding 4: /readyz is cached, rate-limited and based on real upstream calls', () => {
    it('many requests share one check of each upstream', () =>
        withHarness({ readyCacheMs: 60_000 }, async (h) => {
            const answers = await Promise.all(
                Array.from({ length: 10 }, () => h.request('GET', '/readyz', { auth: false })),
            );
            expect(answers.every((a) => a.status === 200)).toBe(true);
            expect((await h.request('GET', '/readyz', { auth: false })).status).toBe(200);
            expect(h.tencent.calls.filter((c) => c.command === 'im_open_login_svc/account_check')).toHaveLength(1);
            expect(h.salesforce.calls.filter((c) => c.path.includes('/query'))).toHaveLength(1);
        }));

    it('is rate-limited per IP', () =>
        withHarness({ readyCacheMs: 60_000 }, async (h) => {
            const statuses = [];
            for (let i = 0; i < 61; i++) statuses.push((await h.request('GET', '/readyz', { auth: false })).status);
            expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
            expect(statuses[60]).toBe(429);
        }));

    it('reports Salesforce not ready while its API fails, even with a valid token in cache', () =>
        withHarness({}, async (h) => {
            expect((await h.request('GET', '/readyz', { auth: false })).status).toBe(200); // token now cached
            h.salesforce.faults.inject({
                path: '/query',
                status: 403,
                body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
            });
            const res = await h.request('GET', '/readyz', { auth: false });
            expect(res.status).toBe(503);
            expect(res.json.checks.salesforce.ok).toBe(false);
            expect(res.json.checks.tencent.ok).toBe(true);
        }));
});

describe('finding 5: every request has a deadline', () => {
    it(
        'Tencent hanging: a 50-group sync answers before the deadline, each group a retryable DEADLINE_EXCEEDED',
        () =>
            withHarness({ http: { requestDeadlineMs: 4_000, publicDeadlineMs: 1_500 } }, async (h) => {
                h.tencent.faults.inject({ command: '*', delayMs: 8_000, times: Infinity });
                const groups = Array.from({ length: 50 }, (_, i) => ({
                    groupId: fakeId('500', i + 1),
                    customerId: `cust_${i}`,
                    agents: [],
                    state: 'open',
                }));
                const started = Date.now();
                const res = await h.request('POST', '/v1/groups/sync', { body: { groups } });
                const elapsed = Date.now() - started;
                expect(res.status).toBe(200);
                expect(elapsed).toBeLessThan(4_000); // the answer is ready 10 % before the deadline
                expect(res.json.failed).toBe(50);
                for (const r of res.json.results) expect(r.error.code).toBe('DEADLINE_EXCEEDED');

                const t0 = Date.now();
                const pub = await h.request('POST', '/v1/tickets', { body: ticket, auth: false });
                expect(Date.now() - t0).toBeLessThan(2_500);
                expect(pub.status).toBe(503);
                expect(pub.json.error.code).toBe('DEADLINE_EXCEEDED');
                expect(pub.headers.get('retry-after')).toBe('1');
                h.tencent.faults.clear();
            }),
        20_000,
    );
});

describe('finding 6: caller-chosen customer ids need proof from the customer app backend', () => {
    const h = useHarness();
    const withId = (extra: Record<string, unknown>) =>
        h.request('POST', '/v1/tickets', { body: { ...ticket, customerId: 'visitor-42', ...extra }, auth: false });

    it('refuses a missing or wrong signature (403), accepts the HMAC of the id', async () => {
        for (const extra of [
            {},
            { customerIdSignature: signId('visitor-43') },
            { customerIdSignature: 'ab'.repeat(32) },
        ]) {
            const res = await withId(extra);
            expect(res.status).toBe(403);
            expect(res.json.error).toMatchObject({ code: 'CUSTOMER_ID_UNVERIFIED', field: 'customerIdSignature' });
        }
        expect(h.salesforce.records('Case')).toHaveLength(0);
        expect((await withId({ customerIdSignature: signId('visitor-42') })).status).toBe(201);
    });

    it('the tutorial route needs it too (userIdSignature)', async () => {
        const body = { userId: 'visitor-42', caseInfo: { subject: 'Hi', name: 'Ada', email: 'ada@example.com' } };
        const res = await h.request('POST', '/createticket', { body, auth: false });
        expect(res.status).toBe(403);
        expect(res.json.error.field).toBe('userIdSignature');
        const ok = await h.request('POST', '/createticket', {
            body: { ...body, userIdSignature: signId('visitor-42') },
            auth: false,
        });
        expect(ok.status).toBe(200);
    });

    it('without CUSTOMER_ID_SECRET no caller-chosen id is accepted; the operator may open the tutorial route only', () =>
        withHarness({ http: { customerIdSecret: '', tutorialUnsignedCustomerIds: true } }, async (h2) => {
            const res = await h2.request('POST', '/v1/tickets', {
                body: { ...ticket, customerId: 'visitor-42', customerIdSignature: signId('visitor-42') },
                auth: false,
            });
            expect(res.status).toBe(403);
            expect(res.json.error.code).toBe('CUSTOMER_ID_NOT_ALLOWED');
            const tutorial = await h2.request('POST', '/createticket', {
                body: { userId: 'visitor-42', caseInfo: { subject: 'Hi', name: 'Ada', email: 'ada@example.com' } },
                auth: false,
            });
            expect(tutorial.status).toBe(200);
        }));
});

describe('finding 7: no type coercion of JSON bodies', () => {
    const h = useHarness();
    it.each([
        [{ ...ticket, name: 123 }, 'name'],
        [{ ...ticket, email: ['ada@example.com'] }, 'email'],
        [{ ...ticket, subject: true }, 'subject'],
        [{ ...ticket, message: 5 }, 'message'],
    ])('a wrong type is a 400 naming the field (%#)', async (body, field) => {
        const res = await h.request('POST', '/v1/tickets', { body, auth: false });
        expect(res.status).toBe(400);
        expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
        expect(h.salesforce.records('Case')).toHaveLength(0);
    });

    it('query strings are still parsed (history paging), and validated', async () => {
        const t = await h.newTicket('hi');
        expect((await h.request('GET', `/v1/groups/${t.groupId}/messages?limit=5`)).status).toBe(200);
        const bad = await h.request('GET', `/v1/groups/${t.groupId}/messages?limit=500`);
        expect(bad.status).toBe(400);
        expect(bad.json.error.field).toBe('limit');
    });
});

describe("finding 8: every response has the relay's error shape and headers", () => {
    const h = useHarness({ bodyLimitBytes: 2_048 });
    const expectRelayError = (res: { status: number; headers: Headers; json: unknown }, status: number) => {
        expect(res.status).toBe(status);
        expect(res.json).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
        expect(Object.keys(res.json as object)).toEqual(['error']);
        expect(res.headers.get('x-request-id')).toBeTruthy();
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('cache-control')).toBe('no-store');
    };

    it('414, 404, 415, 413 and malformed JSON', async () => {
        expectRelayError(await h.request('GET', `/v1/groups/${'5'.repeat(150)}/messages`, { auth: false }), 414);
        expectRelayError(await h.request('GET', '/nope', { auth: false }), 404);
        expectRelayError(
            await h.request('POST', '/v1/tickets', {
                rawBody: 'x',
                headers: { 'content-type': 'application/xml' },
                auth: false,
            }),
            415,
        );
        expectRelayError(
            await h.request('POST', '/v1/tickets', { body: { ...ticket, message: 'x'.repeat(4_000) }, auth: false }),
            413,
        );
        expectRelayError(await h.request('POST', '/v1/tickets', { rawBody: '{"name":', auth: false }), 400);
    });

    it('a request Node cannot parse gets the shape too', async () => {
        const raw = await new Promise<string>((resolve, reject) => {
            const socket = connect(Number(new URL(h.url).port), '127.0.0.1');
            let data = '';
            socket.on('data', (c) => (data += c.toString('utf8')));
            socket.on('close', () => resolve(data));
            socket.on('error', reject);
            socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header Line\r\n\r\n');
        });
        expect(raw).toMatch(/^HTTP\/1\.1 400/);
        expect(raw).toMatch(/x-request-id: \S+/i);
        expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    });
});

describe('finding 9: public callers get no upstream detail', () => {
    it('a Salesforce INVALID_FIELD reaches the log, not the anonymous caller', () =>
        withHarness({ captureLogs: true }, async (h) => {
            h.salesforce.faults.inject({
                path: '/query',
                status: 400,
                body: [
                    {
                        errorCode: 'INVALID_FIELD',
                        message: "SELECT Id FROM Contact WHERE Secret_Field__c = 'x'\nNo such column 'Secret_Field__c'",
                    },
                ],
            });
            const res = await h.request('POST', '/v1/tickets', { body: ticket, auth: false });
            expect(res.status).toBe(502);
            expect(res.json.error).toEqual({
                code: 'SERVICE_ERROR',
                message: expect.stringContaining(res.headers.get('x-request-id') as string),
                requestId: res.headers.get('x-request-id'),
            });
            expect(res.text).not.toMatch(/INVALID_FIELD|Secret_Field__c|SELECT|Salesforce/);
            expect(h.logs()).toContain('INVALID_FIELD');
        }));
});

describe('finding 10: request timeouts', () => {
    it(
        'connections that sent half a body are answered 408 and closed',
        () =>
            withHarness({ http: { requestTimeoutMs: 1_000, headersTimeoutMs: 1_000 } }, async (h) => {
                const port = Number(new URL(h.url).port);
                const started = Date.now();
                const closed = await Promise.all(
                    Array.from(
                        { length: 5 },
                        () =>
                            new Promise<{ at: number; data: string }>((resolve, reject) => {
                                const socket = connect(port, '127.0.0.1');
                                let data = '';
                                socket.on('data', (c) => (data += c.toString('utf8')));
                                socket.on('close', () => resolve({ at: Date.now(), data }));
                                socket.on('error', reject);
                                socket.write(
                                    'POST /v1/tickets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"name":',
                                );
                            }),
                    ),
                );
                for (const c of closed) {
                    expect(c.at - started).toBeLessThan(4_000);
                    expect(c.data).toMatch(/^HTTP\/1\.1 408/);
                }
            }),
        15_000,
    );
});
