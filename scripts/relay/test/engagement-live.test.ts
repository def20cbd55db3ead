/**
 * Live chat timings from the fake Tencent's signed `Group.CallbackAfterSendMsg` webhooks: refused when not Tencent's,
 * written in batches after the answer, buffered and retried while Salesforce fails, and the same figures a case sync
 * computes from history.
 */
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SDK_APP_ID, useHarness } from './helpers/harness.js';
import { caseSyncActions } from './helpers/case-sync.js';

const TOKEN = 'engagement-callback-token-0123456789abcdef';
const SIGN_TOKEN = 'console-callback-auth-token';
const h = useHarness({ callbacks: { token: TOKEN, signToken: SIGN_TOKEN }, engagementFlushMs: 50 });
const sf = caseSyncActions(h);

const TIMING_FIELDS = [
    'Chat_First_Customer_Message_At__c',
    'Chat_First_Response_At__c',
    'Chat_Last_Customer_Message_At__c',
    'Chat_Last_Agent_Message_At__c',
    'Chat_Customer_Message_Count__c',
    'Chat_Agent_Message_Count__c',
];
const caseRow = (caseId: string) => h.salesforce.records('Case').find((r) => r['Id'] === caseId)!;
const timingsOf = (caseId: string) => Object.fromEntries(TIMING_FIELDS.map((f) => [f, caseRow(caseId)[f] ?? null]));
const routeCallbacks = () =>
    h.tencent.callbacks.setTarget({ url: `${h.url}/v1/tencent/callbacks?token=${TOKEN}`, authToken: SIGN_TOKEN });
async function settled() {
    await h.tencent.callbacks.idle();
    await h.app.relay.callbacks.idle();
    await h.app.relay.liveEngagement.idle();
}
/** A chat case owned by Alice, synced, with its callbacks going to the relay. */
async function chat() {
    const t = await h.newTicket();
    const alice = sf.user('Alice Agent');
    sf.setOwner(t.caseId, alice);
    await sf.syncOne(t.caseId);
    routeCallbacks();
    return { ...t, alice };
}

describe('live timings from Group.CallbackAfterSendMsg', () => {
    it('a customer message and the agent reply update the Case and log the first response; a sync finds nothing to change', async () => {
        const t = await chat();
        h.tencent.seedMessage(t.groupId, t.customerId, 'Hello?');
        await settled();
        expect(caseRow(t.caseId)['Chat_Customer_Message_Count__c']).toBe(1);
        expect(caseRow(t.caseId)['Chat_First_Response_At__c']).toBeFalsy();
        h.tencent.seedMessage(t.groupId, t.alice, 'Hi!');
        await settled();
        const live = timingsOf(t.caseId);
        expect(live['Chat_Agent_Message_Count__c']).toBe(1);
        expect(live['Chat_First_Response_At__c']).toBeTruthy();
        const first = h.salesforce
            .records('Tim_Engagement__c')
            .filter((r) => r['Case__c'] === t.caseId && r['Event_Type__c'] === 'First Response');
        expect(first).toHaveLength(1);
        expect(first[0]).toMatchObject({ User__c: t.alice, Actor_Name__c: 'Alice Agent' });
        const deliveries = h.tencent.callbacks.deliveries.filter((d) => d.command === 'Group.CallbackAfterSendMsg');
        expect(deliveries.every((d) => d.status === 200)).toBe(true);

        // Figures recomputed from history at the next sync are the live ones: nothing to write.
        const before = h.salesforce.calls.length;
        await sf.syncOne(t.caseId);
        expect(timingsOf(t.caseId)).toEqual(live);
        expect(h.salesforce.calls.slice(before).filter((c) => c.method === 'PATCH' || c.method === 'POST')).toEqual([]);
    });

    it('while Salesforce fails the groups stay buffered and are retried until written', async () => {
        const t = await chat();
        h.salesforce.faults.inject({ path: 'sobjects/Case/', status: 503, times: 2 });
        h.tencent.seedMessage(t.groupId, t.customerId, 'Anyone?');
        await h.tencent.callbacks.idle();
        await h.app.relay.callbacks.idle();
        await h.app.relay.liveEngagement.idle();
        expect(caseRow(t.caseId)['Chat_Customer_Message_Count__c']).toBe(1);
        const failedUpdates = h.salesforce.calls.filter((c) => c.method === 'PATCH' && c.path.includes(t.caseId));
        expect(failedUpdates.length).toBeGreaterThanOrEqual(3);
    });

    it('refuses a group callback from another app, with a wrong signature or a stale time, and writes nothing', async () => {
        const t = await chat();
        h.tencent.callbacks.setTarget(null);
        h.tencent.seedMessage(t.groupId, t.customerId, 'Hello?');
        const body = (at: number) =>
            JSON.stringify({
                CallbackCommand: 'Group.CallbackAfterSendMsg',
                GroupId: t.groupId,
                From_Account: t.customerId,
                MsgSeq: 1,
                MsgTime: Math.floor(at / 1000),
                EventTime: at,
                Nonce: randomUUID(),
            });
        const post = (q: Record<string, string>, at = Date.now()) => {
            const time = String(Math.floor(at / 1000));
            const qs = new URLSearchParams({
                SdkAppid: String(SDK_APP_ID),
                CallbackCommand: 'Group.CallbackAfterSendMsg',
                contenttype: 'json',
                token: TOKEN,
                RequestTime: time,
                Sign: createHash('sha256')
                    .update(SIGN_TOKEN + time)
                    .digest('hex'),
                ...q,
            });
            return fetch(`${h.url}/v1/tencent/callbacks?${qs}`, { method: 'POST', body: body(at) });
        };
        const before = h.salesforce.calls.length;
        expect((await post({ SdkAppid: '1400099999' })).status).toBeGreaterThanOrEqual(400);
        expect((await post({ Sign: 'f'.repeat(64) })).status).toBe(401);
        expect((await post({ token: 'x'.repeat(40) })).status).toBeGreaterThanOrEqual(400);
        expect((await post({}, Date.now() - 600_000)).status).toBe(401);
        await h.app.relay.callbacks.idle();
        await h.app.relay.liveEngagement.idle();
        expect(h.salesforce.calls.slice(before)).toEqual([]);
        expect(caseRow(t.caseId)['Chat_Customer_Message_Count__c']).toBe(0);
        // The genuine one is taken.
        expect((await post({})).status).toBe(200);
        await settled();
        expect(caseRow(t.caseId)['Chat_Customer_Message_Count__c']).toBe(1);
    });
});
