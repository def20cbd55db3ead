import { describe, expect, it } from 'vitest';
import { useHarness, fakeId, signId, API_KEY, SDK_APP_ID, SECRET_KEY } from './helpers/harness.js';
import { verifyUserSig } from '../src/tencent/usersig.js';

const h = useHarness();

const A1 = fakeId('005', 1);

describe('POST /v1/agents/session', () => {
    it('mints a UserSig for the 18-char id and imports the account', async () => {
        const res = await h.request('POST', '/v1/agents/session', {
            body: { userId: A1.slice(0, 15), name: 'Agent A' },
        });
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ sdkAppId: SDK_APP_ID, userId: A1 });
        const sig = verifyUserSig(res.json.userSig, SDK_APP_ID, SECRET_KEY);
        expect(sig?.identifier).toBe(A1);
        expect(res.json.expiresAt).toBe((sig!.time + sig!.expire) * 1000);
        expect(h.tencent.hasAccount(A1)).toBe(true);
    });

    it('400 for a non-User id, 401 without a key', async () => {
        const bad = await h.request('POST', '/v1/agents/session', { body: { userId: fakeId('500', 1) } });
        expect(bad.status).toBe(400);
        expect(bad.json.error.field).toBe('userId');
        const missing = await h.request('POST', '/v1/agents/session', { body: {} });
        expect(missing.json.error.field).toBe('userId');
        expect((await h.request('POST', '/v1/agents/session', { body: { userId: A1 }, auth: false })).status).toBe(401);
    });
});

describe('GET /v1/groups/:groupId/messages', () => {
    it('pages back oldest-first within each page until finished', async () => {
        const t = await h.newTicket('first');
        for (let i = 2; i <= 45; i++) await h.app.relay.groups.sendText(t.groupId, t.customerId, `m${i}`, i);
        const seen: string[] = [];
        let before: number | null | undefined;
        let pages = 0;
        do {
            const qs = before ? `?limit=20&before=${before}` : '?limit=20';
            const res = await h.request('GET', `/v1/groups/${t.groupId}/messages${qs}`);
            expect(res.status).toBe(200);
            const seqs = res.json.messages.map((m: { seq: number }) => m.seq);
            expect(seqs).toEqual([...seqs].sort((a: number, b: number) => a - b));
            seen.unshift(...res.json.messages.map((m: { elements: { text: string }[] }) => m.elements[0]!.text));
            before = res.json.nextBefore;
            expect(res.json.isFinished).toBe(before === null);
            pages++;
        } while (before !== null && pages < 10);
        expect(pages).toBe(3);
        expect(seen).toEqual(['first', ...Array.from({ length: 44 }, (_, i) => `m${i + 2}`)]);
    });

    it('maps message fields and accepts a 15-char group id; limit above 20 spans several Tencent calls', async () => {
        const t = await h.newTicket('hello');
        for (let i = 0; i < 30; i++) await h.app.relay.groups.sendText(t.groupId, t.customerId, `x${i}`, 1000 + i);
        const res = await h.request('GET', `/v1/groups/${t.groupId.slice(0, 15)}/messages?limit=100`);
        expect(res.json.groupId).toBe(t.groupId);
        expect(res.json.messages).toHaveLength(31);
        expect(res.json.nextBefore).toBeNull();
        expect(res.json.messages[0]).toMatchObject({ from: t.customerId, elements: [{ type: 'text', text: 'hello' }] });
        expect(res.json.messages[0].time).toBeGreaterThan(1_600_000_000_000);
    });

    it('404 for a missing group, 400 for bad params', async () => {
        const missing = await h.request('GET', `/v1/groups/${fakeId('500', 9)}/messages`);
        expect(missing.status).toBe(404);
        expect(missing.json.error.code).toBe('GROUP_NOT_FOUND');
        expect((await h.request('GET', `/v1/groups/${fakeId('500', 9)}/messages?limit=101`)).json.error.field).toBe(
            'limit',
        );
        expect((await h.request('GET', `/v1/groups/${fakeId('500', 9)}/messages?before=0`)).json.error.field).toBe(
            'before',
        );
        expect((await h.request('GET', `/v1/groups/${fakeId('005', 9)}/messages`)).json.error.field).toBe('groupId');
    });
});

describe('GET /v1/ping, /healthz, /readyz, /metrics, /openapi.json, 404', () => {
    it('ping proves the key', async () => {
        const res = await h.request('GET', '/v1/ping');
        expect(res.json).toEqual({ ok: true, version: '0.1.0', sdkAppId: SDK_APP_ID, mode: 'live' });
        expect((await h.request('GET', '/v1/ping', { auth: API_KEY + 'x' })).status).toBe(401);
    });

    it('healthz and readyz', async () => {
        expect((await h.request('GET', '/healthz', { auth: false })).json).toEqual({ ok: true, version: '0.1.0' });
        const ready = await h.request('GET', '/readyz', { auth: false });
        expect(ready.status).toBe(200);
        expect(ready.json.checks).toMatchObject({
            config: { ok: true },
            tencent: { ok: true },
            salesforce: { ok: true },
        });
    });

    it('readyz re-validates the live settings: a broken setting or a stale admin UserSig makes it 503 (config check)', async () => {
        const t = h.settings.tencent;
        const saved = { apiBaseUrl: t.apiBaseUrl, secretKey: t.secretKey };
        try {
            t.apiBaseUrl = 'ftp://nowhere';
            const bad = await h.request('GET', '/readyz', { auth: false });
            expect(bad.status).toBe(503);
            expect(bad.json.checks.config).toMatchObject({ ok: false, code: 'CONFIG_INVALID' });
            expect(bad.json.checks.config.message).toContain('TENCENT_API_BASE_URL');
            t.apiBaseUrl = saved.apiBaseUrl;
            // The secret was rotated in the settings but the cached admin sig was made with the old one.
            t.secretKey = 'rotated-secret-0123456789abcdef0123456789abcdef';
            const stale = await h.request('GET', '/readyz', { auth: false });
            expect(stale.status).toBe(503);
            expect(stale.json.checks.config.message).toContain('admin UserSig');
            expect(stale.text).not.toContain('rotated-secret');
        } finally {
            Object.assign(t, saved);
        }
        expect((await h.request('GET', '/readyz', { auth: false })).json.checks.config).toEqual({ ok: true });
    });

    it('readyz is 503 naming Tencent when Tencent is down', async () => {
        h.tencent.faults.inject({ command: 'im_open_login_svc/account_check', httpStatus: 503, times: 10 });
        const res = await h.request('GET', '/readyz', { auth: false });
        expect(res.status).toBe(503);
        expect(res.json.checks.tencent).toMatchObject({
            ok: false,
            code: 'TENCENT_UNAVAILABLE',
            upstreamCode: 'HTTP_503',
        });
        expect(res.json.checks.salesforce.ok).toBe(true);
    });

    it('readyz is 503 naming Salesforce when no token can be obtained', async () => {
        h.app.relay.tokens.invalidate();
        h.salesforce.faults.inject({
            path: '/services/oauth2/token',
            status: 400,
            body: { error: 'invalid_client', error_description: 'invalid client credentials' },
        });
        const res = await h.request('GET', '/readyz', { auth: false });
        expect(res.status).toBe(503);
        expect(res.json.checks.salesforce).toMatchObject({
            ok: false,
            code: 'SALESFORCE_ERROR',
            upstreamCode: 'invalid_client',
        });
        expect(res.json.checks.tencent.ok).toBe(true);
    });

    it('metrics expose request and upstream series', async () => {
        await h.request('GET', '/v1/ping');
        await h.newTicket();
        const res = await h.request('GET', '/metrics', { auth: false });
        expect(res.headers.get('content-type')).toContain('text/plain');
        expect(res.text).toMatch(/relay_http_requests_total\{method="GET",route="\/v1\/ping",status="200"\} \d+/);
        expect(res.text).toMatch(
            /relay_http_request_duration_seconds_bucket\{method="POST",route="\/v1\/tickets",status="201",le="\+Inf"\} \d+/,
        );
        expect(res.text).toMatch(
            /relay_upstream_calls_total\{op="group_open_http_svc\/create_group",outcome="ok",service="tencent"\} \d+/,
        );
        expect(res.text).toMatch(/relay_upstream_calls_total\{op="query",outcome="ok",service="salesforce"\} \d+/);
    });

    it('openapi.json documents the routes with their schemas', async () => {
        const res = await h.request('GET', '/openapi.json', { auth: false });
        expect(res.status).toBe(200);
        expect(res.json.openapi).toMatch(/^3\./);
        for (const path of [
            '/v1/tickets',
            '/v1/groups/sync',
            '/v1/agents/session',
            '/v1/groups/{groupId}/messages',
            '/v1/ping',
            '/createticket',
            '/joingroup',
        ]) {
            expect(res.json.paths).toHaveProperty([path]);
        }
        expect(res.json.paths['/v1/tickets'].post.requestBody.content['application/json'].schema.required).toEqual([
            'name',
            'email',
            'subject',
        ]);
    });

    it('unknown routes are 404 JSON errors, with a request id header', async () => {
        const res = await h.request('GET', '/nope', { headers: { 'x-request-id': 'trace-123' } });
        expect(res.status).toBe(404);
        expect(res.json.error.code).toBe('NOT_FOUND');
        expect(res.headers.get('x-request-id')).toBe('trace-123');
    });
});

describe('tutorial routes', () => {
    it('/createticket creates case + group with the caller id as customer', async () => {
        const res = await h.request('POST', '/createticket', {
            auth: false,
            body: {
                userId: 'enduser1',
                userIdSignature: signId('enduser1'),
                caseInfo: { subject: 'Broken', desc: 'It broke', name: 'End User', email: 'end@example.com' },
            },
        });
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
        expect(res.json.GroupId).toBe(res.json.CaseId);
        expect(res.json.userSig).toBeUndefined();
        const group = h.tencent.getGroup(res.json.GroupId)!;
        expect(group.members.map((m) => m.account)).toEqual(['enduser1']);
        const caseNumber = String(h.salesforce.getRecord('Case', res.json.CaseId)!['CaseNumber']);
        expect(group.name).toBe(`${caseNumber} Broken`);
        expect(JSON.parse(group.introduction)).toEqual({
            caseNumber,
            subject: 'Broken',
            customerName: 'End User',
            customerId: 'enduser1',
        });
        expect(h.tencent.getAccount('enduser1')?.nick).toBe('End User');
        const bad = await h.request('POST', '/createticket', {
            auth: false,
            body: { userId: 'enduser1', caseInfo: { subject: 'x', name: 'n', email: 'bad' } },
        });
        expect(bad.json.error.field).toBe('caseInfo.email');
    });

    it('/joingroup, /leavegroup, /deletegroup need the key and behave like the tutorial', async () => {
        const t = await h.newTicket();
        expect(
            (await h.request('POST', '/joingroup', { auth: false, body: { groupId: t.groupId, userId: A1 } })).status,
        ).toBe(401);
        const join = await h.request('POST', '/joingroup', { body: { groupId: t.groupId, userId: A1 } });
        expect(join.json).toMatchObject({
            ActionStatus: 'OK',
            ErrorCode: 0,
            MemberList: [{ Member_Account: A1, Result: 1 }],
        });
        const again = await h.request('POST', '/joingroup', { body: { groupId: t.groupId, userId: A1 } });
        expect(again.json.MemberList[0].Result).toBe(2);
        const leave = await h.request('POST', '/leavegroup', { body: { groupId: t.groupId, userId: A1 } });
        expect(leave.json).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
        expect(h.tencent.getGroup(t.groupId)!.members.map((m) => m.account)).toEqual([t.customerId]);
        expect((await h.request('POST', '/deletegroup', { body: { groupId: t.groupId } })).json.ActionStatus).toBe(
            'OK',
        );
        expect((await h.request('POST', '/deletegroup', { body: { groupId: t.groupId } })).json.ActionStatus).toBe(
            'OK',
        );
        const joinGone = await h.request('POST', '/joingroup', { body: { groupId: t.groupId, userId: A1 } });
        expect(joinGone.status).toBe(404);
        const badId = await h.request('POST', '/leavegroup', { body: { groupId: t.groupId, userId: 'someone' } });
        expect(badId.json.error.field).toBe('userId');
    });
});

describe('Salesforce token handling', () => {
    it('refreshes an expired token once and retries the call', async () => {
        await h.newTicket();
        const before = h.app.relay.tokens.tokensFetched;
        h.salesforce.expireAllTokens();
        await h.newTicket();
        expect(h.app.relay.tokens.tokensFetched).toBe(before + 1);
    });

    it('does not loop when Salesforce keeps answering 401', async () => {
        await h.newTicket();
        const before = h.app.relay.tokens.tokensFetched;
        h.salesforce.faults.inject({
            path: '/query',
            status: 401,
            body: [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired' }],
            times: 5,
        });
        const res = await h.request('POST', '/v1/tickets', {
            body: { name: 'Ada', email: 'ada@example.com', subject: 'x' },
            auth: false,
        });
        expect(res.status).toBe(502);
        expect(res.json.error).toMatchObject({ code: 'SERVICE_ERROR' });
        expect(h.app.relay.tokens.tokensFetched).toBe(before + 1);
    });
});
