/**
 * POST /v1/tencent/callbacks: who may call it (SdkAppid, the URL's secret token, the optional Sign), freshness and
 * replays, Tencent's OK body answered before the work is done, and the fake Tencent's own signed webhooks accepted.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    CALLBACK_TOKEN,
    SDK_APP_ID,
    SERVICE_USER,
    startMessagingRig,
    waitFor,
    type MessagingRig,
    type RelayInstance,
} from './helpers/messaging-harness.js';

const SIGN_TOKEN = 'console-callback-auth-token';
const sign = (t: string) =>
    createHash('sha256')
        .update(SIGN_TOKEN + t)
        .digest('hex');

function post(relay: RelayInstance, query: Record<string, string>, body: unknown) {
    const qs = new URLSearchParams({
        SdkAppid: String(SDK_APP_ID),
        CallbackCommand: 'Test.Command',
        contenttype: 'json',
        token: CALLBACK_TOKEN,
        ...query,
    });
    return fetch(`${relay.url}/v1/tencent/callbacks?${qs.toString()}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
    });
}
const fresh = () => ({ EventTime: Date.now(), Nonce: randomUUID() });

describe('callback receiver without Sign (token guard only)', () => {
    let rig: MessagingRig;
    let relay: RelayInstance;
    beforeAll(async () => {
        rig = await startMessagingRig();
        relay = await rig.startRelay();
    });
    afterAll(() => rig.close());

    it('answers Tencent’s OK body at once and runs the handler afterwards', async () => {
        let finished = false;
        let release: (() => void) | undefined;
        relay.app.relay.callbacks.register('Test.Slow', async () => {
            await new Promise<void>((r) => (release = r));
            finished = true;
        });
        const res = await post(relay, { CallbackCommand: 'Test.Slow' }, fresh());
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 });
        expect(finished).toBe(false);
        await waitFor(() => release !== undefined, 'handler started');
        release!();
        await relay.app.relay.callbacks.idle();
        expect(finished).toBe(true);
    });

    it('rejects another SdkAppid, a missing or wrong token, and bad bodies', async () => {
        expect((await post(relay, { SdkAppid: '1400000001' }, fresh())).status).toBe(403);
        expect((await post(relay, { token: 'wrong-token-wrong-token-wrong-token!' }, fresh())).status).toBe(401);
        const qs = `SdkAppid=${SDK_APP_ID}&CallbackCommand=Test.Command&contenttype=json`;
        expect((await fetch(`${relay.url}/v1/tencent/callbacks?${qs}`, { method: 'POST', body: '{}' })).status).toBe(
            401,
        );
        expect((await post(relay, {}, 'not json')).status).toBe(400);
        expect((await post(relay, {}, { CallbackCommand: 'Other.Command', ...fresh() })).status).toBe(400);
    });

    it('rejects stale events (>60 s) and replays', async () => {
        expect((await post(relay, {}, { EventTime: Date.now() - 61_000 })).status).toBe(401);
        expect((await post(relay, {}, { Note: 'no timestamp' })).status).toBe(400);
        const body = fresh();
        expect((await post(relay, {}, body)).status).toBe(200);
        const replay = await post(relay, {}, body);
        expect(replay.status).toBe(409);
        expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('CALLBACK_REPLAYED');
    });

    it('never logs the secret token', async () => {
        await post(relay, {}, fresh());
        expect(relay.logs()).toContain('/v1/tencent/callbacks');
        expect(relay.logs()).not.toContain(CALLBACK_TOKEN);
    });
});

describe('callback receiver with Sign checking on', () => {
    let rig: MessagingRig;
    let relay: RelayInstance;
    beforeAll(async () => {
        rig = await startMessagingRig();
        relay = await rig.startRelay({ signToken: SIGN_TOKEN });
    });
    afterAll(() => rig.close());

    it('accepts sha256(token + RequestTime) and rejects a wrong, missing or stale signature', async () => {
        const now = String(Math.floor(Date.now() / 1000));
        expect((await post(relay, { RequestTime: now, Sign: sign(now) }, fresh())).status).toBe(200);
        expect((await post(relay, { RequestTime: now, Sign: sign('1') }, fresh())).status).toBe(401);
        expect((await post(relay, {}, fresh())).status).toBe(401);
        const old = String(Math.floor(Date.now() / 1000) - 120);
        expect((await post(relay, { RequestTime: old, Sign: sign(old) }, fresh())).status).toBe(401);
        const replayed = { RequestTime: now, Sign: sign(now) };
        const body = fresh();
        expect((await post(relay, replayed, body)).status).toBe(200);
        expect((await post(relay, replayed, body)).status).toBe(409);
    });

    it('accepts the fake Tencent’s signed C2C webhooks end to end', async () => {
        rig.routeCallbacksTo(relay, SIGN_TOKEN);
        rig.customerSends('cust-signed', [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'signed hello' } }]);
        await waitFor(() => rig.org.conversations.forEndUser('cust-signed')?.entries.length === 1, 'entry');
        await rig.tencent.callbacks.idle();
        const delivery = rig.tencent.callbacks.deliveries.find((d) => d.body['From_Account'] === 'cust-signed')!;
        expect(delivery.status).toBe(200);
        expect(delivery.body['To_Account']).toBe(SERVICE_USER);
    });
});
