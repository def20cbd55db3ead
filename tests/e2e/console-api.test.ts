/**
 * The sandbox console service over HTTP (no browser): Omni-Channel accept/release, Dismiss/Reopen/Delete, the
 * history access rule, input validation, page security headers and the upload route.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Sandbox } from '../../scripts/sandbox/sandbox.js';
import { sandboxDemoBanner } from '../../scripts/sandbox/index.js';
import { esc, jsonBlock } from '../../scripts/sandbox/html.js';
import { startSandbox } from '../support/sandbox.js';

let sandbox: Sandbox;
let url: string;
let close: () => Promise<void>;

before(async () => {
    ({ sandbox, baseUrl: url, close } = await startSandbox({ env: { TICKET_RATE_LIMIT_PER_MINUTE: '1000' } }));
});
after(async () => close?.());

interface Sync {
    reason: string;
    archived: Array<{ contentVersionId: string; messages: number }>;
    request: Array<{ agents: Array<{ userId: string }>; state: string }>;
    results: Array<{ ok: boolean; state: string; added?: string[]; removed?: string[]; recreated?: boolean }>;
    error: string | null;
}

async function post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function action(caseId: string, name: string, agent: string, extra: Record<string, string> = {}): Promise<Sync> {
    const res = await post(`/sandbox/api/console/cases/${caseId}/${name}`, { agent, ...extra });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const sync = res.json['sync'] as Sync;
    assert.equal(sync.error, null);
    return sync;
}

async function ticket(subject: string): Promise<{ caseId: string; customerId: string }> {
    const res = await fetch(`${url}/v1/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
            name: 'Grace Hopper',
            email: 'grace@example.com',
            subject,
            message: `first message of ${subject}`,
        }),
    });
    assert.equal(res.status, 201);
    return (await res.json()) as { caseId: string; customerId: string };
}

const members = (groupId: string) => sandbox.tencent.getGroup(groupId)?.members.map((m) => m.account) ?? [];

test('banner lists the demo pages for every seeded agent', () => {
    const banner = sandboxDemoBanner(sandbox);
    assert.ok(banner.includes(`${url}/sandbox/customer`));
    for (const a of sandbox.agents) assert.ok(banner.includes(`${url}/sandbox/console?agent=${a.userId}`), a.name);
});

test('pages: strict CSP, no inline script, boot data escaped', async () => {
    const alice = sandbox.agents[0]!;
    for (const path of ['/sandbox/', '/sandbox/customer', `/sandbox/console?agent=${alice.userId}`]) {
        const res = await fetch(`${url}${path}`);
        assert.equal(res.status, 200, path);
        const csp = res.headers.get('content-security-policy') ?? '';
        assert.match(csp, /script-src 'self'(;|$)/, path);
        const html = await res.text();
        const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>/g)];
        assert.deepEqual(inline, [], `${path} has no executable inline script`);
    }
    const block = jsonBlock('boot', { name: '</script><script>alert(1)</script>&' });
    assert.ok(!block.slice(0, -'</script>'.length).includes('</script>'), block);
    assert.deepEqual(JSON.parse(block.replace(/^<script[^>]*>/, '').replace(/<\/script>$/, '')), {
        name: '</script><script>alert(1)</script>&',
    });
    assert.equal(esc(`<a href="x" onclick='y'>&`), '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;');
    const unknown = await fetch(`${url}/sandbox/console?agent=%3Cscript%3E`, { redirect: 'manual' });
    assert.equal(unknown.status, 302);
    const widget = await fetch(`${url}/sandbox/tim_bar/index.html`);
    assert.equal(widget.status, 200);
    assert.match(
        await widget.text(),
        /<script src="\/sandbox\/assets\/lcc-shim.js"><\/script>\s*<script src="widget.js">/,
    );
    assert.match(
        widget.headers.get('content-security-policy') ?? '',
        /frame-ancestors http:\/\/127\.0\.0\.1:\d+ http:\/\/localhost:\d+/,
    );
    assert.equal((await fetch(`${url}/sandbox/tim_bar/..%2F..%2Fpackage.json`)).status, 404);
    assert.equal((await fetch(`${url}/sandbox/assets/nope.js`)).status, 404);
});

test('Omni-Channel accept: AgentWork Opened adds the agent next to the owner; closing the work removes them', async () => {
    const [alice, bob, carol] = sandbox.agents;
    assert.ok(alice && bob && carol);
    const { caseId } = await ticket('Omni');
    // Before any access: no history for Carol.
    const denied = await post('/sandbox/api/console/history', { agent: carol.userId, caseId, beforeSeq: null });
    assert.equal(denied.status, 403);
    assert.match(
        String((denied.json['error'] as { message: string }).message),
        /not its owner and no opened work item/,
    );

    const accepted = await action(caseId, 'accept', carol.userId);
    assert.deepEqual(accepted.results[0]?.added, [carol.userId]);
    assert.equal(sandbox.salesforce.getRecord('Case', caseId)?.['OwnerId'], carol.userId);
    const history = await post('/sandbox/api/console/history', { agent: carol.userId, caseId, beforeSeq: null });
    assert.equal(history.status, 200);
    assert.equal((history.json['messages'] as Array<{ seq: number }>)[0]?.seq, 1);

    // Owner → Bob; Carol keeps her opened work: both are in the group.
    const moved = await action(caseId, 'owner', alice.userId, { ownerId: bob.userId });
    assert.deepEqual(moved.request[0]?.agents.map((a) => a.userId).sort(), [bob.userId, carol.userId].sort());
    assert.ok(members(caseId).includes(carol.userId) && members(caseId).includes(bob.userId));

    const released = await action(caseId, 'release', carol.userId);
    assert.deepEqual(released.results[0]?.removed, [carol.userId]);
    assert.ok(!members(caseId).includes(carol.userId));
    const again = await post(`/sandbox/api/console/cases/${caseId}/release`, { agent: carol.userId });
    assert.equal(again.status, 409);

    // Owner → queue: no agent left in the group, the customer stays.
    const queued = await action(caseId, 'owner', alice.userId, { ownerId: sandbox.salesforce.queueId });
    assert.deepEqual(queued.request[0]?.agents, []);
    assert.deepEqual(queued.results[0]?.removed, [bob.userId]);
    assert.equal(members(caseId).length, 1);
});

test('close with Dismiss archives first, then dismisses; reopen recreates; delete dismisses', async () => {
    const [alice] = sandbox.agents;
    assert.ok(alice);
    const { caseId, customerId } = await ticket('Dismiss me');
    await action(caseId, 'owner', alice.userId, { ownerId: alice.userId });
    const setting = await post('/sandbox/api/console/settings', { closeAction: 'Dismiss' });
    assert.equal((setting.json['settings'] as { closeAction: string }).closeAction, 'Dismiss');
    try {
        const closed = await action(caseId, 'close', alice.userId);
        assert.equal(closed.archived.length, 1);
        assert.equal(closed.archived[0]?.messages, 1);
        assert.equal(closed.results[0]?.state, 'dismissed');
        assert.equal(sandbox.tencent.getGroup(caseId)?.dismissed, true);

        const reopened = await action(caseId, 'reopen', alice.userId);
        assert.equal(reopened.results[0]?.recreated, true);
        assert.deepEqual(members(caseId).sort(), [alice.userId, customerId].sort());
        // A second close archives again (ClosedDate is newer than the stamp).
        const closedAgain = await action(caseId, 'close', alice.userId);
        assert.equal(closedAgain.archived.length, 1);
        const files = sandbox.salesforce
            .records('ContentVersion')
            .filter((r) => r['FirstPublishLocationId'] === caseId);
        assert.equal(files.length, 2);
        const text = Buffer.from(String(files[1]?.['VersionData']), 'base64').toString('utf8');
        // The recreated group got the earlier conversation back (posted by the admin), so it is in the new transcript.
        assert.match(text, /first message of Dismiss me/);
    } finally {
        await post('/sandbox/api/console/settings', { closeAction: 'Mute' });
    }
    const { caseId: other } = await ticket('Delete me');
    const deleted = await action(other, 'delete', alice.userId);
    assert.equal(deleted.results[0]?.state, 'dismissed');
    assert.equal(sandbox.tencent.getGroup(other)?.dismissed, true);
    const state = await (await fetch(`${url}/sandbox/api/console/state?agent=${alice.userId}`)).json();
    assert.ok(
        !(state as { cases: Array<{ id: string }> }).cases.some((c) => c.id === other),
        'deleted case not listed',
    );
});

test('input validation', async () => {
    const [alice] = sandbox.agents;
    assert.ok(alice);
    const { caseId } = await ticket('Validation');
    assert.equal((await post(`/sandbox/api/console/cases/${caseId}/owner`, { agent: 'nobody' })).status, 400);
    assert.equal(
        (
            await post(`/sandbox/api/console/cases/${caseId}/owner`, {
                agent: alice.userId,
                ownerId: '005000000000000AAA',
            })
        ).status,
        400,
    );
    assert.equal((await post(`/sandbox/api/console/cases/not-an-id/close`, { agent: alice.userId })).status, 400);
    assert.equal((await post(`/sandbox/api/console/cases/${caseId}/explode`, { agent: alice.userId })).status, 400);
    assert.equal((await post('/sandbox/api/console/settings', { closeAction: 'Explode' })).status, 400);
    assert.equal(
        (
            await post('/sandbox/api/console/history', {
                agent: alice.userId,
                caseId: '500000000000000AAA',
                beforeSeq: null,
            })
        ).status,
        403,
    );
    assert.equal((await fetch(`${url}/sandbox/inspect/transcript/not-an-id`)).status, 400);
    assert.equal((await fetch(`${url}/sandbox/inspect/group/nope`)).status, 404);
});

test("Quick Text search (the Aura host's c.searchQuickText): insertable only, name or message, by name; the session names the agent", async () => {
    const alice = sandbox.agents[0]!;
    const names = async (query: string): Promise<string[]> => {
        const res = await fetch(`${url}/sandbox/api/console/quick-text`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ agent: alice.userId, query }),
        });
        assert.equal(res.status, 200);
        return ((await res.json()) as Array<{ name: string }>).map((i) => i.name);
    };
    assert.deepEqual(await names('REF'), ['Refund policy', 'Refund status']);
    assert.deepEqual(await names('anything else'), ['Closing'], 'found through the message');
    assert.deepEqual(await names('处理'), ['问候（中文）']);
    assert.deepEqual(await names('%'), [], '% is a character, not a wildcard');
    assert.deepEqual(await names(''), ['Closing', 'Greeting', 'Refund policy', 'Refund status', '问候（中文）']);
    const long = await post('/sandbox/api/console/quick-text', { agent: alice.userId, query: 'x'.repeat(81) });
    assert.equal(long.status, 400);
    assert.equal((long.json['error'] as { message: string }).message, 'Search text can be at most 80 characters.');
    const stranger = await post('/sandbox/api/console/quick-text', { agent: '005000000000000AAA', query: '' });
    assert.equal(stranger.status, 400);
    const session = await post('/sandbox/api/console/session', { agent: alice.userId });
    assert.equal(session.json['userName'], 'Alice Agent');
    assert.equal(session.json['userFirstName'], 'Alice');
});
