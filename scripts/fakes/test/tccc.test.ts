import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { v20200210 } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ccc/v20200210/index.js';
import http from 'node:http';
import type { LookupFunction } from 'node:net';
import { createFakeTccc, tc3Date, tc3Signature, type FakeTccc } from '../tencent-contact-center/index.js';

const SECRET_ID = 'AKIDfake0000000000000000000000000001';
const SECRET_KEY = 'fake-secret-key-0000000000000000';
const SDK_APP_ID = 1400000077;
const SEAT = 'alice@example.com';

/** `ccc.localhost` → 127.0.0.1, so the official SDK signs for the service `ccc` while talking to the fake. */
const lookup: LookupFunction = (_h, o, cb) =>
    o.all
        ? (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [
              { address: '127.0.0.1', family: 4 },
          ])
        : cb(null, '127.0.0.1', 4);

function officialClient(port: number, secretKey = SECRET_KEY, secretId = SECRET_ID) {
    return new v20200210.Client({
        credential: { secretId, secretKey },
        region: 'ap-singapore',
        profile: {
            httpProfile: {
                endpoint: `ccc.localhost:${port}`,
                protocol: 'http://',
                agent: new http.Agent({ lookup }),
            },
        },
    });
}

interface Signed {
    timestamp?: number;
    secretKey?: string;
    secretId?: string;
    body?: string;
    signedBody?: string;
    action?: string;
    version?: string;
    service?: string;
}

/** A hand-made TC3 request (signed as documented), optionally tampered with. */
async function rawCall(base: string, o: Signed = {}): Promise<Record<string, unknown>> {
    const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
    const body = o.body ?? JSON.stringify({ SdkAppId: SDK_APP_ID, SeatUserId: SEAT });
    const host = new URL(base).hostname;
    const service = o.service ?? 'ccc';
    const signature = tc3Signature({
        secretKey: o.secretKey ?? SECRET_KEY,
        service,
        timestamp,
        method: 'POST',
        path: '/',
        query: '',
        canonicalHeaders: `content-type:application/json\nhost:${host}\n`,
        signedHeaders: 'content-type;host',
        body: o.signedBody ?? body,
    });
    const res = await fetch(`${base}/`, {
        method: 'POST',
        headers: {
            'content-type': 'application/json',
            'x-tc-action': o.action ?? 'CreateSDKLoginToken',
            'x-tc-version': o.version ?? '2020-02-10',
            'x-tc-timestamp': String(timestamp),
            'x-tc-region': 'ap-singapore',
            authorization: `TC3-HMAC-SHA256 Credential=${o.secretId ?? SECRET_ID}/${tc3Date(timestamp)}/${service}/tc3_request, SignedHeaders=content-type;host, Signature=${signature}`,
        },
        body,
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { Response: Record<string, unknown> }).Response;
}

const errorCode = (r: Record<string, unknown>) => (r['Error'] as { Code: string } | undefined)?.Code;

describe('fake TCCC API (TC3-HMAC-SHA256, CreateSDKLoginToken)', () => {
    let fake: FakeTccc;
    let base: string;
    let port: number;

    beforeAll(async () => {
        fake = createFakeTccc({ sdkAppId: SDK_APP_ID, secrets: { [SECRET_ID]: SECRET_KEY }, seats: [SEAT] });
        base = await fake.listen();
        port = Number(new URL(base).port);
    });
    afterAll(() => fake.close());
    afterEach(() => fake.reset());

    it('answers a token, its expiry and the SDK URL to the official Node SDK', async () => {
        const r = await officialClient(port).CreateSDKLoginToken({ SdkAppId: SDK_APP_ID, SeatUserId: SEAT });
        expect(r.Token).toMatch(/^[0-9a-f]{32}$/);
        expect(r.ExpiredTime).toBeGreaterThan(Date.now() / 1000);
        expect(r.SdkURL).toBe(`${base}/tccc-agent-sdk/1.0.0-fake/tccc-sdk.js`);
        expect(r.RequestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(fake.calls.at(-1)).toMatchObject({ action: 'CreateSDKLoginToken', secretId: SECRET_ID, error: null });
    });

    it('refuses a wrong SecretKey with AuthFailure.SignatureFailure (official SDK)', async () => {
        await expect(
            officialClient(port, 'another-key').CreateSDKLoginToken({ SdkAppId: SDK_APP_ID, SeatUserId: SEAT }),
        ).rejects.toMatchObject({ code: 'AuthFailure.SignatureFailure' });
    });

    it('refuses an unknown SecretId with AuthFailure.SecretIdNotFound (official SDK)', async () => {
        await expect(
            officialClient(port, SECRET_KEY, 'AKIDunknown').CreateSDKLoginToken({
                SdkAppId: SDK_APP_ID,
                SeatUserId: SEAT,
            }),
        ).rejects.toMatchObject({ code: 'AuthFailure.SecretIdNotFound' });
    });

    it('answers InvalidParameterValue.AccountNotExist for a seat that does not exist', async () => {
        await expect(
            officialClient(port).CreateSDKLoginToken({ SdkAppId: SDK_APP_ID, SeatUserId: 'nobody@example.com' }),
        ).rejects.toMatchObject({ code: 'InvalidParameterValue.AccountNotExist' });
    });

    it('accepts a hand-signed request and refuses it once tampered with', async () => {
        expect(errorCode(await rawCall(base))).toBeUndefined();
        const tampered = await rawCall(base, {
            body: JSON.stringify({ SdkAppId: SDK_APP_ID, SeatUserId: 'mallory@example.com' }),
            signedBody: JSON.stringify({ SdkAppId: SDK_APP_ID, SeatUserId: SEAT }),
        });
        expect(errorCode(tampered)).toBe('AuthFailure.SignatureFailure');
        expect(tampered['RequestId']).toEqual(expect.any(String));
    });

    it('refuses a stale X-TC-Timestamp with AuthFailure.SignatureExpire', async () => {
        const r = await rawCall(base, { timestamp: Math.floor(Date.now() / 1000) - 301 });
        expect(errorCode(r)).toBe('AuthFailure.SignatureExpire');
    });

    it('refuses a credential scope for another service', async () => {
        expect(errorCode(await rawCall(base, { service: 'cvm' }))).toBe('AuthFailure.SignatureFailure');
    });

    it('checks X-TC-Action and X-TC-Version', async () => {
        expect(errorCode(await rawCall(base, { action: 'DescribeStaffInfoList' }))).toBe('InvalidAction');
        expect(errorCode(await rawCall(base, { version: '2017-03-12' }))).toBe('NoSuchVersion');
    });

    it('refuses a request without an Authorization header', async () => {
        const res = await fetch(`${base}/`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-tc-action': 'CreateSDKLoginToken' },
            body: '{}',
        });
        const json = (await res.json()) as { Response: Record<string, unknown> };
        expect(errorCode(json.Response)).toBe('AuthFailure.InvalidAuthorization');
    });

    it('answers injected faults with the given code', async () => {
        fake.faults.inject({ action: 'CreateSDKLoginToken', code: 'InternalError', message: 'boom' });
        expect(errorCode(await rawCall(base))).toBe('InternalError');
        expect(errorCode(await rawCall(base))).toBeUndefined();
    });
});

describe('fake TCCC agent SDK endpoints and call control', () => {
    let fake: FakeTccc;
    let base: string;

    beforeAll(async () => {
        fake = createFakeTccc({
            sdkAppId: SDK_APP_ID,
            secrets: { [SECRET_ID]: SECRET_KEY },
            seats: [SEAT, 'bob@x.io'],
        });
        base = await fake.listen();
    });
    afterAll(() => fake.close());

    const post = async (path: string, body: unknown) => {
        const res = await fetch(`${base}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
        });
        return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };

    /** Reads Server-Sent Events until `count` events arrived. */
    async function readEvents(agent: string, count: number, during: () => Promise<void>) {
        const controller = new AbortController();
        const res = await fetch(`${base}/tccc-agent-sdk/api/events?agent=${agent}`, { signal: controller.signal });
        const reader = res.body!.getReader();
        const out: { event: string; data: Record<string, unknown> }[] = [];
        let buffer = '';
        await during();
        while (out.length < count) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += Buffer.from(value).toString('utf8');
            let idx;
            while ((idx = buffer.indexOf('\n\n')) >= 0) {
                const block = buffer.slice(0, idx);
                buffer = buffer.slice(idx + 2);
                const event = /^event: (.+)$/m.exec(block)?.[1];
                const data = /^data: (.+)$/m.exec(block)?.[1];
                if (event && data) out.push({ event, data: JSON.parse(data) as Record<string, unknown> });
            }
        }
        controller.abort();
        return out;
    }

    it('serves the SDK script and logs the agent in with its token (one-time tokens once)', async () => {
        const script = await fetch(`${base}/tccc-agent-sdk/1.0.0-fake/tccc-sdk.js`);
        expect(script.headers.get('content-type')).toMatch(/javascript/);
        expect(await script.text()).toContain('window.tccc');
        const token = (
            await rawCall(base, { body: JSON.stringify({ SdkAppId: SDK_APP_ID, SeatUserId: SEAT, OnlyOnce: true }) })
        )['Token'];
        const bad = await post('/tccc-agent-sdk/api/login', {
            token,
            userId: 'bob@x.io',
            sdkAppId: String(SDK_APP_ID),
        });
        expect(bad.status).toBe(401);
        const ok = await post('/tccc-agent-sdk/api/login', { token, userId: SEAT, sdkAppId: String(SDK_APP_ID) });
        expect(ok.status).toBe(200);
        const again = await post('/tccc-agent-sdk/api/login', { token, userId: SEAT, sdkAppId: String(SDK_APP_ID) });
        expect(again.json).toMatchObject({ error: { code: 'TokenUsed' } });
    });

    it('rings the seat, answers, transfers and ends calls with the documented payload keys', async () => {
        const token = (await rawCall(base))['Token'];
        const login = await post('/tccc-agent-sdk/api/login', { token, userId: SEAT, sdkAppId: String(SDK_APP_ID) });
        const agent = String(login.json['agent']);
        let first = '';
        const events = await readEvents(agent, 5, async () => {
            first = String(
                (await post('/control/calls', { from: '+8613800000001', seatUserId: SEAT })).json['sessionId'],
            );
            expect((await post('/tccc-agent-sdk/api/accept', { agent, sessionId: first })).status).toBe(200);
            expect((await post('/tccc-agent-sdk/api/hangup', { agent, sessionId: first })).status).toBe(200);
            const second = String(
                (await post('/control/calls', { from: '+8613800000002', seatUserId: SEAT })).json['sessionId'],
            );
            expect((await post(`/control/calls/${second}/transfer`, { userId: 'bob@x.io' })).json).toMatchObject({
                state: 'ringing',
                seatUserId: 'bob@x.io',
            });
        });
        expect(events.map((e) => e.event)).toEqual(['callIn', 'userAccessed', 'sessionEnded', 'callIn', 'transfer']);
        expect(Object.keys(events[0]!.data).sort()).toEqual(
            [
                'callerLocation',
                'calleePhoneNumber',
                'callerPhoneNumber',
                'ivrPath',
                'protectedCaller',
                'remark',
                'sessionId',
                'timeout',
            ].sort(),
        );
        expect(events[0]!.data).toMatchObject({ sessionId: first, callerPhoneNumber: '+8613800000001' });
        expect(events[2]!.data).toMatchObject({ sessionId: first, closeBy: 'seat', duration: expect.any(Number) });
        expect(events[4]).toMatchObject({ event: 'transfer', data: { userId: 'bob@x.io' } });
    });

    it('refuses calls to unknown seats and control on ended calls', async () => {
        expect((await post('/control/calls', { from: '+861', seatUserId: 'ghost@x.io' })).status).toBe(404);
        const id = fake.placeCall('+8613800000003', SEAT).sessionId;
        expect(fake.endCall(id).closeBy).toBe('client');
        expect((await post(`/control/calls/${id}/end`, {})).status).toBe(409);
    });
});
