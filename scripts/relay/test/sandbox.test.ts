/** The sandbox (`npm start`): the relay + fakes on one port, loopback only, throwaway keys, never next to live settings. */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { request as httpRequest } from 'node:http';
import { startSandboxRelay } from '../../sandbox/start.js';
import { sandboxBanner } from '../../sandbox/sandbox.js';
import { loadSandboxHttpConfig } from '../../sandbox/sandbox-config.js';
import { ConfigError } from '../src/config.js';
import { verifyUserSig } from '../src/tencent/usersig.js';

describe('sandbox mode', () => {
    it('serves the relay and both fakes on one port; the whole ticket → sync → history flow works', async () => {
        const http = loadSandboxHttpConfig({ PORT: '0' });
        const { app, sandbox, url } = await startSandboxRelay({
            http,
            userSigTtlSeconds: 3600,
            logStream: new PassThrough(),
        });
        try {
            const banner = sandboxBanner(sandbox);
            expect(banner).toContain('SANDBOX');
            expect(banner).toContain(url);
            expect(banner).toContain(sandbox.credentials.apiKey);
            const auth = { authorization: `Bearer ${sandbox.credentials.apiKey}`, 'content-type': 'application/json' };

            const ping = await (await fetch(`${url}/v1/ping`, { headers: auth })).json();
            expect(ping).toMatchObject({ ok: true, mode: 'sandbox', sdkAppId: sandbox.credentials.sdkAppId });

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
                verifyUserSig(adminSig.userSig, sandbox.credentials.sdkAppId, sandbox.credentials.secretKey)
                    ?.identifier,
            ).toBe('administrator');
            const direct = await (
                await fetch(
                    `${url}/sandbox/tencent/v4/group_open_http_svc/get_group_member_info?sdkappid=${sandbox.credentials.sdkAppId}&identifier=administrator&usersig=${adminSig.userSig}&random=1&contenttype=json`,
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

/** A raw request with a chosen Host header (fetch does not let a caller set Host). */
function getWithHost(url: string, path: string, host: string): Promise<{ status: number; body: string }> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
        const req = httpRequest({ hostname: u.hostname, port: u.port, path, headers: { host } }, (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString('utf8')));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
    });
}

describe('sandbox safety', () => {
    it('generates its own keys at every start and never takes one from the environment', async () => {
        const envKey = 'live-relay-api-key-from-the-environment-0123456789';
        const starts = [];
        for (let i = 0; i < 2; i++) {
            const http = { ...loadSandboxHttpConfig({ PORT: '0' }), apiKey: envKey };
            starts.push(await startSandboxRelay({ http, userSigTtlSeconds: 3600, logStream: new PassThrough() }));
        }
        try {
            const [a, b] = starts as [(typeof starts)[0], (typeof starts)[0]];
            expect(a.sandbox.settings.http.apiKey).not.toBe(envKey);
            expect(a.sandbox.settings.http.apiKey).not.toBe(b.sandbox.settings.http.apiKey);
            expect(a.sandbox.credentials.secretKey).not.toBe(b.sandbox.credentials.secretKey);
            expect(a.sandbox.settings.http.apiKey.length).toBeGreaterThanOrEqual(32);
            expect(sandboxBanner(a.sandbox)).not.toContain(envKey);
            const ping = await fetch(`${a.url}/v1/ping`, { headers: { authorization: `Bearer ${envKey}` } });
            expect(ping.status).toBe(401);
        } finally {
            for (const s of starts) await s.app.close();
        }
    });

    it('listens on loopback by default and answers only to loopback Host names (DNS rebinding)', async () => {
        const http = loadSandboxHttpConfig({ PORT: '0' });
        expect(http.host).toBe('127.0.0.1');
        const { app, url } = await startSandboxRelay({ http, userSigTtlSeconds: 3600, logStream: new PassThrough() });
        try {
            const port = new URL(url).port;
            for (const host of [`127.0.0.1:${port}`, `localhost:${port}`])
                expect((await getWithHost(url, '/sandbox/admin-usersig', host)).status).toBe(200);
            for (const path of ['/sandbox/admin-usersig', '/healthz', '/v1/tickets']) {
                const rebound = await getWithHost(url, path, `evil.example:${port}`);
                expect(rebound.status).toBe(421);
                expect(JSON.parse(rebound.body).error.code).toBe('HOST_NOT_ALLOWED');
                expect(rebound.body).not.toContain('userSig');
            }
        } finally {
            await app.close();
        }
    });

    it('refuses to start next to real credentials or with NODE_ENV=production, naming them', () => {
        const problems = (env: Record<string, string>) => {
            try {
                loadSandboxHttpConfig(env);
            } catch (err) {
                expect(err).toBeInstanceOf(ConfigError);
                return (err as ConfigError).message;
            }
            return '';
        };
        expect(problems({ NODE_ENV: 'production' })).toContain('NODE_ENV=production');
        const message = problems({
            RELAY_API_KEY: 'k'.repeat(40),
            TENCENT_SECRET_KEY: 'real-secret-do-not-print',
            SF_CLIENT_ID: 'cid',
        });
        expect(message).toContain('RELAY_API_KEY');
        expect(message).toContain('TENCENT_SECRET_KEY');
        expect(message).toContain('SF_CLIENT_ID');
        expect(message).not.toContain('real-secret-do-not-print');
        expect(problems({ PORT: '0' })).toBe('');
    });
});
