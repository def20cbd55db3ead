/** Phone page tickets in Redis: minted by one replica, served once by any replica. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeTccc, type FakeTccc } from '../../fakes/tencent-contact-center/index.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { startRedisServer, type RedisServer } from './helpers/redis-server.js';
import { TCCC_SDK_APP_ID, TCCC_SECRET_ID, TCCC_SECRET_KEY, voiceConfig } from './helpers/voice.js';

const SEAT = 'rita.redis@example.com';
let redis: RedisServer;
let tccc: FakeTccc;
let a: Harness;
let b: Harness;

beforeAll(async () => {
    redis = await startRedisServer();
    tccc = createFakeTccc({ sdkAppId: TCCC_SDK_APP_ID, secrets: { [TCCC_SECRET_ID]: TCCC_SECRET_KEY }, seats: [SEAT] });
    const port = Number(new URL(await tccc.listen()).port);
    a = await startHarness({ redisUrl: redis.url, voice: voiceConfig(port) });
    b = await startHarness({ redisUrl: redis.url, voice: voiceConfig(port) });
});
afterAll(async () => {
    await a?.close();
    await b?.close();
    await tccc?.close();
    await redis?.stop();
});

describe('phone page tickets with REDIS_URL', () => {
    it('are single-use across replicas', async () => {
        const userId = a.salesforce.insert('User', { LastName: 'Rita', Username: 'rita@users.example', Email: SEAT });
        const res = await a.request('POST', '/v1/agents/voice-session', { body: { userId } });
        expect(res.status).toBe(200);
        const ticket = new URL(res.json.phonePageUrl).search;
        const onB = await fetch(`${b.url}/voice/phone${ticket}`);
        expect(onB.status).toBe(200);
        expect(await onB.text()).toContain(SEAT);
        expect((await fetch(`${a.url}/voice/phone${ticket}`)).status).toBe(410);
        expect((await fetch(`${b.url}/voice/phone${ticket}`)).status).toBe(410);
    });
});
