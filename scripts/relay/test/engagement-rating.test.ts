/** CSAT over HTTP: the rating request on close, the public answer with its one-time token, once per case. */
import { describe, expect, it } from 'vitest';
import { ALLOWED_ORIGIN, useHarness } from './helpers/harness.js';
import { caseSyncActions } from './helpers/case-sync.js';

const h = useHarness();
const sf = caseSyncActions(h);

type Custom = { type: string; caseId: string; token: string; expiresAt: number };
const requestsIn = (groupId: string): Custom[] =>
    h.tencent
        .groupMessages(groupId)
        .flatMap((m) => m.elements)
        .filter((e) => e.type === 'custom')
        .map((e) => JSON.parse(String((e as { data?: unknown }).data)) as Custom)
        .filter((d) => d.type === 'tim-rating-request');
const eventsOf = (caseId: string, type: string) =>
    h.salesforce.records('Tim_Engagement__c').filter((r) => r['Case__c'] === caseId && r['Event_Type__c'] === type);
const rate = (body: unknown, headers: Record<string, string> = {}) =>
    h.request('POST', '/v1/ratings', { body, auth: false, headers });

async function closedChat() {
    const t = await h.newTicket();
    await sf.syncOne(t.caseId);
    sf.close(t.caseId);
    await sf.syncOne(t.caseId);
    return t;
}

describe('CSAT', () => {
    it('a closed case gets one rating request in its (muted) chat, however often it syncs', async () => {
        const t = await closedChat();
        await sf.syncOne(t.caseId);
        const requests = requestsIn(t.groupId);
        expect(requests).toHaveLength(1);
        expect(requests[0]).toMatchObject({ caseId: t.caseId, token: expect.any(String) });
        expect(requests[0]!.expiresAt).toBeGreaterThan(Date.now());
        expect(h.tencent.getGroup(t.groupId)?.muteAll).toBe(true);
        expect(eventsOf(t.caseId, 'Rating Requested')).toHaveLength(1);
    });

    it('the answer lands on the Case and in the log, once; a bad token or bad input is refused', async () => {
        const t = await closedChat();
        const { token } = requestsIn(t.groupId)[0]!;
        expect((await rate({ token, score: 6 })).status).toBe(400);
        expect((await rate({ token, score: 3, comment: 'x'.repeat(1001) })).status).toBe(400);
        const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
        expect((await rate({ token: forged, score: 5 })).status).toBe(401);
        const other = await h.newTicket();
        expect((await rate({ token: token.replace(t.caseId, other.caseId), score: 5 })).status).toBe(401);

        const ok = await rate({ token, score: 4, comment: '  Quick and kind  ' }, { origin: ALLOWED_ORIGIN });
        expect(ok.status).toBe(201);
        expect(ok.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
        const c = h.salesforce.records('Case').find((r) => r['Id'] === t.caseId)!;
        expect(c['Chat_CSAT_Score__c']).toBe(4);
        expect(c['Chat_CSAT_Comment__c']).toBe('Quick and kind');
        expect(eventsOf(t.caseId, 'Rating Received')).toEqual([
            expect.objectContaining({ Details__c: '4/5: Quick and kind', Previous_State__c: 'Closed' }),
        ]);

        const again = await rate({ token, score: 1, comment: 'changed my mind' });
        expect(again.status).toBe(409);
        expect(JSON.stringify(again.json)).toContain('ALREADY_RATED');
        expect(h.salesforce.records('Case').find((r) => r['Id'] === t.caseId)!['Chat_CSAT_Score__c']).toBe(4);
        // Rated: a reopen and a new close ask no more.
        sf.reopen(t.caseId);
        await sf.syncOne(t.caseId);
        sf.close(t.caseId);
        await sf.syncOne(t.caseId);
        expect(requestsIn(t.groupId)).toHaveLength(1);
    });

    it('Csat_On_Close__c off: no rating request', async () => {
        sf.settings({ closeAction: 'Mute', csatOnClose: false });
        const t = await closedChat();
        expect(requestsIn(t.groupId)).toEqual([]);
        expect(eventsOf(t.caseId, 'Rating Requested')).toEqual([]);
    });
});
