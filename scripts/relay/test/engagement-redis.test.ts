/** Live engagement buffer in Redis (REDIS_URL): groups whose write failed wait in Redis and are retried from there. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startHarness, type Harness } from './helpers/harness.js';
import { caseSyncActions } from './helpers/case-sync.js';
import { startRedisServer, type RedisServer } from './helpers/redis-server.js';

const TOKEN = 'engagement-callback-token-0123456789abcdef';
let redis: RedisServer;
let h: Harness;
let client: Redis;

beforeAll(async () => {
    redis = await startRedisServer();
    h = await startHarness({ redisUrl: redis.url, callbacks: { token: TOKEN }, engagementFlushMs: 200 });
    client = new Redis(redis.url);
});
afterAll(async () => {
    client?.disconnect();
    await h?.close();
    await redis?.stop();
});

describe('engagement buffer in Redis', () => {
    it('keeps the group in Redis while Salesforce fails, then writes it', async () => {
        const sf = caseSyncActions(h);
        const t = await h.newTicket();
        await sf.syncOne(t.caseId);
        h.tencent.callbacks.setTarget({ url: `${h.url}/v1/tencent/callbacks?token=${TOKEN}` });
        h.salesforce.faults.inject({ path: 'sobjects/Case/', status: 503, times: 1 });
        h.tencent.seedMessage(t.groupId, t.customerId, 'Hello?');
        await h.tencent.callbacks.idle();
        let buffered: string[] = [];
        for (let i = 0; i < 200 && !buffered.includes(t.groupId); i++) {
            await new Promise((r) => setTimeout(r, 5));
            buffered = await client.smembers('relay-engagement:pending-groups');
        }
        expect(buffered).toContain(t.groupId);
        await h.app.relay.liveEngagement.idle();
        expect(h.salesforce.records('Case').find((r) => r['Id'] === t.caseId)?.['Chat_Customer_Message_Count__c']).toBe(
            1,
        );
        expect(await client.smembers('relay-engagement:pending-groups')).toEqual([]);
        const updates = h.salesforce.calls.filter((c) => c.method === 'PATCH' && c.path.includes(`Case/${t.caseId}`));
        expect(updates.length).toBeGreaterThanOrEqual(2); // the refused one, then the retry
    });
});
