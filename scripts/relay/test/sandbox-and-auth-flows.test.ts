import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { startSandboxRelay } from '../src/sandbox/start.js';
import { sandboxBanner, SANDBOX_CREDENTIALS } from '../src/sandbox/sandbox.js';
import { startHarness } from './helpers/harness.js';
import { verifyUserSig } from '../src/tencent/usersig.js';
import { loadConfig } from '../src/config.js';

describe('sandbox mode', () => {
    it('serves the relay and both fakes on one port; the whole ticket → sync → history flow works', async () => {
        const config = loadConfig({ PORT: '0' });
        const { app, sandbox, url } = await startSandboxRelay({
            http: config.http,
            userSigTtlSeconds: 3600,
            logStream: new PassThrough(),
        });
        try {
            const banner = sandboxBanner(sandbox);
            expect(banner).toContain('SANDBOX MODE');
            expect(banner).toContain(url);
            expect(banner).toContain(SANDBOX_CREDENTIALS.apiKey);
            const auth = { authorization: `Bearer ${SANDBOX_CREDENTIALS.apiKey}`, 'content-type': 'application/json' };

            const ping = await (await fetch(`${url}/v1/ping`, { headers: auth })).json();
            expect(ping).toMatchObject({ ok: true, mode: 'sandbox', sdkAppId: SANDBOX_CREDENTIALS.sdkAppId });

            const ticket = await (
                await fetch(`${url}/v1/tickets`, {
                    method: 'POST',
                    headers: { 'content-type': 'application/json' },
                    body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', subject: 'Hi', message: 'hello' }),
                })
            ).json();
            expect(ticket.caseId).toMatch(/^500/);
            expect(sandbox.salesforce.getRecord('Case', ticket.caseId)).toBeDefined();

            const agent = sandbox.agents[0]!;
            expect(agent.userId).toMatch(/^005/);
            const sync = await (
                await fetch(`${url}/v1/groups/sync`, {
                    method: 'POST',
                    headers: auth,
                    body: JSON.stringify({
                        groups: [
                            {
                                groupId: ticket.groupId,
                                customerId: ticket.customerId,
                                agents: [{ userId: agent.userId }],
                                state: 'open',
                            },
                        ],
                    }),
                })
            ).json();
            expect(sync.failed).toBe(0);
            expect(sandbox.tencent.getGroup(ticket.groupId)!.members.map((m) => m.account)).toContain(agent.userId);

            const history = await (
                await fetch(`${url}/v1/groups/${ticket.groupId}/messages`, { headers: auth })
            ).json();
            expect(history.messages[0].elements[0]).toEqual({ type: 'text', text: 'hello' });

            const adminSig = await (await fetch(`${url}/sandbox/admin-usersig`)).json();
            expect(
                verifyUserSig(adminSig.userSig, SANDBOX_CREDENTIALS.sdkAppId, SANDBOX_CREDENTIALS.secretKey)
                    ?.identifier,
            ).toBe('administrator');
            const direct = await (
                await fetch(
                    `${url}/sandbox/tencent/v4/group_open_http_svc/get_group_member_info?sdkappid=${SANDBOX_CREDENTIALS.sdkAppId}&identifier=administrator&usersig=${adminSig.userSig}&random=1&contenttype=json`,
                    { method: 'POST', body: JSON.stringify({ GroupId: ticket.groupId }) },
                )
            ).json();
            expect(direct.ErrorCode).toBe(0);

            const ready = await fetch(`${url}/readyz`);
            expect(ready.status).toBe(200);
            const openapi = await (await fetch(`${url}/openapi.json`)).json();
            expect(Object.keys(openapi.paths).some((p) => p.startsWith('/sandbox'))).toBe(false);
        } finally {
            await app.close();
        }
    });
});

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
