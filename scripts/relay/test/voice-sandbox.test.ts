/** The sandbox's voice wiring: the fake TCCC started with it, the relay pointed at it, the call control API. */
import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { startSandboxRelay } from '../../sandbox/start.js';
import { loadSandboxHttpConfig } from '../../sandbox/sandbox-config.js';

describe('sandbox voice', () => {
    it('logs a seeded agent in to the fake TCCC and places, transfers and ends simulated calls', async () => {
        const { app, sandbox, url } = await startSandboxRelay({
            http: loadSandboxHttpConfig({ PORT: '0' }),
            userSigTtlSeconds: 3600,
            logStream: new PassThrough(),
        });
        try {
            const [alice, bob] = sandbox.agents as [(typeof sandbox.agents)[0], (typeof sandbox.agents)[0]];
            const port = new URL(url).port;
            const session = await fetch(`${url}/v1/agents/voice-session`, {
                method: 'POST',
                headers: { authorization: `Bearer ${sandbox.credentials.apiKey}`, 'content-type': 'application/json' },
                body: JSON.stringify({ userId: alice.userId }),
            });
            expect(session.status).toBe(200);
            const body = (await session.json()) as { sdkUrl: string; seatUserId: string; phonePageUrl: string };
            expect(body.seatUserId).toBe(alice.email);
            expect(body.sdkUrl.startsWith(sandbox.voice.tccc.sdkBaseUrl())).toBe(true);
            expect(body.phonePageUrl.startsWith(`http://localhost:${port}/voice/phone?ticket=`)).toBe(true);

            const page = await fetch(body.phonePageUrl.replace('localhost', '127.0.0.1'));
            expect(page.status).toBe(200);
            expect(page.headers.get('content-security-policy')).toContain(
                `frame-ancestors http://127.0.0.1:${port} http://localhost:${port}`,
            );
            expect(page.headers.get('content-security-policy')).toContain(sandbox.voice.tccc.sdkBaseUrl());

            const post = (path: string, b: unknown) =>
                fetch(`${url}/sandbox/api/voice${path}`, {
                    method: 'POST',
                    headers: { 'content-type': 'application/json' },
                    body: JSON.stringify(b),
                });
            const placed = await post('/calls', { from: '+8613800138000', userId: alice.userId });
            expect(placed.status).toBe(201);
            const call = (await placed.json()) as { sessionId: string; seatUserId: string; state: string };
            expect(call).toMatchObject({ seatUserId: alice.email, state: 'ringing' });
            const moved = await (await post(`/calls/${call.sessionId}/transfer`, { userId: bob.userId })).json();
            expect(moved).toMatchObject({ seatUserId: bob.email, state: 'ringing' });
            const ended = await (await post(`/calls/${call.sessionId}/end`, {})).json();
            expect(ended).toMatchObject({ state: 'ended', closeBy: 'client' });
            expect((await post(`/calls/${call.sessionId}/end`, {})).status).toBe(409);
            expect((await post('/calls', { from: 'not a number', userId: alice.userId })).status).toBe(400);
        } finally {
            await app.close();
        }
    });
});
