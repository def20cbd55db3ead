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
    const basic = await h.request('POST', '/v1/groups/sync', { body: { groups: [] }, headers: { authorization: 'Basic abc' } });
    expect(basic.status).toBe(401);
  });

  it('adds agents (importing their accounts) and is idempotent', async () => {
    const t = await h.newTicket();
    const g = { ...t, customerName: 'Ada', agents: [{ userId: A1, name: 'Agent A' }, { userId: A2.slice(0, 15) }], state: 'open' };
    const first = await sync([g]);
    expect(first.status).toBe(200);
    expect(first.json.failed).toBe(0);
    expect(first.json.results[0]).toMatchObject({ groupId: t.groupId, ok: true, state: 'open', recreated: false, removed: [] });
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
    expect(h.tencent.calls.slice(calls).map((c) => c.command)).not.toContain('group_open_http_svc/modify_group_base_info');
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
    const created = await sync([{ groupId: fresh, customerId: 'legacy-customer', agents: [{ userId: A2 }], state: 'open' }]);
    expect(created.json.results[0]).toMatchObject({ ok: true, recreated: true });
    expect(members(fresh)).toEqual([A2, 'legacy-customer'].sort());
  });

  it('gives a recreated group the case name and introduction read from Salesforce', async () => {
    const t = await h.newTicket();
    const caseNumber = String(h.salesforce.getRecord('Case', t.groupId)!['CaseNumber']);
    await sync([{ ...t, agents: [], state: 'dismissed' }]);
    const reopened = await sync([{ ...t, customerName: 'Ada from the request', agents: [{ userId: A1 }], state: 'open' }]);
    expect(reopened.json.results[0]).toMatchObject({ ok: true, recreated: true });
    const group = h.tencent.getGroup(t.groupId)!;
    expect(group.name).toBe(`${caseNumber} Help`);
    // SuppliedName on the Case wins over the name in the sync request.
    expect(JSON.parse(group.introduction)).toEqual({ caseNumber, subject: 'Help', customerName: 'Ada', customerId: t.customerId });
    expect(h.tencent.getAccount(t.customerId)?.nick).toBe('Ada');
  });

  it('still recreates the group when the Case cannot be read, with what the request has, and logs a warning', async () => {
    const lh = await startHarness({ captureLogs: true });
    try {
      const res = await lh.request('POST', '/v1/tickets', { body: { name: 'Ada', email: 'ada@example.com', subject: 'Help' }, auth: false });
      const t = { groupId: res.json.groupId as string, customerId: res.json.customerId as string };
      await lh.request('POST', '/v1/groups/sync', { body: { groups: [{ ...t, agents: [], state: 'dismissed' }] } });
      // (A 4xx: jsforce retries 5xx answers itself, with backoff.)
      lh.salesforce.faults.inject({ path: '/query', status: 403, body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], times: Infinity });
      const reopened = await lh.request('POST', '/v1/groups/sync', { body: { groups: [{ ...t, customerName: 'Ada L.', agents: [{ userId: A1 }], state: 'open' }] } });
      lh.salesforce.faults.clear();
      expect(reopened.json.results[0]).toMatchObject({ ok: true, recreated: true, added: [A1] });
      const group = lh.tencent.getGroup(t.groupId)!;
      expect(group.dismissed).toBe(false);
      expect(group.name).toBe(t.groupId);
      expect(JSON.parse(group.introduction)).toEqual({ caseNumber: '', subject: '', customerName: 'Ada L.', customerId: t.customerId });
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
    expect(metrics.text).toMatch(/relay_upstream_retries_total\{op="group_open_http_svc\/add_group_member",reason="70500",service="tencent"\} 2/);
  });

  it('a permanent Tencent code fails only that group, with upstreamCode', async () => {
    const a = await h.newTicket();
    const b = await h.newTicket();
    h.tencent.faults.inject({ command: 'group_open_http_svc/get_group_member_info', errorCode: 10004, errorInfo: 'bad', times: 1 });
    const res = await h.request('POST', '/v1/groups/sync', {
      body: { groups: [{ ...a, agents: [{ userId: A1 }], state: 'open' }] },
    });
    expect(res.json.failed).toBe(1);
    expect(res.json.results[0]).toMatchObject({ ok: false, error: { code: 'TENCENT_ERROR', upstreamCode: 10004 } });
    expect(h.tencent.calls.filter((c) => c.command === 'group_open_http_svc/get_group_member_info')).toHaveLength(1); // not retried
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
    const res = await sync(tickets.map((t, i) => ({ ...t, agents: [{ userId: fakeId('005', 100 + i) }], state: 'open' })));
    expect(res.json.failed).toBe(0);
    expect(res.json.results.map((r: { groupId: string }) => r.groupId)).toEqual(tickets.map((t) => t.groupId));
  });

  it.each([
    [{ groups: [{ groupId: '500000000000001AAB', customerId: 'c', agents: [], state: 'open' }] }, 'groups[0].groupId'],
    [{ groups: [{ groupId: fakeId('003', 1), customerId: 'c', agents: [], state: 'open' }] }, 'groups[0].groupId'],
    [{ groups: [{ groupId: fakeId('500', 1), customerId: 'bad id', agents: [], state: 'open' }] }, 'groups[0].customerId'],
    [{ groups: [{ groupId: fakeId('500', 1), customerId: 'c', agents: [{ userId: fakeId('500', 2) }], state: 'open' }] }, 'groups[0].agents[0].userId'],
    [{ groups: [{ groupId: fakeId('500', 1), customerId: 'c', agents: [], state: 'closed' }] }, 'groups[0].state'],
    [{ groups: [{ groupId: fakeId('500', 1), customerId: 'c', state: 'open' }] }, 'groups[0].agents'],
    [{ groups: [] }, 'groups'],
    [{ groups: Array.from({ length: 51 }, (_, i) => ({ groupId: fakeId('500', i), customerId: 'c', agents: [], state: 'open' })) }, 'groups'],
    [{ groups: [{ groupId: fakeId('500', 1), customerId: 'c', agents: Array.from({ length: 21 }, (_, i) => ({ userId: fakeId('005', i) })), state: 'open' }] }, 'groups[0].agents'],
    [{ groups: [1, 2].map(() => ({ groupId: fakeId('500', 1), customerId: 'c', agents: [], state: 'open' })) }, 'groups[1].groupId'],
  ])('400 names the bad field (%#)', async (body, field) => {
    const res = await h.request('POST', '/v1/groups/sync', { body });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
  });
});
