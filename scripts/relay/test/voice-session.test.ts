import { describe, expect, it } from 'vitest';
import { fakeId } from './helpers/harness.js';
import { TCCC_SDK_APP_ID, useVoiceHarness } from './helpers/voice.js';

const SEAT = 'vera.voice@example.com';

describe('POST /v1/agents/voice-session', () => {
    const v = useVoiceHarness([SEAT]);

    it('logs the agent in to TCCC (signed request through the official SDK) and answers a one-time phone page URL', async () => {
        const userId = v.agent(SEAT);
        const res = await v.h.request('POST', '/v1/agents/voice-session', { body: { userId } });
        expect(res.status).toBe(200);
        expect(res.json).toMatchObject({
            sdkUrl: `${v.tccc.sdkBaseUrl()}/tccc-agent-sdk/1.0.0-fake/tccc-sdk.js`,
            token: expect.stringMatching(/^[0-9a-f]{32}$/),
            sdkAppId: TCCC_SDK_APP_ID,
            seatUserId: SEAT,
        });
        expect(res.json.expiresAt).toBeGreaterThan(Date.now());
        expect(res.json.phonePageUrl).toMatch(new RegExp(`^${v.h.url}/voice/phone\\?ticket=[A-Za-z0-9_-]{43}$`));
        expect(res.json.phonePageUrl).not.toContain(res.json.token);
        // The fake verified the TC3 signature with the relay's SecretId and saw the seat.
        expect(v.tccc.calls.at(-1)).toMatchObject({
            action: 'CreateSDKLoginToken',
            region: 'ap-singapore',
            error: null,
            body: { SdkAppId: TCCC_SDK_APP_ID, SeatUserId: SEAT },
        });
    });

    it('requires the API key', async () => {
        const res = await v.h.request('POST', '/v1/agents/voice-session', {
            body: { userId: v.agent(SEAT) },
            auth: false,
        });
        expect(res.status).toBe(401);
        expect(v.tccc.calls).toHaveLength(0);
    });

    it('validates the body: a User id and nothing else', async () => {
        const bad = await v.h.request('POST', '/v1/agents/voice-session', { body: { userId: '500000000000001' } });
        expect(bad.status).toBe(400);
        expect(bad.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'userId' });
        const extra = await v.h.request('POST', '/v1/agents/voice-session', {
            body: { userId: v.agent(SEAT), seatUserId: 'someone.else@example.com' },
        });
        // Extra properties are dropped: the seat always comes from the user's own record.
        expect(extra.json.seatUserId).toBe(SEAT);
    });

    it('answers 404 VOICE_USER_NOT_MAPPED for an unknown user or an empty seat field', async () => {
        const unknown = await v.h.request('POST', '/v1/agents/voice-session', { body: { userId: fakeId('005', 77) } });
        expect(unknown.status).toBe(404);
        expect(unknown.json.error.code).toBe('VOICE_USER_NOT_MAPPED');
        const empty = await v.h.request('POST', '/v1/agents/voice-session', { body: { userId: v.agent(null) } });
        expect(empty.status).toBe(404);
        expect(empty.json.error).toMatchObject({ code: 'VOICE_USER_NOT_MAPPED' });
        expect(empty.json.error.message).toContain('Email');
        expect(v.tccc.calls).toHaveLength(0);
    });

    it('answers 404 VOICE_SEAT_NOT_FOUND when TCCC has no such seat', async () => {
        const res = await v.h.request('POST', '/v1/agents/voice-session', {
            body: { userId: v.agent('no.seat@example.com') },
        });
        expect(res.status).toBe(404);
        expect(res.json.error).toMatchObject({
            code: 'VOICE_SEAT_NOT_FOUND',
            upstreamCode: 'InvalidParameterValue.AccountNotExist',
            requestId: expect.any(String),
        });
    });

    it('answers 502 TCCC_ERROR with the code and RequestId of other TCCC errors, and no secret', async () => {
        v.tccc.faults.inject({ action: 'CreateSDKLoginToken', code: 'InternalError.DBError', message: 'db down' });
        const res = await v.h.request('POST', '/v1/agents/voice-session', { body: { userId: v.agent(SEAT) } });
        expect(res.status).toBe(502);
        expect(res.json.error).toMatchObject({
            code: 'TCCC_ERROR',
            upstreamCode: 'InternalError.DBError',
            requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        });
        expect(res.text).not.toContain(v.h.settings.voice!.secretKey);
    });
});

describe('POST /v1/agents/voice-session with a wrong SecretKey', () => {
    const v = useVoiceHarness([SEAT], { captureLogs: true }, { secretKey: 'not-the-right-key-000000000000' });

    it('answers 502 TCCC_ERROR naming the signature failure, without logging the key', async () => {
        const res = await v.h.request('POST', '/v1/agents/voice-session', { body: { userId: v.agent(SEAT) } });
        expect(res.status).toBe(502);
        expect(res.json.error).toMatchObject({ code: 'TCCC_ERROR', upstreamCode: 'AuthFailure.SignatureFailure' });
        expect(res.json.error.message).toContain('TENCENTCLOUD_SECRET_KEY');
        expect(v.h.logs()).toContain('AuthFailure.SignatureFailure');
        expect(v.h.logs()).not.toContain('not-the-right-key');
    });
});

describe('POST /v1/agents/voice-session past its deadline', () => {
    const v = useVoiceHarness([SEAT], { http: { requestDeadlineMs: 1_500 } });

    it('answers 504 TCCC_TIMEOUT when TCCC does not answer within the request deadline', async () => {
        v.tccc.faults.inject({ action: 'CreateSDKLoginToken', delayMs: 3_000 });
        const started = Date.now();
        const res = await v.h.request('POST', '/v1/agents/voice-session', { body: { userId: v.agent(SEAT) } });
        expect(res.status).toBe(504);
        expect(res.json.error.code).toBe('TCCC_TIMEOUT');
        expect(Date.now() - started).toBeLessThan(1_500);
    });
});

describe('POST /v1/agents/voice-session without voice settings', () => {
    const v = useVoiceHarness([SEAT]);

    it('answers 503 VOICE_NOT_CONFIGURED', async () => {
        const saved = v.h.settings.voice;
        delete v.h.settings.voice;
        try {
            const res = await v.h.request('POST', '/v1/agents/voice-session', { body: { userId: v.agent(SEAT) } });
            expect(res.status).toBe(503);
            expect(res.json.error.code).toBe('VOICE_NOT_CONFIGURED');
        } finally {
            v.h.settings.voice = saved;
        }
    });
});
