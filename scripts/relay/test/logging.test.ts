import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    startHarness,
    fakeId,
    idemKey,
    API_KEY,
    SECRET_KEY,
    SF_CLIENT_SECRET,
    type Harness,
} from './helpers/harness.js';
import { redactUrl } from '../src/logger.js';

let h: Harness;
beforeAll(async () => {
    h = await startHarness({ captureLogs: true });
});
afterAll(async () => {
    await h.close();
});

describe('logs', () => {
    it('never contain the secret key, API key, UserSigs or Salesforce tokens', async () => {
        const secrets: string[] = [SECRET_KEY, API_KEY, SF_CLIENT_SECRET];
        const t = await h.request('POST', '/v1/tickets', {
            body: { name: 'Ada', email: 'ada@example.com', subject: 'Help' },
            auth: false,
            headers: { 'idempotency-key': idemKey('log-test-key-1') },
        });
        secrets.push(t.json.userSig);
        const s = await h.request('POST', '/v1/agents/session', { body: { userId: fakeId('005', 1) } });
        secrets.push(s.json.userSig);
        await h.request('GET', '/v1/ping', { auth: 'wrong-key-that-should-not-be-logged-either' });
        secrets.push('wrong-key-that-should-not-be-logged-either');
        // An upstream failure is logged (with its code), still without secrets.
        h.tencent.faults.inject({ command: 'group_open_http_svc/get_group_info', errorCode: 10004, errorInfo: 'bad' });
        await h.request('POST', '/v1/groups/sync', {
            body: { groups: [{ groupId: t.json.groupId, customerId: t.json.customerId, agents: [], state: 'open' }] },
        });
        await h.request('GET', `/v1/ping?usersig=${encodeURIComponent(t.json.userSig)}`);
        secrets.push(h.app.relay.adminSig.get(), (await h.app.relay.tokens.get()).accessToken);
        await new Promise((r) => setTimeout(r, 50));

        const logs = h.logs();
        expect(logs).toContain('"reqId"');
        expect(logs).toContain('group sync failed');
        expect(logs).toContain('[REDACTED]');
        for (const secret of secrets) {
            expect(secret.length).toBeGreaterThan(8);
            expect(logs).not.toContain(secret);
        }
    });

    it('redacts credential query parameters from URLs', () => {
        expect(redactUrl('/v4/x/y?sdkappid=1&usersig=abc&random=2')).toBe(
            '/v4/x/y?sdkappid=1&usersig=[REDACTED]&random=2',
        );
        expect(redactUrl('/a?token=t&b=1')).toBe('/a?token=[REDACTED]&b=1');
    });
});
