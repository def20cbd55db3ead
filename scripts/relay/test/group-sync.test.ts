import { describe, expect, it } from 'vitest';
import { startHarness, useHarness, fakeId, ADMIN } from './helpers/harness.js';

const h = useHarness();

const A1 = fakeId('005', 1);
const A2 = fakeId('005', 2);
const A3 = fakeId('005', 3);

function sync(groups: unknown[]) {
    return h.request('POST', '/v1/groups/sync', { body: { groups } });
}

const members = (groupId: string) => (h.tencent.getGroup(groupId)?.members ?? []).map((m) => m.account).sort();

describe('POST /v1/groups/sync', () => {
    it('401 without or with a wrong API key', async () => {
        const none = await h.request('POST', '/v1/groups/sync', { body: { groups: [] }, auth: false });
        expect(none.status).toBe(401);
        expect(none.json.error.code).toBe('UNAUTHORIZED');
        const wrong = await h.request('POST', '/v1/groups/sync', { body: { groups: [] }, auth: 'x'.repeat(40) });
        expect(wrong.status).toBe(401);
        const basic = await h.request('POST', '/v1/groups/sync', {
            body: { groups: [] },
            headers: { authorization: 'Basic abc' },
        });
        expect(basic.status).toBe(401);
    });

    it('adds agents (importing their accounts) and is idempotent', async () => {
        const t = await h.newTicket();
        const g = {
            ...t,
            customerName: 'Ada',
            agents: [{ userId: A1, name: 'Agent A' }, { userId: A2.slice(0, 15) }],
            state: 'open',
        };
        const first = await sync([g]);
        expect(first.status).toBe(200);
        expect(first.json.failed).toBe(0);
        expect(first.json.results[0]).toMatchObject({
            groupId: t.groupId,
            ok: true,
            state: 'open',
            recreated: false,
            removed: [],
        });
        expect(first.json.results[0].added.sort()).toEqual([A1, A2].sort());
        expect(members(t.groupId)).toEqual([A1, A2, t.customerId].sort());
        const again = await sync([g]);
        expect(again.json.results[0]).toMatchObject({ ok: true, added: [], removed: [] });
    });

    it('removes agents no longer wanted, never the customer, the admin, or non-agent members', async () => {
        const t = await h.newTicket();
        await sync([{ ...t, agents: [{ userId: A1 }, { userId: A2 }], state: 'open' }]);
        // Someone else added a bot and the admin into the group.
        h.tencent.importAccount('helper-bot');
        await h.app.relay.groups.addMembers(t.groupId, ['helper-bot', ADMIN]);
        const res = await sync([{ ...t, agents: [{ userId: A3 }], state: 'open' }]);
        expect(res.json.results[0]).toMatchObject({ ok: true, added: [A3] });
        expect(res.json.results[0].removed.sort()).toEqual([A1, A2].sort());
        expect(members(t.groupId)).toEqual([A3, ADMIN, 'helper-bot', t.customerId].sort());
        const empty = await sync([{ ...t, agents: [], state: 'open' }]);
        expect(empty.json.results[0].removed).toEqual([A3]);
        expect(members(t.groupId)).toContain(t.customerId);
    });

    it('mutes, unmutes and dismisses (dismiss twice is fine)', async () => {
        const t = await h.newTicket();
        const muted = await sync([{ ...t, agents: [{ userId: A1 }], state: 'muted' }]);
        expect(muted.json.results[0]).toMatchObject({ ok: true, state: 'muted' });
        expect(h.tencent.getGroup(t.groupId)!.muteAll).toBe(true);
        const calls = h.tencent.calls.length;
        await sync([{ ...t, agents: [{ userId: A1 }], state: 'muted' }]);
        expect(h.tencent.calls.slice(calls).map((c) => c.command)).not.toContain(
            'group_open_http_svc/modify_group_base_info',
        );
        await sync([{ ...t, agents: [{ userId: A1 }], state: 'open' }]);
        expect(h.tencent.getGroup(t.groupId)!.muteAll).toBe(false);
        const dismissed = await sync([{ ...t, agents: [], state: 'dismissed' }]);
        expect(dismissed.json.results[0]).toMatchObject({ ok: true, state: 'dismissed' });
        expect(h.tencent.getGroup(t.groupId)?.dismissed ?? true).toBe(true);
        const again = await sync([{ ...t, agents: [], state: 'dismissed' }]);
        expect(again.json.results[0].ok).toBe(true);
    });

    it('recreates a missing group when open (with customer and agents), not when muted', async () => {
        const t = await h.newTicket();
        await sync([{ ...t, agents: [], state: 'dismissed' }]);
        const muted = await sync([{ ...t, agents: [{ userId: A1 }], state: 'muted' }]);
        expect(muted.json.results[0]).toMatchObject({ ok: true, recreated: false });
        const reopened = await sync([{ ...t, agents: [{ userId: A1 }], state: 'open' }]);
        expect(reopened.json.results[0]).toMatchObject({ ok: true, recreated: true, added: [A1] });
        const group = h.tencent.getGroup(t.groupId)!;
        expect(group.dismissed).toBe(false);
        expect(group.members.map((m) => m.account).sort()).toEqual([A1, t.customerId].sort());
        // A group that never existed is created too (e.g. tickets made before the relay).
        const fresh = fakeId('500', 777);
        const created = await sync([
            { groupId: fresh, customerId: 'legacy-customer', agents: [{ userId: A2 }], state: 'open' },
        ]);
        expect(created.json.results[0]).toMatchObject({ ok: true, recreated: true });
        expect(members(fresh)).toEqual([A2, 'legacy-customer'].sort());
    });

    it('gives a recreated group the case name and introduction read from Salesforce', async () => {
        const t = await h.newTicket();
        const caseNumber = String(h.salesforce.getRecord('Case', t.groupId)!['CaseNumber']);
        await sync([{ ...t, agents: [], state: 'dismissed' }]);
        const reopened = await sync([
            { ...t, customerName: 'Ada from the request', agents: [{ userId: A1 }], state: 'open' },
        ]);
        expect(reopened.json.results[0]).toMatchObject({ ok: true, recreated: true });
        const group = h.tencent.getGroup(t.groupId)!;
        expect(group.name).toBe(`${caseNumber} Help`);
        // SuppliedName on the Case wins over the name in the sync request.
        expect(JSON.parse(group.introduction)).toEqual({
            caseNumber,
            subject: 'Help',
            customerName: 'Ada',
            customerId: t.customerId,
        });
        expect(h.tencent.getAccount(t.customerId)?.nick).toBe('Ada');
    });

    it('still recreates the group when the Case cannot be read, with what the request has, and logs a warning', async () => {
        const lh = await startHarness({ captureLogs: true });
        try {
            const res = await lh.request('POST', '/v1/tickets', {
                body: { name: 'Ada', email: 'ada@example.com', subject: 'Help' },
                auth: false,
            });
            const t = { groupId: res.json.groupId as string, customerId: res.json.customerId as string };
            await lh.request('POST', '/v1/groups/sync', {
                body: { groups: [{ ...t, agents: [], state: 'dismissed' }] },
            });
            // (A 4xx: jsforce retries 5xx answers itself, with backoff.)
            lh.salesforce.faults.inject({
                path: '/query',
                status: 403,
                body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
                times: Infinity,
            });
            const reopened = await lh.request('POST', '/v1/groups/sync', {
                body: { groups: [{ ...t, customerName: 'Ada L.', agents: [{ userId: A1 }], state: 'open' }] },
            });
            lh.salesforce.faults.clear();
            expect(reopened.json.results[0]).toMatchObject({ ok: true, recreated: true, added: [A1] });
            const group = lh.tencent.getGroup(t.groupId)!;
            expect(group.dismissed).toBe(false);
            expect(group.name).toBe(t.groupId);
            expect(JSON.parse(group.introduction)).toEqual({
                caseNumber: '',
                subject: '',
                customerName: 'Ada L.',
                customerId: t.customerId,
            });
            expect(lh.logs()).toMatch(/could not read the Case for the recreated group/);
        } finally {
            await lh.close();
        }
    });

    it('retries a retryable Tencent code and succeeds', async () => {
        const t = await h.newTicket();
        h.tencent.importAccount(A1);
        h.tencent.faults.inject({ command: 'group_open_http_svc/add_group_member', errorCode: 70500, times: 2 });
        const res = await sync([{ ...t, agents: [{ userId: A1 }], state: 'open' }]);
        expect(res.json.results[0]).toMatchObject({ ok: true, added: [A1] });
        expect(h.tencent.calls.filter((c) => c.command === 'group_open_http_svc/add_group_member')).toHaveLength(3);
        const metrics = await h.request('GET', '/metrics', { auth: false });
        expect(metrics.text).toMatch(
            /relay_upstream_retries_total\{op="group_open_http_svc\/add_group_member",reason="70500",service="tencent"\} 2/,
        );
    });

    it('a permanent Tencent code fails only that group, with upstreamCode', async () => {
        const a = await h.newTicket();
        const b = await h.newTicket();
        h.tencent.faults.inject({
            command: 'group_open_http_svc/get_group_member_info',
            errorCode: 10004,
            errorInfo: 'bad',
            times: 1,
        });
        const res = await h.request('POST', '/v1/groups/sync', {
            body: { groups: [{ ...a, agents: [{ userId: A1 }], state: 'open' }] },
        });
        expect(res.json.failed).toBe(1);
        expect(res.json.results[0]).toMatchObject({ ok: false, error: { code: 'TENCENT_ERROR', upstreamCode: 10004 } });
        expect(h.tencent.calls.filter((c) => c.command === 'group_open_http_svc/get_group_member_info')).toHaveLength(
            1,
        ); // not retried
        const ok = await sync([{ ...b, agents: [{ userId: A1 }], state: 'open' }]);
        expect(ok.json.failed).toBe(0);
    });

    it('an outage mid-sync fails some groups; the same request later converges', async () => {
        const a = await h.newTicket();
        const b = await h.newTicket();
        const body = [
            { ...a, agents: [{ userId: A1 }], state: 'muted' },
            { ...b, agents: [{ userId: A2 }], state: 'open' },
        ];
        // Tencent answers HTTP 502 for every add_group_member call (more than the retry budget).
        h.tencent.faults.inject({ command: 'group_open_http_svc/add_group_member', httpStatus: 502, times: 6 });
        const during = await sync(body);
        expect(during.status).toBe(200);
        expect(during.json.failed).toBe(2);
        expect(during.json.results[0].error).toMatchObject({ code: 'TENCENT_UNAVAILABLE', upstreamCode: 'HTTP_502' });
        h.tencent.faults.clear();
        const after = await sync(body);
        expect(after.json.failed).toBe(0);
        expect(members(a.groupId)).toEqual([A1, a.customerId].sort());
        expect(members(b.groupId)).toEqual([A2, b.customerId].sort());
        expect(h.tencent.getGroup(a.groupId)!.muteAll).toBe(true);
    });

    it('regenerates the admin UserSig on 70001 and retries', async () => {
        const t = await h.newTicket();
        const before = h.app.relay.adminSig.generationCount;
        h.tencent.faults.inject({ command: 'group_open_http_svc/get_group_info', errorCode: 70001, times: 1 });
        const res = await sync([{ ...t, agents: [{ userId: A1 }], state: 'open' }]);
        expect(res.json.results[0].ok).toBe(true);
        expect(h.app.relay.adminSig.generationCount).toBe(before + 1);
    });

    it('runs many groups with bounded concurrency', async () => {
        const tickets = await Promise.all(Array.from({ length: 8 }, () => h.newTicket()));
        const res = await sync(
            tickets.map((t, i) => ({ ...t, agents: [{ userId: fakeId('005', 100 + i) }], state: 'open' })),
        );
        expect(res.json.failed).toBe(0);
        expect(res.json.results.map((r: { groupId: string }) => r.groupId)).toEqual(tickets.map((t) => t.groupId));
    });

    it.each([
        [{ groups: [] }, 'groups'],
        [{ groups: 'nope' }, 'groups'], // no type coercion: a scalar is not made a one-item array
        [{}, 'groups'],
        [{ groups: [42] }, 'groups[0]'],
        [
            {
                groups: Array.from({ length: 51 }, (_, i) => ({
                    groupId: fakeId('500', i),
                    customerId: 'c',
                    agents: [],
                    state: 'open',
                })),
            },
            'groups',
        ],
    ])('400 only for a malformed envelope, naming it (%#)', async (body, field) => {
        const res = await h.request('POST', '/v1/groups/sync', { body });
        expect(res.status).toBe(400);
        expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    });

    it.each([
        [{ groupId: '500000000000001AAB', customerId: 'c', agents: [], state: 'open' }, 'groups[0].groupId'],
        [{ groupId: fakeId('003', 1), customerId: 'c', agents: [], state: 'open' }, 'groups[0].groupId'],
        [{ customerId: 'c', agents: [], state: 'open' }, 'groups[0].groupId'],
        [{ groupId: fakeId('500', 1), customerId: 'bad id', agents: [], state: 'open' }, 'groups[0].customerId'],
        [{ groupId: fakeId('500', 1), customerId: 42, agents: [], state: 'open' }, 'groups[0].customerId'],
        [
            { groupId: fakeId('500', 1), customerId: 'c', customerName: 'x'.repeat(81), agents: [], state: 'open' },
            'groups[0].customerName',
        ],
        [
            { groupId: fakeId('500', 1), customerId: 'c', agents: [{ userId: fakeId('500', 2) }], state: 'open' },
            'groups[0].agents[0].userId',
        ],
        [{ groupId: fakeId('500', 1), customerId: 'c', agents: ['x'], state: 'open' }, 'groups[0].agents[0]'],
        [
            { groupId: fakeId('500', 1), customerId: 'c', agents: [{ userId: A1, name: 7 }], state: 'open' },
            'groups[0].agents[0].name',
        ],
        [{ groupId: fakeId('500', 1), customerId: 'c', agents: [], state: 'closed' }, 'groups[0].state'],
        [{ groupId: fakeId('500', 1), customerId: 'c', state: 'open' }, 'groups[0].agents'],
        [
            {
                groupId: fakeId('500', 1),
                customerId: 'c',
                agents: Array.from({ length: 21 }, (_, i) => ({ userId: fakeId('005', i) })),
                state: 'open',
            },
            'groups[0].agents',
        ],
    ])(
        'an invalid group is answered ok:false VALIDATION_FAILED naming the field, with 200 (%#)',
        async (group, field) => {
            const res = await h.request('POST', '/v1/groups/sync', { body: { groups: [group] } });
            expect(res.status).toBe(200);
            expect(res.json.failed).toBe(1);
            expect(res.json.results[0]).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', field } });
            expect(res.json.results[0].error.message).toContain(field);
            expect(h.tencent.calls).toHaveLength(0); // nothing was applied for it
        },
    );

    it('one malformed group (legacy customer id) fails alone: the valid groups in the same batch apply, in request order', async () => {
        const a = await h.newTicket();
        const b = await h.newTicket();
        const res = await sync([
            { ...a, agents: [{ userId: A1 }], state: 'open' },
            { groupId: fakeId('500', 900), customerId: 'legacy@user', agents: [{ userId: A2 }], state: 'open' },
            { ...b, agents: [{ userId: A2 }], state: 'muted' },
            { ...a, agents: [], state: 'open' }, // duplicate of groups[0]
        ]);
        expect(res.status).toBe(200);
        expect(res.json.failed).toBe(2);
        expect(res.json.results.map((r: { groupId: string }) => r.groupId)).toEqual([
            a.groupId,
            fakeId('500', 900),
            b.groupId,
            a.groupId,
        ]);
        expect(res.json.results[0]).toMatchObject({ ok: true, added: [A1] });
        expect(res.json.results[1]).toMatchObject({
            ok: false,
            state: 'open',
            error: { code: 'VALIDATION_FAILED', field: 'groups[1].customerId' },
        });
        expect(res.json.results[1].error.message).toMatch(/groups\[1\]\.customerId must be 1-32 characters/);
        expect(res.json.results[2]).toMatchObject({ ok: true, state: 'muted', added: [A2] });
        expect(res.json.results[3]).toMatchObject({
            ok: false,
            error: { code: 'VALIDATION_FAILED', field: 'groups[3].groupId' },
        });
        expect(members(a.groupId)).toEqual([A1, a.customerId].sort());
        expect(members(b.groupId)).toEqual([A2, b.customerId].sort());
        expect(h.tencent.getGroup(b.groupId)!.muteAll).toBe(true);
        expect(h.tencent.getGroup(fakeId('500', 900))).toBeUndefined();
    });

    it('documents the per-group shape in openapi.json while ajv checks only the envelope', async () => {
        const doc = (await h.request('GET', '/openapi.json', { auth: false })).json;
        const groups =
            doc.paths['/v1/groups/sync'].post.requestBody.content['application/json'].schema.properties.groups;
        expect(groups.maxItems).toBe(50);
        expect(groups.items.required).toEqual(['groupId', 'customerId', 'agents', 'state']);
        expect(groups.items.properties.state.enum).toEqual(['open', 'muted', 'dismissed']);
        const result =
            doc.paths['/v1/groups/sync'].post.responses['200'].content['application/json'].schema.properties.results
                .items;
        expect(result.properties.error.properties).toHaveProperty('field');
    });
});

describe('agent display names (Nick)', () => {
    const profileCalls = (from = 0) =>
        h.tencent.calls
            .slice(from)
            .filter((c) => c.command.startsWith('profile/') || c.command === 'im_open_login_svc/account_import');

    it('imports a new agent with its name as Nick, and a steady-state sync makes no profile calls', async () => {
        const t = await h.newTicket();
        const first = await sync([
            { ...t, agents: [{ userId: A1, name: 'Agent Alice' }, { userId: A2 }], state: 'open' },
        ]);
        expect(first.json.results[0]).toMatchObject({ ok: true });
        expect(h.tencent.getAccount(A1)?.nick).toBe('Agent Alice');
        const imports = h.tencent.calls.filter(
            (c) => c.command === 'im_open_login_svc/account_import' && (c.body as { UserID: string }).UserID === A1,
        );
        expect(imports).toHaveLength(1);
        expect(imports[0]!.body).toMatchObject({ Nick: 'Agent Alice' });
        const mark = h.tencent.calls.length;
        await sync([{ ...t, agents: [{ userId: A1, name: 'Agent Alice' }, { userId: A2 }], state: 'open' }]);
        expect(profileCalls(mark)).toEqual([]);
    });

    it('renames an existing member with portrait_set only when the name changed', async () => {
        const t = await h.newTicket();
        await sync([{ ...t, agents: [{ userId: A1, name: 'Alice' }], state: 'open' }]);
        const mark = h.tencent.calls.length;
        await sync([{ ...t, agents: [{ userId: A1, name: 'Alice Smith' }], state: 'open' }]);
        expect(h.tencent.getAccount(A1)?.nick).toBe('Alice Smith');
        expect(profileCalls(mark).map((c) => c.command)).toEqual(['profile/portrait_set']);
        expect(profileCalls(mark)[0]!.body).toEqual({
            From_Account: A1,
            ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'Alice Smith' }],
        });
    });

    it('with a cold cache (another replica, a restart) reads Nicks in one batched portrait_get and sets only those that differ', async () => {
        const t = await h.newTicket();
        await sync([
            {
                ...t,
                agents: [
                    { userId: A1, name: 'Alice' },
                    { userId: A2, name: 'Bob' },
                ],
                state: 'open',
            },
        ]);
        // Someone renamed Bob's account out of band; the relay forgets what it knew (as a fresh replica would).
        h.tencent.importAccount(A2, 'Robert');
        h.app.relay.agentNicks.forget(A1);
        h.app.relay.agentNicks.forget(A2);
        const mark = h.tencent.calls.length;
        const res = await sync([
            {
                ...t,
                agents: [
                    { userId: A1, name: 'Alice' },
                    { userId: A2, name: 'Bob' },
                ],
                state: 'open',
            },
        ]);
        expect(res.json.results[0].ok).toBe(true);
        const calls = profileCalls(mark);
        expect(calls.map((c) => c.command)).toEqual(['profile/portrait_get', 'profile/portrait_set']);
        expect((calls[0]!.body as { To_Account: string[] }).To_Account.sort()).toEqual([A1, A2].sort());
        expect(calls[1]!.body).toMatchObject({ From_Account: A2 });
        expect(h.tencent.getAccount(A2)?.nick).toBe('Bob');
    });

    it('names agents of a recreated group, and a failing profile call never fails the group', async () => {
        const t = await h.newTicket();
        await sync([{ ...t, agents: [], state: 'dismissed' }]);
        const reopened = await sync([{ ...t, agents: [{ userId: A3, name: 'Carol' }], state: 'open' }]);
        expect(reopened.json.results[0]).toMatchObject({ ok: true, recreated: true });
        expect(h.tencent.getAccount(A3)?.nick).toBe('Carol');
        h.tencent.faults.inject({ command: 'profile/portrait_set', errorCode: 40001, errorInfo: 'injected' });
        const renamed = await sync([{ ...t, agents: [{ userId: A3, name: 'Caroline' }], state: 'open' }]);
        expect(renamed.json).toMatchObject({ failed: 0, results: [{ ok: true }] });
        expect(h.tencent.getAccount(A3)?.nick).toBe('Carol');
        await sync([{ ...t, agents: [{ userId: A3, name: 'Caroline' }], state: 'open' }]); // the next sync retries
        expect(h.tencent.getAccount(A3)?.nick).toBe('Caroline');
    });

    it('an agent session with a name primes the cache: the first sync then makes no profile calls for that agent', async () => {
        expect((await h.request('POST', '/v1/agents/session', { body: { userId: A1, name: 'Alice' } })).status).toBe(
            200,
        );
        expect(h.tencent.getAccount(A1)?.nick).toBe('Alice');
        const t = await h.newTicket();
        const mark = h.tencent.calls.length;
        await sync([{ ...t, agents: [{ userId: A1, name: 'Alice' }], state: 'open' }]);
        expect(profileCalls(mark)).toEqual([]);
        expect(members(t.groupId)).toContain(A1);
    });
});

describe('group type ChatRoom and a configured group owner', () => {
    const OWNER = 'chat-service-owner';
    const chatroom = useHarness({ groupType: 'ChatRoom', groupOwner: OWNER });

    it('creates ChatRoom groups owned by TENCENT_GROUP_OWNER (imported first), with no join by request', async () => {
        const t = await chatroom.newTicket('hello');
        const group = chatroom.tencent.getGroup(t.groupId)!;
        expect(group.type).toBe('ChatRoom');
        expect(group.owner).toBe(OWNER);
        expect(group.applyJoinOption).toBe('DisableApply');
        expect(chatroom.tencent.hasAccount(OWNER)).toBe(true);
        expect(group.members.map((m) => [m.account, m.role]).sort()).toEqual(
            [
                [OWNER, 'Owner'],
                [t.customerId, 'Member'],
            ].sort(),
        );
        expect(chatroom.tencent.groupMessages(t.groupId)).toHaveLength(1);
    });

    it('a sync never removes the owner (nor the customer), also when no agent is wanted; a recreate keeps the owner', async () => {
        const t = await chatroom.newTicket();
        const body = (agents: unknown[], state = 'open') => ({ body: { groups: [{ ...t, agents, state }] } });
        expect(
            (await chatroom.request('POST', '/v1/groups/sync', body([{ userId: A1 }]))).json.results[0],
        ).toMatchObject({ ok: true, added: [A1] });
        const emptied = await chatroom.request('POST', '/v1/groups/sync', body([]));
        expect(emptied.json.results[0]).toMatchObject({ ok: true, removed: [A1] });
        const ids = () => (chatroom.tencent.getGroup(t.groupId)?.members ?? []).map((m) => m.account).sort();
        expect(ids()).toEqual([OWNER, t.customerId].sort());
        await chatroom.request('POST', '/v1/groups/sync', body([], 'dismissed'));
        const reopened = await chatroom.request('POST', '/v1/groups/sync', body([{ userId: A2 }]));
        expect(reopened.json.results[0]).toMatchObject({ ok: true, recreated: true });
        expect(chatroom.tencent.getGroup(t.groupId)!.owner).toBe(OWNER);
        expect(chatroom.tencent.getGroup(t.groupId)!.type).toBe('ChatRoom');
        expect(ids()).toEqual([A2, OWNER, t.customerId].sort());
    });

    it('the owner id cannot be used as a caller-chosen customer id', async () => {
        const res = await chatroom.request('POST', '/v1/tickets', {
            auth: false,
            body: { name: 'Mallory', email: 'm@example.com', subject: 'x', customerId: OWNER },
        });
        expect(res.status).toBe(400);
        expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'customerId' });
    });
});
