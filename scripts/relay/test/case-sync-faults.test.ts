/** POST /v1/cases/sync when Salesforce or Tencent fail mid-request: per-case errors, then convergence on retry. */
import { describe, expect, it } from 'vitest';
import { useHarness } from './helpers/harness.js';
import { caseSyncActions } from './helpers/case-sync.js';

const h = useHarness();
const sf = caseSyncActions(h);

/**
 * The org's API request limit hit mid-request (403 REQUEST_LIMIT_EXCEEDED: jsforce does not retry it by itself; it
 * retries 5xx with seconds of backoff, which would only slow these tests down).
 */
const LIMIT_EXCEEDED = {
    status: 403,
    body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }],
    times: 1,
};

type Result = { caseId: string; ok: boolean; error?: { code: string; retryable: boolean } };

describe('Salesforce failing', () => {
    it('a failed AgentWork read fails only the cases of its chunk (retryable); the retry converges', async () => {
        const tickets = [];
        for (let i = 0; i < 3; i++) tickets.push(await h.newTicket());
        const agent = sf.user('Alice Agent');
        // 150 ids → two chunks; the first AgentWork query fails once.
        const fillers = Array.from({ length: 147 }, () => h.salesforce.insert('Case', { Subject: 'no chat' }));
        const ids = [...tickets.map((t) => t.caseId), ...fillers];
        for (const t of tickets) sf.opened(t.caseId, agent);
        h.salesforce.faults.inject({ path: 'FROM%20AgentWork', ...LIMIT_EXCEEDED });
        const first = await sf.sync(ids);
        expect(first.status).toBe(200);
        const failed = (first.json.results as Result[]).filter((r) => !r.ok);
        expect(failed.length).toBe(100);
        for (const r of failed) expect(r.error).toMatchObject({ code: 'SALESFORCE_UNAVAILABLE', retryable: true });
        expect(first.json.failed).toBe(100);

        const retry = await sf.sync(ids);
        expect(retry.json.failed).toBe(0);
        for (const t of tickets) expect(sf.members(t.groupId)).toContain(agent);
    });

    it('the settings read failing fails every case (retryable), and nothing changes', async () => {
        const t = await h.newTicket();
        sf.close(t.caseId);
        h.salesforce.faults.inject({ path: 'Tim_Chat_Setting__mdt', ...LIMIT_EXCEEDED });
        const before = h.tencent.calls.length;
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: false, error: { retryable: true } });
        expect(sf.tencentWritesSince(before)).toEqual([]);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, state: 'muted', archived: true });
    });

    it('an upload failure keeps the group (not dismissed, not stamped); the retry archives once and dismisses', async () => {
        sf.settings({ closeAction: 'Dismiss' });
        const t = await h.newTicket('keep me');
        sf.close(t.caseId);
        h.salesforce.faults.inject({ path: '/sobjects/ContentVersion$', status: 503, times: 1 });
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: false, error: { retryable: true } });
        expect(h.tencent.getGroup(t.groupId)).toMatchObject({ dismissed: false, muteAll: true });
        expect(h.salesforce.getRecord('Case', t.caseId)!['Chat_Transcript_Archived_At__c']).toBeNull();
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, state: 'dismissed', archived: true });
        expect(sf.transcripts(t.caseId)).toHaveLength(1);
    });

    it('a stamp failure after the upload: the retry stamps without a second file', async () => {
        const t = await h.newTicket('stamp me');
        sf.close(t.caseId);
        h.salesforce.faults.inject({ path: `/sobjects/Case/${t.caseId}$`, status: 503, times: 1 });
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: false, error: { retryable: true } });
        expect(sf.transcripts(t.caseId)).toHaveLength(1);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, archived: true });
        expect(sf.transcripts(t.caseId)).toHaveLength(1);
        expect(h.salesforce.getRecord('Case', t.caseId)!['Chat_Transcript_Archived_At__c']).not.toBeNull();
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, archived: false });
    });
});

describe('Tencent failing', () => {
    it('a failing group change is a per-case error; the other cases apply; the retry converges', async () => {
        const a = await h.newTicket();
        const b = await h.newTicket();
        const alice = sf.user('Alice Agent');
        sf.setOwner(b.caseId, alice);
        await sf.syncOne(b.caseId);
        sf.setOwner(a.caseId, alice);
        // Only case a needs a member added: the client tries 3 times, then that case fails.
        h.tencent.faults.inject({ command: 'group_open_http_svc/add_group_member', errorCode: 70500, times: 3 });
        const first = await sf.sync([a.caseId, b.caseId]);
        expect(first.json.failed).toBe(1);
        expect(first.json.results[0]).toMatchObject({
            caseId: a.caseId,
            ok: false,
            error: { code: 'TENCENT_UNAVAILABLE', retryable: true },
        });
        expect(first.json.results[1]).toMatchObject({ caseId: b.caseId, ok: true });
        const retry = await sf.sync([a.caseId, b.caseId]);
        expect(retry.json.failed).toBe(0);
        expect(sf.members(a.groupId)).toContain(alice);
        expect(sf.members(b.groupId)).toContain(alice);
    });

    it('a reopened group whose earlier conversation cannot be posted is undone, and recreated fully on retry', async () => {
        sf.settings({ closeAction: 'Dismiss' });
        const t = await h.newTicket('before the close');
        sf.close(t.caseId);
        await sf.syncOne(t.caseId);
        sf.reopen(t.caseId);
        h.tencent.faults.inject({ command: 'group_open_http_svc/send_group_msg', errorCode: 10004, times: 1 });
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: false, error: { retryable: true } });
        expect(h.tencent.getGroup(t.groupId)?.dismissed).toBe(true);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, state: 'open', recreated: true });
        const texts = h.tencent.groupMessages(t.groupId).map((m) => JSON.stringify(m.elements));
        expect(texts.join('\n')).toContain('before the close');
    });
});
