import { describe, expect, it } from 'vitest';
import { API_KEY, fakeId } from './helpers/harness.js';
import { useVoiceHarness } from './helpers/voice.js';
import { PhoneCredentials } from '../src/voice/phone-credentials.js';

const SEAT = 'carl.call@example.com';

describe('POST /v1/voice/call-events (the call log)', () => {
    const v = useVoiceHarness([SEAT]);

    /** A phone page's credential, as the page receives it in its HTML. */
    async function openPhone(): Promise<{ userId: string; credential: string }> {
        const userId = v.agent(SEAT, 'Carl Caller');
        const session = await v.h.request('POST', '/v1/agents/voice-session', { body: { userId } });
        const html = await (await fetch(session.json.phonePageUrl)).text();
        const config = JSON.parse(/id="voice-config">(.*?)<\/script>/s.exec(html)![1]!);
        return { userId: session.json.seatUserId === SEAT ? userId : '', credential: config.credential };
    }

    const post = (credential: string | null, body: unknown) =>
        v.h.request('POST', '/v1/voice/call-events', {
            body,
            auth: false,
            headers: credential === null ? {} : { authorization: `Bearer ${credential}` },
        });
    const newCase = () => v.h.salesforce.insert('Case', { Subject: 'Phone call', Origin: 'Phone' });
    const rows = (caseId: string) =>
        v.h.salesforce
            .records('Tim_Engagement__c')
            .filter((r) => r['Case__c'] === caseId)
            .sort((a, b) => String(a['Occurred_At__c']).localeCompare(String(b['Occurred_At__c'])));

    it('logs a whole call on the Case: ringing, answered, transferred, ended, with durations and who ended it', async () => {
        const { userId, credential } = await openPhone();
        const caseId = newCase();
        const t0 = Date.now() - 120_000;
        const events = [
            { event: 'ringing', occurredAt: t0, callerNumber: '+8613800138000' },
            { event: 'answered', occurredAt: t0 + 12_000 },
            { event: 'transferred', occurredAt: t0 + 30_000, transferTarget: 'skill group 7' },
            { event: 'ended', occurredAt: t0 + 95_000, durationSeconds: 83, closeBy: 'client' },
        ];
        for (const e of events) {
            const res = await post(credential, { caseId, sessionId: 'sess-001', ...e });
            expect(res.status).toBe(200);
        }
        const logged = rows(caseId);
        expect(logged.map((r) => r['Event_Type__c'])).toEqual([
            'Call Ringing',
            'Call Answered',
            'Call Transferred',
            'Call Ended',
        ]);
        expect(logged.map((r) => r['External_Id__c'])).toEqual([
            'tccc:sess-001:ringing',
            'tccc:sess-001:answered',
            `tccc:sess-001:transferred:${t0 + 30_000}`,
            'tccc:sess-001:ended',
        ]);
        for (const r of logged) {
            expect(r['User__c']).toBe(userId);
            expect(r['Actor_Name__c']).toBe('Carl Caller');
        }
        expect(logged[0]!['Details__c']).toContain('Incoming call from +8613800138000');
        expect(logged[1]!['Details__c']).toContain('Answered after 12 s ringing');
        expect(logged[2]!['Details__c']).toContain('Transferred to skill group 7');
        expect(logged[3]!['Details__c']).toContain('Talk time 83 s; ring time 12 s; ended by the caller');
    });

    it('is idempotent: a repeated event writes nothing new', async () => {
        const { credential } = await openPhone();
        const caseId = newCase();
        const body = { caseId, sessionId: 'sess-002', event: 'ringing', occurredAt: Date.now() - 1_000 };
        expect((await post(credential, body)).status).toBe(200);
        const again = await post(credential, body);
        expect(again.status).toBe(200);
        expect(again.json.externalId).toBe('tccc:sess-002:ringing');
        expect(rows(caseId)).toHaveLength(1);
    });

    it('logs a call that was never answered', async () => {
        const { credential } = await openPhone();
        const caseId = newCase();
        const t0 = Date.now() - 60_000;
        await post(credential, { caseId, sessionId: 'sess-003', event: 'ringing', occurredAt: t0 });
        await post(credential, {
            caseId,
            sessionId: 'sess-003',
            event: 'ended',
            occurredAt: t0 + 20_000,
            durationSeconds: 0,
            closeBy: 'client',
        });
        expect(rows(caseId)[1]!['Details__c']).toContain('Not answered (rang 20 s); ended by the caller');
    });

    it('answers 404 CASE_NOT_FOUND for a Case that does not exist', async () => {
        const { credential } = await openPhone();
        const res = await post(credential, {
            caseId: fakeId('500', 4242),
            sessionId: 's',
            event: 'ringing',
            occurredAt: Date.now(),
        });
        expect(res.status).toBe(404);
        expect(res.json.error.code).toBe('CASE_NOT_FOUND');
    });

    it('refuses a missing, forged, tampered or expired credential, and the API key', async () => {
        const { userId, credential } = await openPhone();
        const caseId = newCase();
        const body = { caseId, sessionId: 'sess-004', event: 'ringing', occurredAt: Date.now() };
        const forged = new PhoneCredentials('some-other-secret-0000000000000000').issue(userId, SEAT);
        const parts = credential.split('.');
        const tampered = [
            parts[0],
            parts[1],
            Buffer.from('mallory@example.com').toString('base64url'),
            parts[3],
            parts[4],
        ].join('.');
        const expired = new PhoneCredentials(API_KEY, () => Date.now() - 13 * 3600 * 1000).issue(userId, SEAT);
        for (const c of [null, forged, tampered, expired, API_KEY, 'v1.x']) {
            const res = await post(c, body);
            expect(res.status).toBe(401);
            expect(res.json.error.code).toBe('VOICE_CREDENTIAL_INVALID');
        }
        expect(rows(caseId)).toHaveLength(0);
    });

    it('validates the body', async () => {
        const { credential } = await openPhone();
        const caseId = newCase();
        const ok = { caseId, sessionId: 'sess-005', event: 'ringing', occurredAt: Date.now() };
        const bad: Array<[string, Record<string, unknown>]> = [
            ['event', { ...ok, event: 'voicemail' }],
            ['caseId', { ...ok, caseId: fakeId('001', 1) }],
            ['callerNumber', { ...ok, callerNumber: '<b>+86</b>' }],
            ['occurredAt', { ...ok, occurredAt: Date.now() - 8 * 24 * 3600 * 1000 }],
            ['occurredAt', { ...ok, occurredAt: 'yesterday' }],
            ['closeBy', { ...ok, event: 'ended', closeBy: 'robot' }],
            ['sessionId', { ...ok, sessionId: 'x'.repeat(129) }],
            ['sessionId', { caseId, event: 'ringing', occurredAt: Date.now() }],
        ];
        for (const [field, body] of bad) {
            const res = await post(credential, body);
            expect(res.status, field).toBe(400);
            expect(res.json.error.field).toBe(field);
        }
        expect(rows(caseId)).toHaveLength(0);
    });

    it('keeps a long TCCC session id within the external id length', async () => {
        const { credential } = await openPhone();
        const caseId = newCase();
        const sessionId = `s-${'9'.repeat(120)}`;
        const res = await post(credential, { caseId, sessionId, event: 'answered', occurredAt: Date.now() });
        expect(res.status).toBe(200);
        expect(res.json.externalId.length).toBeLessThanOrEqual(120);
        expect(rows(caseId)[0]!['Details__c']).toContain(sessionId);
    });
});
