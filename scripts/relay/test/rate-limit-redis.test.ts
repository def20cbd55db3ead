/**
 * Shared rate limiting (REDIS_URL) against a real redis-server: replicas share ONE per-IP limit; an unreachable
 * Redis fails open (requests served, counted in relay_rate_limit_store_errors_total, warning logged).
 * Not skipped when redis-server is missing: the helper fails with an installation hint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, signId, type Harness } from './helpers/harness.js';
import { freePort, startRedisServer, type RedisServer } from './helpers/redis-server.js';

const ticket = { name: 'Ada', email: 'ada@example.com', subject: 'Help' };
let redis: RedisServer;

beforeAll(async () => {
    redis = await startRedisServer();
});
afterAll(async () => {
    await redis?.stop();
});

describe('rate limit shared through Redis', () => {
    it('two relay instances sharing one Redis enforce one combined per-IP limit', async () => {
        const a = await startHarness({ ticketRateLimitPerMinute: 3, redisUrl: redis.url });
        const b = await startHarness({ ticketRateLimitPerMinute: 3, redisUrl: redis.url });
        try {
            const post = (h: Harness) => h.request('POST', '/v1/tickets', { body: ticket, auth: false });
            const statuses = [];
            for (const h of [a, b, a, b, a]) statuses.push((await post(h)).status);
            expect(statuses).toEqual([201, 201, 201, 429, 429]);
            const limited = await post(b);
            expect(limited.json.error.code).toBe('RATE_LIMITED');
            expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
            // /createticket keeps its own budget (a different route key), also shared.
            const create = (h: Harness) =>
                h.request('POST', '/createticket', {
                    auth: false,
                    body: {
                        userId: 'visitor-1',
                        userIdSignature: signId('visitor-1'),
                        caseInfo: { subject: 's', name: 'n', email: 'n@example.com' },
                    },
                });
            expect([(await create(a)).status, (await create(b)).status]).toEqual([200, 200]);
            const metrics = await a.request('GET', '/metrics', { auth: false });
            expect(metrics.text).not.toMatch(/relay_rate_limit_store_errors_total\{store="redis"\} [1-9]/);
        } finally {
            await a.close();
            await b.close();
        }
    });

    it('fails open when Redis is unreachable: requests are served, the failure is counted and logged', async () => {
        const deadPort = await freePort();
        const h = await startHarness({
            ticketRateLimitPerMinute: 1,
            redisUrl: `redis://127.0.0.1:${deadPort}`,
            captureLogs: true,
        });
        try {
            const statuses = [];
            for (let i = 0; i < 3; i++)
                statuses.push((await h.request('POST', '/v1/tickets', { body: ticket, auth: false })).status);
            expect(statuses).toEqual([201, 201, 201]);
            const metrics = await h.request('GET', '/metrics', { auth: false });
            const count = Number(
                /relay_rate_limit_store_errors_total\{store="redis"\} (\d+)/.exec(metrics.text)?.[1] ?? 0,
            );
            expect(count).toBeGreaterThanOrEqual(3);
            expect(h.logs()).toMatch(/rate-limit store \(Redis\) (unavailable|not reachable)/);
        } finally {
            await h.close();
        }
    });

    it('keeps serving when Redis goes away mid-run (fail open)', async () => {
        const second = await startRedisServer();
        const h = await startHarness({ ticketRateLimitPerMinute: 1, redisUrl: second.url });
        try {
            expect((await h.request('POST', '/v1/tickets', { body: ticket, auth: false })).status).toBe(201);
            await second.stop();
            expect((await h.request('POST', '/v1/tickets', { body: ticket, auth: false })).status).toBe(201); // fail open
        } finally {
            await h.close();
            await second.stop();
        }
    });
});
