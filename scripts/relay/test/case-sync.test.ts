/** POST /v1/cases/sync over HTTP against both fakes: every sync rule, from what Salesforce says to the group. */
import { describe, expect, it } from 'vitest';
import { useHarness, fakeId } from './helpers/harness.js';
import { caseSyncActions } from './helpers/case-sync.js';

const h = useHarness();
const sf = caseSyncActions(h);

describe('POST /v1/cases/sync: the request', () => {
    it('401 without the API key; 400 for a bad envelope; each case validated on its own', async () => {
        const none = await h.request('POST', '/v1/cases/sync', { body: { cases: [] }, auth: false });
        expect(none.status).toBe(401);
        for (const body of [{}, { cases: [] }, { cases: 'x' }, { cases: [1] }, { cases: Array(201).fill({}) }]) {
            expect(
                (await h.request('POST', '/v1/cases/sync', { body })).status,
                JSON.stringify(body).slice(0, 40),
            ).toBe(400);
        }
        const t = await h.newTicket();
        const res = await sf.sync([
            { caseId: 'not-an-id' },
            t.caseId,
            t.caseId.slice(0, 15),
            { caseId: fakeId('500', 7), deleted: { groupId: '@TGS#x', customerId: 'c' } },
            { caseId: fakeId('500', 8), extra: 1 } as never,
        ]);
        expect(res.status).toBe(200);
        expect(res.json.failed).toBe(4);
        expect(res.json.results.map((r: { ok: boolean }) => r.ok)).toEqual([false, true, false, false, false]);
        expect(res.json.results[0].error).toMatchObject({
            code: 'VALIDATION_FAILED',
            retryable: false,
            field: 'cases[0].caseId',
        });
        expect(res.json.results[2].error.message).toMatch(/more than once/);
        expect(res.json.results[3].error.field).toBe('cases[3].deleted.groupId');
        expect(res.json.results[4].error.field).toBe('cases[4].extra');
        // A Case created through the API is owned by the integration user (an active user) until it is routed.
        expect(res.json.results[1]).toEqual({
            caseId: t.caseId,
            ok: true,
            state: 'open',
            added: [h.salesforce.integrationUserId],
            removed: [],
            recreated: false,
            archived: false,
        });
    });
});

describe('membership', () => {
    it('owner: an active user joins; a queue owns no one; an inactive user is not added', async () => {
        const t = await h.newTicket();
        const alice = sf.user('Alice Agent');
        sf.setOwner(t.caseId, alice);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, state: 'open', added: [alice], removed: [] });
        expect(sf.members(t.groupId)).toEqual([alice, t.customerId].sort());
        expect(h.tencent.getAccount(alice)?.nick).toBe('Alice Agent');

        sf.setOwner(t.caseId, h.salesforce.queueId);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ added: [], removed: [alice] });
        expect(sf.members(t.groupId)).toEqual([t.customerId]);

        const gone = sf.user('Gone Agent', false);
        sf.setOwner(t.caseId, gone);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, added: [], removed: [] });
        expect(sf.members(t.groupId)).toEqual([t.customerId]);
    });

    it('AgentWork: Opened adds the agent beside the owner; Closed and Transferred remove them', async () => {
        const t = await h.newTicket();
        const owner = sf.user('Olga Owner');
        const carol = sf.user('Carol Agent');
        const dave = sf.user('Dave Agent');
        sf.setOwner(t.caseId, owner);
        const carolWork = sf.opened(t.caseId, carol);
        const daveWork = sf.opened(t.caseId, dave);
        const first = await sf.syncOne(t.caseId);
        expect((first['added'] as string[]).sort()).toEqual([owner, carol, dave].sort());
        sf.workStatus(carolWork, 'Closed');
        expect(await sf.syncOne(t.caseId)).toMatchObject({ added: [], removed: [carol] });
        sf.workStatus(daveWork, 'Transferred');
        expect(await sf.syncOne(t.caseId)).toMatchObject({ added: [], removed: [dave] });
        expect(sf.members(t.groupId)).toEqual([owner, t.customerId].sort());
    });

    it('a repeated request changes nothing (no Tencent write, no Salesforce write)', async () => {
        const t = await h.newTicket();
        const alice = sf.user('Alice Agent');
        sf.setOwner(t.caseId, alice);
        sf.close(t.caseId);
        await sf.syncOne(t.caseId);
        const tencentBefore = h.tencent.calls.length;
        const sfBefore = h.salesforce.calls.length;
        expect(await sf.syncOne(t.caseId)).toEqual({
            caseId: t.caseId,
            ok: true,
            state: 'muted',
            added: [],
            removed: [],
            recreated: false,
            archived: false,
        });
        expect(sf.tencentWritesSince(tencentBefore)).toEqual([]);
        expect(h.salesforce.calls.slice(sfBefore).filter((c) => c.method !== 'GET')).toEqual([]);
        expect(sf.transcripts(t.caseId)).toHaveLength(1);
    });

    it('a case without a chat group, and an unknown case, are "none"', async () => {
        const plain = h.salesforce.insert('Case', { Subject: 'Phone call' });
        const unknown = fakeId('500', 999);
        const res = await sf.sync([plain, unknown]);
        expect(res.json.results.map((r: { state: string; ok: boolean }) => [r.ok, r.state])).toEqual([
            [true, 'none'],
            [true, 'none'],
        ]);
    });
});

describe('close', () => {
    it('Mute (the default without a settings record): transcript first, then muted; the agent stays', async () => {
        const t = await h.newTicket('Hello, I cannot log in');
        const alice = sf.user('Alice Agent');
        sf.setOwner(t.caseId, alice);
        await sf.syncOne(t.caseId);
        await h.app.relay.groups.sendText(t.groupId, alice, 'Let me check that for you', 7);
        sf.close(t.caseId);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, state: 'muted', archived: true, removed: [] });
        expect(h.tencent.getGroup(t.groupId)?.muteAll).toBe(true);
        expect(sf.members(t.groupId)).toEqual([alice, t.customerId].sort());
        const [file] = sf.transcripts(t.caseId);
        const c = h.salesforce.getRecord('Case', t.caseId)!;
        expect(file).toMatchObject({
            Title: `Chat transcript ${String(c['CaseNumber'])}`,
            PathOnClient: `chat-transcript-${String(c['CaseNumber'])}.txt`,
        });
        expect(file!.text).toMatch(
            new RegExp(`^Chat transcript of case ${String(c['CaseNumber'])} \\(group ${t.groupId}\\)\\n`),
        );
        expect(file!.text).toMatch(/\nMessages: 2\n/);
        expect(file!.text).toMatch(/\] Ada \(cust_[0-9a-f]+\): Hello, I cannot log in\n/);
        expect(file!.text).toContain(`] Alice Agent (${alice}): Let me check that for you\n`);
        expect(c['Chat_Transcript_Archived_At__c']).toEqual(expect.any(String));
    });

    it('Dismiss: transcript first, then the group is dismissed', async () => {
        sf.settings({ closeAction: 'Dismiss' });
        const t = await h.newTicket('Please close me');
        sf.close(t.caseId);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, state: 'dismissed', archived: true });
        expect(h.tencent.getGroup(t.groupId)?.dismissed).toBe(true);
        expect(sf.transcripts(t.caseId)[0]!.text).toMatch(/Messages: 1\n/);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, state: 'dismissed', archived: false });
    });

    it('None: transcript, and the conversation stays open; archiving off: no file', async () => {
        sf.settings({ closeAction: 'None' });
        const t = await h.newTicket('Keep talking');
        sf.close(t.caseId);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ state: 'open', archived: true });
        expect(h.tencent.getGroup(t.groupId)?.muteAll).toBe(false);

        h.reset();
        sf.settings({ closeAction: 'Mute', archiveTranscript: false });
        const u = await h.newTicket('No file');
        sf.close(u.caseId);
        expect(await sf.syncOne(u.caseId)).toMatchObject({ state: 'muted', archived: false });
        expect(sf.transcripts(u.caseId)).toEqual([]);
    });
});

describe('reopen', () => {
    it('after Mute: open and unmuted again, members kept', async () => {
        const t = await h.newTicket();
        const alice = sf.user('Alice Agent');
        sf.setOwner(t.caseId, alice);
        sf.close(t.caseId);
        await sf.syncOne(t.caseId);
        sf.reopen(t.caseId);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, state: 'open', recreated: false, added: [] });
        expect(h.tencent.getGroup(t.groupId)?.muteAll).toBe(false);
        expect(sf.members(t.groupId)).toEqual([alice, t.customerId].sort());
    });

    it('after Dismiss: recreated, and the earlier conversation is posted back for the agent and the customer', async () => {
        sf.settings({ closeAction: 'Dismiss' });
        const t = await h.newTicket('My order never arrived');
        const alice = sf.user('Alice Agent');
        sf.setOwner(t.caseId, alice);
        await sf.syncOne(t.caseId);
        await h.app.relay.groups.sendText(t.groupId, alice, 'It is on its way', 9);
        sf.close(t.caseId);
        await sf.syncOne(t.caseId);
        sf.reopen(t.caseId);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, state: 'open', recreated: true, added: [alice] });
        const group = h.tencent.getGroup(t.groupId)!;
        expect(group.dismissed).toBe(false);
        expect(group.name).toContain('Help'); // the case's profile, without a per-case Case query
        expect(sf.members(t.groupId)).toEqual([alice, t.customerId].sort());
        const posted = h.tencent
            .groupMessages(t.groupId)
            .map((m) => m.elements.map((e) => ('text' in e ? e.text : '')).join(''));
        expect(posted[0]).toMatch(/reopened/);
        expect(posted.join('\n')).toContain('Ada (');
        expect(posted.join('\n')).toContain('My order never arrived');
        expect(posted.join('\n')).toContain(`Alice Agent (${alice}): It is on its way`);
        // What the agent's widget reads (the relay's history route) shows it too.
        const history = await h.request('GET', `/v1/groups/${t.groupId}/messages?limit=50`);
        expect(JSON.stringify(history.json)).toContain('It is on its way');
        // Repeating the sync posts nothing twice.
        const count = h.tencent.groupMessages(t.groupId).length;
        await sf.syncOne(t.caseId);
        expect(h.tencent.groupMessages(t.groupId)).toHaveLength(count);
    });
});

describe('delete and undelete', () => {
    it('delete → dismissed; undelete → open again (recreated); gone for good → dismissed by the hint', async () => {
        const t = await h.newTicket();
        const alice = sf.user('Alice Agent');
        sf.setOwner(t.caseId, alice);
        await sf.syncOne(t.caseId);
        expect(await sf.deleteCase(t.caseId)).toBe(204);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, state: 'dismissed', archived: false });
        expect(h.tencent.getGroup(t.groupId)?.dismissed).toBe(true);

        h.salesforce.undelete('Case', t.caseId);
        expect(await sf.syncOne(t.caseId)).toMatchObject({ ok: true, state: 'open', recreated: true, added: [alice] });
        expect(sf.members(t.groupId)).toEqual([alice, t.customerId].sort());

        const u = await h.newTicket();
        const hardDeleted = fakeId('500', 4242);
        const res = await sf.sync([{ caseId: hardDeleted, deleted: { groupId: u.groupId, customerId: u.customerId } }]);
        expect(res.json.results[0]).toMatchObject({ ok: true, state: 'dismissed' });
        expect(h.tencent.getGroup(u.groupId)?.dismissed).toBe(true);
    });
});
