/**
 * The engagement record over HTTP against both fakes: a case sync writes each event once, replays change nothing,
 * and the Case's timings are the group history's.
 */
import { describe, expect, it } from 'vitest';
import { useHarness } from './helpers/harness.js';
import { caseSyncActions } from './helpers/case-sync.js';

const h = useHarness();
const sf = caseSyncActions(h);

const events = (caseId: string) =>
    h.salesforce
        .records('Tim_Engagement__c')
        .filter((r) => r['Case__c'] === caseId)
        .sort((a, b) => String(a['Occurred_At__c']).localeCompare(String(b['Occurred_At__c'])));
const types = (caseId: string) => events(caseId).map((r) => r['Event_Type__c']);
const caseRow = (caseId: string) => h.salesforce.records('Case').find((r) => r['Id'] === caseId)!;
const engagementWrites = (from: number) =>
    h.salesforce.calls.slice(from).filter((c) => c.method !== 'GET' && /Tim_Engagement__c/.test(c.path));
const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();

describe('engagement record from POST /v1/cases/sync', () => {
    it('a sync writes each event once; a replay writes nothing', async () => {
        const t = await h.newTicket();
        await sf.syncOne(t.caseId);
        expect(types(t.caseId)).toEqual(['Ticket Created', 'Assigned', 'Agent Joined']);
        const created = events(t.caseId)[0]!;
        expect(created['Occurred_At__c']).toBe(caseRow(t.caseId)['CreatedDate']);

        const before = h.salesforce.calls.length;
        await sf.syncOne(t.caseId);
        await sf.sync([t.caseId]);
        expect(engagementWrites(before)).toEqual([]);
        expect(types(t.caseId)).toHaveLength(3);
    });

    it('routing, the first response, close and reopen: each event once, with the user and the previous state', async () => {
        const t = await h.newTicket();
        await sf.syncOne(t.caseId);
        const alice = sf.user('Alice Agent');
        sf.setOwner(t.caseId, alice);
        sf.opened(t.caseId, alice);
        await sf.syncOne(t.caseId);
        h.tencent.seedMessage(t.groupId, t.customerId, 'Hello?');
        h.tencent.seedMessage(t.groupId, alice, 'Hi, Alice here.');
        await sf.syncOne(t.caseId);
        await sf.syncOne(t.caseId);
        const log = events(t.caseId);
        const byType = (type: string) => log.filter((r) => r['Event_Type__c'] === type);
        expect(byType('Accepted')).toHaveLength(1);
        expect(byType('Accepted')[0]).toMatchObject({ User__c: alice, Actor_Name__c: 'Alice Agent' });
        expect(byType('Reassigned')[0]).toMatchObject({ User__c: alice, Previous_State__c: expect.any(String) });
        expect(byType('Agent Joined').map((r) => r['User__c'])).toContain(alice);
        expect(byType('Agent Left').map((r) => r['User__c'])).toEqual([h.salesforce.integrationUserId]);
        expect(byType('First Response')).toHaveLength(1);
        expect(byType('First Response')[0]).toMatchObject({ User__c: alice });

        sf.close(t.caseId);
        await sf.syncOne(t.caseId);
        await sf.syncOne(t.caseId);
        expect(types(t.caseId).filter((x) => x === 'Closed' || x === 'Transcript Archived')).toEqual([
            'Closed',
            'Transcript Archived',
        ]);
        const closed = events(t.caseId).find((r) => r['Event_Type__c'] === 'Closed')!;
        expect(closed['Previous_State__c']).toBeTruthy();
        expect(Number(closed['Seconds_In_Previous_State__c'])).toBeGreaterThanOrEqual(0);

        sf.reopen(t.caseId);
        await sf.syncOne(t.caseId);
        await sf.syncOne(t.caseId);
        expect(types(t.caseId).filter((x) => x === 'Reopened')).toHaveLength(1);
        const ids = events(t.caseId).map((r) => r['External_Id__c']);
        expect(new Set(ids).size).toBe(ids.length);
    });

    it('the Case timings are the group history: first customer message, first response, last ones, counts', async () => {
        const t = await h.newTicket();
        const alice = sf.user('Alice Agent');
        sf.setOwner(t.caseId, alice);
        await sf.syncOne(t.caseId);
        h.tencent.seedMessage(t.groupId, t.customerId, 'One');
        h.tencent.seedMessage(t.groupId, alice, 'Reply');
        h.tencent.seedMessage(t.groupId, t.customerId, 'Two');
        h.tencent.seedMessage(t.groupId, alice, 'Reply two');
        await sf.syncOne(t.caseId);
        const history = h.tencent.groupMessages(t.groupId);
        const fromCustomer = history.filter((m) => m.from === t.customerId);
        const fromAgent = history.filter((m) => m.from === alice);
        const c = caseRow(t.caseId);
        expect(c['Chat_Customer_Message_Count__c']).toBe(fromCustomer.length);
        expect(c['Chat_Agent_Message_Count__c']).toBe(2);
        expect(Date.parse(String(c['Chat_First_Customer_Message_At__c']))).toBe(Date.parse(iso(fromCustomer[0]!.time)));
        expect(Date.parse(String(c['Chat_First_Response_At__c']))).toBe(Date.parse(iso(fromAgent[0]!.time)));
        expect(Date.parse(String(c['Chat_Last_Customer_Message_At__c']))).toBe(
            Date.parse(iso(fromCustomer.at(-1)!.time)),
        );
        expect(Date.parse(String(c['Chat_Last_Agent_Message_At__c']))).toBe(Date.parse(iso(fromAgent.at(-1)!.time)));

        const before = h.salesforce.calls.length;
        await sf.syncOne(t.caseId);
        expect(h.salesforce.calls.slice(before).filter((c) => c.method === 'PATCH')).toEqual([]);
    });
});
