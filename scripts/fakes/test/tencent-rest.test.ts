import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeTencentChat } from '../tencent-chat/index.js';
import type { FakeTencentChat } from '../tencent-chat/index.js';
import { APP, officialUserSig, tencentCall } from './helpers.js';

let clock = Date.now();
let fake: FakeTencentChat;
let base: string;

const call = (command: string, body: unknown, query?: Record<string, string>) =>
    tencentCall(base, command, body, query);
const importAll = async (...ids: string[]) => {
    for (const id of ids)
        expect((await call('im_open_login_svc/account_import', { UserID: id })).json['ErrorCode']).toBe(0);
};
const createGroup = async (groupId: string, extra: Record<string, unknown> = {}) =>
    call('group_open_http_svc/create_group', { Type: 'Private', Name: 'Case chat', GroupId: groupId, ...extra });
const send = (groupId: string, text: string, extra: Record<string, unknown> = {}) =>
    call('group_open_http_svc/send_group_msg', {
        GroupId: groupId,
        Random: Math.floor(Math.random() * 1e9),
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
        ...extra,
    });

beforeAll(async () => {
    fake = createFakeTencentChat({
        sdkAppId: APP.sdkAppId,
        secretKey: APP.secretKey,
        adminIdentifier: APP.admin,
        now: () => clock,
    });
    base = await fake.listen();
});
afterAll(() => fake.close());
beforeEach(() => {
    clock = Date.now();
    fake.reset();
});

describe('REST authentication', () => {
    it('accepts the admin signed with the app key and answers the OK envelope', async () => {
        const { status, json } = await call('im_open_login_svc/account_import', { UserID: 'cust_1', Nick: 'Ada' });
        expect(status).toBe(200);
        expect(json).toEqual({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
        expect(fake.hasAccount('cust_1')).toBe(true);
    });

    it.each([
        [
            'a sig made with another secret',
            { usersig: officialUserSig(APP.sdkAppId, 'wrong-secret', APP.admin) },
            70009,
        ],
        ['a sig of another user', { usersig: officialUserSig(APP.sdkAppId, APP.secretKey, 'someone') }, 70013],
        [
            'a non-admin identifier with its own valid sig',
            { identifier: 'someone', usersig: officialUserSig(APP.sdkAppId, APP.secretKey, 'someone') },
            60010,
        ],
        ['a truncated sig', { usersig: 'eJyrVkrNK8nMz1OyUqpWKi5JLEpVslJKzs9Lz' }, 70003],
        ['no sdkappid', { sdkappid: '' }, 60012],
        ['an unknown sdkappid', { sdkappid: '1400999999' }, 70020],
        ['no usersig', { usersig: '' }, 60004],
        ['a bad random', { random: 'x' }, 60002],
        ['a missing contenttype', { contenttype: 'xml' }, 60002],
    ])('rejects %s', async (_name, query, code) => {
        const { status, json } = await call('im_open_login_svc/account_import', { UserID: 'cust_1' }, query);
        expect(status).toBe(200);
        expect(json).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: code });
        expect(fake.hasAccount('cust_1')).toBe(false);
    });

    it('rejects an expired admin sig with 70001', async () => {
        const usersig = officialUserSig(APP.sdkAppId, APP.secretKey, APP.admin, 60);
        clock += 61_000;
        expect(
            (await call('im_open_login_svc/account_import', { UserID: 'cust_1' }, { usersig })).json['ErrorCode'],
        ).toBe(70001);
    });

    it('answers 60003 for an empty or non-JSON body and unknown-command codes', async () => {
        expect((await call('im_open_login_svc/account_import', '')).json['ErrorCode']).toBe(60003);
        expect((await call('im_open_login_svc/account_import', '{"UserID":')).json['ErrorCode']).toBe(60003);
        expect((await call('group_open_http_svc/no_such_command', {})).json['ErrorCode']).toBe(10003);
        expect((await call('no_such_svc/x', {})).json['ErrorCode']).toBe(60009);
    });
});

describe('accounts', () => {
    it('rejects a UserID over 32 bytes and imports in bulk with FailAccounts', async () => {
        expect((await call('im_open_login_svc/account_import', { UserID: 'x'.repeat(33) })).json['ErrorCode']).toBe(
            70402,
        );
        const bulk = await call('im_open_login_svc/multiaccount_import', { Accounts: ['a1', 'a2', 'y'.repeat(40)] });
        expect(bulk.json).toMatchObject({ ErrorCode: 0, FailAccounts: ['y'.repeat(40)] });
        expect(fake.hasAccount('a2')).toBe(true);
        const check = await call('im_open_login_svc/account_check', {
            CheckItem: [{ UserID: 'a1' }, { UserID: 'zz' }],
        });
        expect(check.json['ResultItem']).toEqual([
            { UserID: 'a1', ResultCode: 0, ResultInfo: '', AccountStatus: 'Imported' },
            { UserID: 'zz', ResultCode: 0, ResultInfo: '', AccountStatus: 'NotImported' },
        ]);
    });
});

describe('profiles', () => {
    it('portrait_set sets the Nick of an imported account; portrait_get reads it for up to 100 accounts', async () => {
        await importAll('a1', 'a2');
        const set = await call('profile/portrait_set', {
            From_Account: 'a1',
            ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'Agent One' }],
        });
        expect(set.json).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
        expect(fake.getAccount('a1')?.nick).toBe('Agent One');
        const get = await call('profile/portrait_get', { To_Account: ['a1', 'a2'], TagList: ['Tag_Profile_IM_Nick'] });
        expect(get.json['UserProfileItem']).toEqual([
            {
                To_Account: 'a1',
                ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'Agent One' }],
                ResultCode: 0,
                ResultInfo: '',
            },
            {
                To_Account: 'a2',
                ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: '' }],
                ResultCode: 0,
                ResultInfo: '',
            },
        ]);
    });

    it('answers 40003 for an account that was never imported and 40001 for a bad request', async () => {
        expect(
            (
                await call('profile/portrait_set', {
                    From_Account: 'ghost',
                    ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'x' }],
                })
            ).json['ErrorCode'],
        ).toBe(40003);
        expect(fake.hasAccount('ghost')).toBe(false);
        expect(
            (await call('profile/portrait_get', { To_Account: ['ghost'], TagList: ['Tag_Profile_IM_Nick'] })).json[
                'ErrorCode'
            ],
        ).toBe(40003);
        await importAll('a1');
        expect(
            (
                await call('profile/portrait_set', {
                    From_Account: 'a1',
                    ProfileItem: [{ Tag: 'Tag_Profile_IM_Nick', Value: 'x'.repeat(501) }],
                })
            ).json['ErrorCode'],
        ).toBe(40001);
        expect(
            (await call('profile/portrait_set', { From_Account: 'a1', ProfileItem: [{ Tag: 'Tag_Nope', Value: 'x' }] }))
                .json['ErrorCode'],
        ).toBe(40001);
        expect(
            (await call('profile/portrait_get', { To_Account: [], TagList: ['Tag_Profile_IM_Nick'] })).json[
                'ErrorCode'
            ],
        ).toBe(40001);
    });
});

describe('create_group', () => {
    it('creates a group with a custom id, owner and members', async () => {
        await importAll('cust_1', 'agent_1');
        const { json } = await createGroup('500000000000001AAA', {
            Owner_Account: 'cust_1',
            MemberList: [{ Member_Account: 'agent_1' }],
        });
        expect(json).toMatchObject({ ErrorCode: 0, GroupId: '500000000000001AAA' });
        const group = fake.getGroup('500000000000001AAA')!;
        expect(group.type).toBe('Private');
        expect(group.members.map((m) => [m.account, m.role])).toEqual([
            ['cust_1', 'Owner'],
            ['agent_1', 'Member'],
        ]);
    });

    it('answers 10025 for an id this app already created, and allows reuse after destroy_group', async () => {
        expect((await createGroup('g1')).json['ErrorCode']).toBe(0);
        expect((await createGroup('g1')).json['ErrorCode']).toBe(10025);
        await send('g1', 'old');
        expect((await call('group_open_http_svc/destroy_group', { GroupId: 'g1' })).json['ErrorCode']).toBe(0);
        expect((await createGroup('g1')).json['ErrorCode']).toBe(0);
        expect(fake.groupMessages('g1')).toEqual([]);
        expect(fake.getGroup('g1')!.dismissed).toBe(false);
    });

    it.each([
        [{ GroupId: '@TGS#1ABC' }, 10015, 'GroupId'],
        [{ GroupId: 'x'.repeat(49) }, 10015, 'GroupId'],
        [{ GroupId: 'has space' }, 10015, 'GroupId'],
        [{ Name: 'n'.repeat(31) }, 10004, 'Name'],
        [{ Name: '' }, 10004, 'Name'],
        [{ Type: 'Work' }, 10004, 'Type'],
        [{ ApplyJoinOption: 'Anyone' }, 10004, 'ApplyJoinOption'],
    ])('rejects %j', async (override, code, fieldName) => {
        const { json } = await call('group_open_http_svc/create_group', {
            Type: 'Private',
            Name: 'ok',
            GroupId: 'g2',
            ...override,
        });
        expect(json['ErrorCode']).toBe(code);
        expect(String(json['ErrorInfo'])).toContain(fieldName);
    });

    it('stores Introduction (≤ 240 UTF-8 bytes) and returns it from get_group_info; longer is 10004 on create and modify', async () => {
        const intro = JSON.stringify({
            caseNumber: '00001001',
            subject: 'Cannot log in',
            customerName: 'Ada',
            customerId: 'cust_1',
        });
        expect((await createGroup('intro', { Introduction: intro })).json['ErrorCode']).toBe(0);
        expect(fake.getGroup('intro')!.introduction).toBe(intro);
        const info = (await call('group_open_http_svc/get_group_info', { GroupIdList: ['intro'] })).json[
            'GroupInfo'
        ] as Array<Record<string, unknown>>;
        expect(info[0]!['Introduction']).toBe(intro);
        // 80 three-byte characters are exactly 240 bytes; one more is over the limit.
        expect((await createGroup('cjk', { Introduction: '案'.repeat(80) })).json['ErrorCode']).toBe(0);
        const tooLong = await createGroup('cjk2', { Introduction: '案'.repeat(81) });
        expect(tooLong.json).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 10004 });
        expect(String(tooLong.json['ErrorInfo'])).toContain('Introduction');
        expect(fake.getGroup('cjk2')).toBeUndefined();
        expect((await createGroup('bad', { Introduction: 42 })).json['ErrorCode']).toBe(10004);
        const modify = await call('group_open_http_svc/modify_group_base_info', {
            GroupId: 'intro',
            Introduction: 'x'.repeat(241),
        });
        expect(modify.json['ErrorCode']).toBe(10004);
        expect(fake.getGroup('intro')!.introduction).toBe(intro);
        expect(
            (await call('group_open_http_svc/modify_group_base_info', { GroupId: 'intro', Introduction: 'new' })).json[
                'ErrorCode'
            ],
        ).toBe(0);
        expect(fake.getGroup('intro')!.introduction).toBe('new');
    });

    it('needs imported owner and members (10019) and generates @TGS# ids', async () => {
        expect((await createGroup('g3', { Owner_Account: 'ghost' })).json['ErrorCode']).toBe(10019);
        expect((await createGroup('g3', { MemberList: [{ Member_Account: 'ghost' }] })).json['ErrorCode']).toBe(10019);
        expect(fake.getGroup('g3')).toBeUndefined();
        const { json } = await call('group_open_http_svc/create_group', { Type: 'Public', Name: 'auto' });
        expect(String(json['GroupId'])).toMatch(/^@TGS#/);
    });
});

describe('group info and members', () => {
    it('reports each group with its own ErrorCode and a member list', async () => {
        await importAll('cust_1');
        await createGroup('live', { Owner_Account: 'cust_1' });
        await createGroup('gone');
        await call('group_open_http_svc/destroy_group', { GroupId: 'gone' });
        const { json } = await call('group_open_http_svc/get_group_info', { GroupIdList: ['live', 'gone', 'never'] });
        expect(json['ErrorCode']).toBe(0);
        const info = json['GroupInfo'] as Array<Record<string, unknown>>;
        expect(info[0]).toMatchObject({
            GroupId: 'live',
            ErrorCode: 0,
            Type: 'Private',
            Owner_Account: 'cust_1',
            MemberNum: 1,
            ShutUpAllMember: 'Off',
        });
        expect(info[0]!['MemberList']).toEqual([expect.objectContaining({ Member_Account: 'cust_1', Role: 'Owner' })]);
        expect(info[1]).toMatchObject({ GroupId: 'gone', ErrorCode: 10010 });
        expect(info[2]).toMatchObject({ GroupId: 'never', ErrorCode: 10010 });
        const tooMany = await call('group_open_http_svc/get_group_info', {
            GroupIdList: Array.from({ length: 51 }, (_, i) => `g${i}`),
        });
        expect(tooMany.json['ErrorCode']).toBe(10004);
    });

    it('adds members with per-member Result codes 0/1/2', async () => {
        await importAll('cust_1', 'agent_1', 'agent_2');
        await createGroup('g', { Owner_Account: 'cust_1' });
        const { json } = await call('group_open_http_svc/add_group_member', {
            GroupId: 'g',
            MemberList: [
                { Member_Account: 'agent_1' },
                { Member_Account: 'cust_1' },
                { Member_Account: 'not_imported' },
                { Member_Account: 'agent_2' },
            ],
        });
        expect(json['MemberList']).toEqual([
            { Member_Account: 'agent_1', Result: 1 },
            { Member_Account: 'cust_1', Result: 2 },
            { Member_Account: 'not_imported', Result: 0 },
            { Member_Account: 'agent_2', Result: 1 },
        ]);
        const members = await call('group_open_http_svc/get_group_member_info', { GroupId: 'g', Limit: 2, Offset: 1 });
        expect(members.json).toMatchObject({ ErrorCode: 0, MemberNum: 3 });
        expect(
            (members.json['MemberList'] as Array<Record<string, unknown>>).map((m) => [m['Member_Account'], m['Role']]),
        ).toEqual([
            ['agent_1', 'Member'],
            ['agent_2', 'Member'],
        ]);
    });

    it('rejects adding to missing or dismissed groups and more than 300 members', async () => {
        await importAll('agent_1');
        expect(
            (
                await call('group_open_http_svc/add_group_member', {
                    GroupId: 'nope',
                    MemberList: [{ Member_Account: 'agent_1' }],
                })
            ).json['ErrorCode'],
        ).toBe(10010);
        await createGroup('g');
        const many = Array.from({ length: 301 }, (_, i) => ({ Member_Account: `u${i}` }));
        const tooMany = await call('group_open_http_svc/add_group_member', { GroupId: 'g', MemberList: many });
        expect(tooMany.json['ErrorCode']).toBe(10004);
        expect(String(tooMany.json['ErrorInfo'])).toContain('MemberList');
        await call('group_open_http_svc/destroy_group', { GroupId: 'g' });
        expect(
            (
                await call('group_open_http_svc/add_group_member', {
                    GroupId: 'g',
                    MemberList: [{ Member_Account: 'agent_1' }],
                })
            ).json['ErrorCode'],
        ).toBe(10010);
        expect((await call('group_open_http_svc/destroy_group', { GroupId: 'g' })).json['ErrorCode']).toBe(10010);
    });

    it('deletes members: non-members are fine, the owner cannot be removed', async () => {
        await importAll('cust_1', 'agent_1');
        await createGroup('g', { Owner_Account: 'cust_1', MemberList: [{ Member_Account: 'agent_1' }] });
        expect(
            (
                await call('group_open_http_svc/delete_group_member', {
                    GroupId: 'g',
                    MemberToDel_Account: ['agent_1', 'stranger'],
                })
            ).json['ErrorCode'],
        ).toBe(0);
        expect(fake.getGroup('g')!.members.map((m) => m.account)).toEqual(['cust_1']);
        const owner = await call('group_open_http_svc/delete_group_member', {
            GroupId: 'g',
            MemberToDel_Account: ['cust_1'],
        });
        expect(owner.json['ErrorCode']).toBe(10004);
        const many = await call('group_open_http_svc/delete_group_member', {
            GroupId: 'g',
            MemberToDel_Account: Array.from({ length: 101 }, (_, i) => `u${i}`),
        });
        expect(many.json['ErrorCode']).toBe(10004);
    });
});

describe('messages', () => {
    beforeEach(async () => {
        await importAll('cust_1', 'agent_1', 'outsider');
        await createGroup('g', { Owner_Account: 'cust_1', MemberList: [{ Member_Account: 'agent_1' }] });
    });

    it('sends as a member, refuses non-members (10007) and unknown accounts (10019)', async () => {
        const ok = await send('g', 'hello', { From_Account: 'cust_1' });
        expect(ok.json).toMatchObject({ ErrorCode: 0, MsgSeq: 1 });
        expect(typeof ok.json['MsgTime']).toBe('number');
        expect((await send('g', 'hi', { From_Account: 'outsider' })).json['ErrorCode']).toBe(10007);
        expect((await send('g', 'hi', { From_Account: 'ghost' })).json['ErrorCode']).toBe(10019);
        expect((await send('missing', 'hi')).json['ErrorCode']).toBe(10010);
        const badBody = await call('group_open_http_svc/send_group_msg', {
            GroupId: 'g',
            Random: 1,
            MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: {} }],
        });
        expect(badBody.json['ErrorCode']).toBe(10004);
        expect(String(badBody.json['ErrorInfo'])).toContain('MsgBody[0].MsgContent.Text');
        expect(
            (
                await call('group_open_http_svc/send_group_msg', {
                    GroupId: 'g',
                    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'x' } }],
                })
            ).json['ErrorCode'],
        ).toBe(10004);
        expect(fake.groupMessages('g').map((m) => m.elements)).toEqual([[{ type: 'text', text: 'hello' }]]);
    });

    it('drops a duplicate (same sender, Random and body) within 5 minutes', async () => {
        const body = { Random: 42, From_Account: 'cust_1' };
        const first = await send('g', 'same', body);
        const again = await send('g', 'same', body);
        expect(again.json['MsgSeq']).toBe(first.json['MsgSeq']);
        expect(fake.groupMessages('g')).toHaveLength(1);
        await send('g', 'different', body);
        expect(fake.groupMessages('g')).toHaveLength(2);
        clock += 5 * 60 * 1000 + 1;
        await send('g', 'same', body);
        expect(fake.groupMessages('g')).toHaveLength(3);
    });

    it('mutes everyone but the owner/admins and the app admin', async () => {
        expect(
            (await call('group_open_http_svc/modify_group_base_info', { GroupId: 'g', MuteAllMember: 'On' })).json[
                'ErrorCode'
            ],
        ).toBe(0);
        expect(fake.getGroup('g')!.muteAll).toBe(true);
        expect((await send('g', 'x', { From_Account: 'agent_1' })).json['ErrorCode']).toBe(10017);
        expect((await send('g', 'x', { From_Account: 'cust_1' })).json['ErrorCode']).toBe(0);
        expect((await send('g', 'system')).json['ErrorCode']).toBe(0);
        expect(
            (await call('group_open_http_svc/modify_group_base_info', { GroupId: 'g', ShutUpAllMember: 'Off' })).json[
                'ErrorCode'
            ],
        ).toBe(0);
        expect((await send('g', 'x', { From_Account: 'agent_1' })).json['ErrorCode']).toBe(0);
        expect(
            (await call('group_open_http_svc/modify_group_base_info', { GroupId: 'g', MuteAllMember: 'Yes' })).json[
                'ErrorCode'
            ],
        ).toBe(10004);
    });

    it('pages history newest-first with group_msg_get_simple', async () => {
        for (let i = 1; i <= 25; i += 1) await send('g', `m${i}`, { From_Account: i % 2 ? 'cust_1' : 'agent_1' });
        const first = await call('group_open_http_svc/group_msg_get_simple', { GroupId: 'g', ReqMsgNumber: 20 });
        expect(first.json).toMatchObject({ ErrorCode: 0, GroupId: 'g', IsFinished: 0 });
        const list = first.json['RspMsgList'] as Array<Record<string, unknown>>;
        expect(list.map((m) => m['MsgSeq'])).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i));
        expect(list[0]).toMatchObject({
            From_Account: 'cust_1',
            IsPlaceMsg: 0,
            MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'm25' } }],
        });
        expect(list[0]!['MsgTimeStamp']).toBe(Math.floor(clock / 1000));
        const smallest = list.at(-1)!['MsgSeq'] as number;
        const second = await call('group_open_http_svc/group_msg_get_simple', {
            GroupId: 'g',
            ReqMsgNumber: 20,
            ReqMsgSeq: smallest - 1,
        });
        expect(second.json['IsFinished']).toBe(1);
        expect((second.json['RspMsgList'] as Array<Record<string, unknown>>).map((m) => m['MsgSeq'])).toEqual([
            5, 4, 3, 2, 1,
        ]);
        expect((await call('group_open_http_svc/group_msg_get_simple', { GroupId: 'g' })).json['ErrorCode']).toBe(
            10004,
        );
        expect(
            (await call('group_open_http_svc/group_msg_get_simple', { GroupId: 'nope', ReqMsgNumber: 1 })).json[
                'ErrorCode'
            ],
        ).toBe(10010);
    });
});

describe('fault injection and call log', () => {
    it('injects an error code once, then behaves', async () => {
        fake.faults.inject({
            command: 'im_open_login_svc/account_import',
            errorCode: 70169,
            errorInfo: 'server timeout',
        });
        expect((await call('im_open_login_svc/account_import', { UserID: 'u1' })).json).toEqual({
            ActionStatus: 'FAIL',
            ErrorCode: 70169,
            ErrorInfo: 'server timeout',
        });
        expect(fake.hasAccount('u1')).toBe(false);
        expect((await call('im_open_login_svc/account_import', { UserID: 'u1' })).json['ErrorCode']).toBe(0);
        expect(fake.calls.map((c) => c.command)).toEqual([
            'im_open_login_svc/account_import',
            'im_open_login_svc/account_import',
        ]);
        expect(fake.calls[0]!.body).toEqual({ UserID: 'u1' });
    });

    it('injects HTTP 5xx for any command a number of times, and delays', async () => {
        fake.faults.inject({ command: '*', httpStatus: 502, times: 2 });
        expect((await call('im_open_login_svc/account_import', { UserID: 'u1' })).status).toBe(502);
        expect((await call('group_open_http_svc/get_group_info', { GroupIdList: ['x'] })).status).toBe(502);
        expect((await call('im_open_login_svc/account_import', { UserID: 'u1' })).status).toBe(200);
        fake.faults.inject({ command: 'im_open_login_svc/account_import', delayMs: 300 });
        const started = Date.now();
        expect((await call('im_open_login_svc/account_import', { UserID: 'u2' })).json['ErrorCode']).toBe(0);
        expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    });

    it('clears faults', async () => {
        fake.faults.inject({ command: '*', errorCode: 10002, times: Infinity });
        fake.faults.clear();
        expect((await call('im_open_login_svc/account_import', { UserID: 'u1' })).json['ErrorCode']).toBe(0);
    });
});

describe('mounting', () => {
    it('works under a prefix in a host app that registers @fastify/websocket itself', async () => {
        const host = Fastify();
        await host.register((await import('@fastify/websocket')).default);
        const mounted = createFakeTencentChat({
            sdkAppId: APP.sdkAppId,
            secretKey: APP.secretKey,
            adminIdentifier: APP.admin,
        });
        await host.register(mounted.plugin, { prefix: '/sandbox/tencent' });
        host.get('/host-ws', { websocket: true }, (socket) => socket.send('host'));
        await host.listen({ port: 0, host: '127.0.0.1' });
        try {
            const address = host.server.address() as { port: number };
            const url = `http://127.0.0.1:${address.port}/sandbox/tencent`;
            expect(
                (await tencentCall(url, 'im_open_login_svc/account_import', { UserID: 'u1' })).json['ErrorCode'],
            ).toBe(0);
            expect(mounted.hasAccount('u1')).toBe(true);
        } finally {
            await host.close();
        }
    });
});
