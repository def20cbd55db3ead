import { describe, expect, it } from 'vitest';
import { startHarness } from './helpers/harness.js';

describe('Salesforce JWT bearer flow', () => {
    it('obtains a token with an RS256 assertion and creates tickets', async () => {
        const h = await startHarness({ authFlow: 'jwt' });
        try {
            const res = await h.request('POST', '/v1/tickets', {
                body: { name: 'Ada', email: 'ada@example.com', subject: 'Help' },
                auth: false,
            });
            expect(res.status).toBe(201);
            const tokenCall = h.salesforce.calls.find((c) => c.path.startsWith('/services/oauth2/token'));
            expect(JSON.stringify(tokenCall?.body)).toContain('jwt-bearer');
        } finally {
            await h.close();
        }
    });
});

describe('Tencent transport failures', () => {
    it('a timeout is retried and then reported as 503 TIMEOUT', async () => {
        const h = await startHarness({ tencentTimeoutMs: 100 });
        try {
            h.tencent.faults.inject({ command: 'im_open_login_svc/account_import', delayMs: 300, times: 3 });
            const res = await h.request('POST', '/v1/agents/session', { body: { userId: '005000000000001AAA' } });
            expect(res.status).toBe(503);
            expect(res.json.error).toMatchObject({ code: 'TENCENT_UNAVAILABLE', upstreamCode: 'TIMEOUT' });
        } finally {
            await h.close();
        }
    });

    it('a closed port is a NETWORK error; a non-JSON 4xx answer is permanent', async () => {
        const h = await startHarness();
        try {
            await h.tencent.close();
            const res = await h.request('POST', '/v1/agents/session', { body: { userId: '005000000000001AAA' } });
            expect(res.status).toBe(503);
            expect(res.json.error.upstreamCode).toBe('NETWORK');
        } finally {
            await h.close();
        }
        const h2 = await startHarness();
        try {
            h2.tencent.faults.inject({ command: 'im_open_login_svc/account_import', httpStatus: 404 });
            const res = await h2.request('POST', '/v1/agents/session', { body: { userId: '005000000000001AAA' } });
            expect(res.status).toBe(502);
            expect(res.json.error.upstreamCode).toBe('HTTP_404');
            expect(h2.tencent.calls.filter((c) => c.command === 'im_open_login_svc/account_import')).toHaveLength(1);
        } finally {
            await h2.close();
        }
    });
});
