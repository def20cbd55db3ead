import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeTencentChat } from '../tencent-chat/index.js';
import type { FakeTencentChat } from '../tencent-chat/index.js';
import { APP, WsClient, officialUserSig, tencentCall, wsUrl } from './helpers.js';
import type { Frame } from './helpers.js';

let fake: FakeTencentChat;
let base: string;
const clients: WsClient[] = [];

const call = (command: string, body: unknown) => tencentCall(base, command, body);
const login = async (
    userId: string,
    userSig = officialUserSig(APP.sdkAppId, APP.secretKey, userId),
): Promise<WsClient> => {
    const client = await WsClient.connect(wsUrl(base, userId, userSig));
    clients.push(client);
    return client;
};
const loggedIn = async (userId: string): Promise<WsClient> => {
    const client = await login(userId);
    await client.next((f) => f['type'] === 'ready');
    return client;
};
const restSend = (groupId: string, from: string, text: string) =>
    call('group_open_http_svc/send_group_msg', {
        GroupId: groupId,
        Random: Math.floor(Math.random() * 1e9),
        From_Account: from,
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
    });
const texts = (messages: unknown): string[] =>
    (messages as Array<{ elements: Array<{ text?: string }> }>).map((m) =>
        m.elements.map((e) => e.text ?? '').join(''),
    );

beforeAll(async () => {
    fake = createFakeTencentChat({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, adminIdentifier: APP.admin });
    base = await fake.listen();
});
afterAll(() => fake.close());
beforeEach(async () => {
    fake.reset();
    for (const id of ['cust_1', 'agent_1', 'agent_2']) await call('im_open_login_svc/account_import', { UserID: id });
    await call('group_open_http_svc/create_group', {
        Type: 'Private',
        Name: 'Case 1',
        GroupId: 'case1',
        Owner_Account: 'cust_1',
    });
});
afterEach(() => {
    for (const client of clients.splice(0)) client.close();
});

describe('WebSocket login', () => {
    it('says ready for a valid UserSig and imports the account like an SDK login', async () => {
        const client = await login('newcomer');
        const ready = await client.next((f) => f['type'] === 'ready');
        expect(ready).toMatchObject({ v: 1, type: 'ready', userId: 'newcomer' });
        expect(fake.hasAccount('newcomer')).toBe(true);
        expect(fake.isOnline('newcomer')).toBe(true);
    });

    it.each([
        ['a sig signed with another key', officialUserSig(APP.sdkAppId, 'other-key', 'cust_1'), 70009],
        ['a sig of another user', officialUserSig(APP.sdkAppId, APP.secretKey, 'agent_1'), 70013],
        ['garbage', 'abc', 70003],
    ])('refuses %s and closes', async (_name, sig, code) => {
        const client = await login('cust_1', sig);
        const failed = await client.next((f) => f['type'] === 'loginFailed');
        expect(failed['code']).toBe(code);
        expect(await client.closed).toBe(4001);
        expect(fake.isOnline('cust_1')).toBe(false);
    });

    it('kicks the first connection when the same user logs in again', async () => {
        const first = await loggedIn('cust_1');
        const second = await loggedIn('cust_1');
        expect(await first.event('kicked')).toMatchObject({ reason: 'multipleAccount' });
        expect(await first.closed).toBe(4003);
        expect((await second.request('ping'))['ok']).toBe(true);
        expect(fake.isOnline('cust_1')).toBe(true);
    });
});

describe('WebSocket messaging', () => {
    it('delivers REST and WebSocket messages in real time to connected members only', async () => {
        await call('group_open_http_svc/add_group_member', {
            GroupId: 'case1',
            MemberList: [{ Member_Account: 'agent_1' }],
        });
        const customer = await loggedIn('cust_1');
        const agent = await loggedIn('agent_1');
        const outsider = await loggedIn('agent_2');

        await restSend('case1', 'cust_1', 'from rest');
        const pushed = await agent.event('message');
        expect(pushed['groupId']).toBe('case1');
        expect(pushed['message']).toMatchObject({
            seq: 1,
            from: 'cust_1',
            elements: [{ type: 'text', text: 'from rest' }],
        });
        // the customer's own client is told about a message sent on its behalf through REST
        expect((await customer.event('message'))['message']).toMatchObject({ seq: 1 });

        const reply = await agent.request('sendMessage', {
            groupId: 'case1',
            random: 7,
            elements: [{ type: 'text', text: 'hi from agent' }],
        });
        expect(reply).toMatchObject({ ok: true, result: { message: { seq: 2, from: 'agent_1', random: 7 } } });
        expect((await customer.event('message'))['message']).toMatchObject({
            seq: 2,
            elements: [{ type: 'text', text: 'hi from agent' }],
        });
        expect(fake.groupMessages('case1')[1]!.msgBody).toEqual([
            { MsgType: 'TIMTextElem', MsgContent: { Text: 'hi from agent' } },
        ]);

        await expect(outsider.event('message', 300)).rejects.toThrow(/no matching frame/);
        const denied = await outsider.request('sendMessage', {
            groupId: 'case1',
            random: 1,
            elements: [{ type: 'text', text: 'x' }],
        });
        expect(denied).toMatchObject({ ok: false, error: { code: 10007 } });
    });

    it('hides messages sent before a member joined over WebSocket, while REST still returns them', async () => {
        await restSend('case1', 'cust_1', 'before 1');
        await restSend('case1', 'cust_1', 'before 2');
        const agent = await loggedIn('agent_1');
        await call('group_open_http_svc/add_group_member', {
            GroupId: 'case1',
            MemberList: [{ Member_Account: 'agent_1' }],
        });
        expect(await agent.event('groupJoined')).toMatchObject({ groupId: 'case1' });
        await restSend('case1', 'cust_1', 'after');
        await agent.event('message');

        const page = await agent.request('getMessages', { groupId: 'case1', count: 20 });
        expect(page['ok']).toBe(true);
        const result = page['result'] as Frame;
        expect(texts(result['messages'])).toEqual(['after']);
        expect(result).toMatchObject({ isFinished: true, nextBeforeSeq: null });

        const rest = await call('group_open_http_svc/group_msg_get_simple', { GroupId: 'case1', ReqMsgNumber: 20 });
        const restTexts = (rest.json['RspMsgList'] as Array<{ MsgBody: Array<{ MsgContent: { Text: string } }> }>).map(
            (m) => m.MsgBody[0]!.MsgContent.Text,
        );
        expect(restTexts).toEqual(['after', 'before 2', 'before 1']);

        const customer = await loggedIn('cust_1');
        const owner = (await customer.request('getMessages', { groupId: 'case1' }))['result'] as Frame;
        expect(texts(owner['messages'])).toEqual(['before 1', 'before 2', 'after']);
    });

    it('shows earlier history to late joiners of ChatRoom (Meeting) groups', async () => {
        await call('group_open_http_svc/create_group', {
            Type: 'ChatRoom',
            Name: 'Room',
            GroupId: 'room',
            Owner_Account: 'cust_1',
        });
        await restSend('room', 'cust_1', 'early');
        await call('group_open_http_svc/add_group_member', {
            GroupId: 'room',
            MemberList: [{ Member_Account: 'agent_1' }],
        });
        const agent = await loggedIn('agent_1');
        expect(
            texts(((await agent.request('getMessages', { groupId: 'room' }))['result'] as Frame)['messages']),
        ).toEqual(['early']);
    });

    it('pages with beforeSeq (exclusive), oldest-first within a page', async () => {
        for (let i = 1; i <= 5; i += 1) await restSend('case1', 'cust_1', `m${i}`);
        const customer = await loggedIn('cust_1');
        const first = (await customer.request('getMessages', { groupId: 'case1', count: 2 }))['result'] as Frame;
        expect(texts(first['messages'])).toEqual(['m4', 'm5']);
        expect(first).toMatchObject({ isFinished: false, nextBeforeSeq: 4 });
        const second = (await customer.request('getMessages', { groupId: 'case1', count: 2, beforeSeq: 4 }))[
            'result'
        ] as Frame;
        expect(texts(second['messages'])).toEqual(['m2', 'm3']);
        const last = (await customer.request('getMessages', { groupId: 'case1', count: 2, beforeSeq: 2 }))[
            'result'
        ] as Frame;
        expect(texts(last['messages'])).toEqual(['m1']);
        expect(last).toMatchObject({ isFinished: true, nextBeforeSeq: null });
    });

    it('applies mute and dedupe over WebSocket too', async () => {
        await call('group_open_http_svc/add_group_member', {
            GroupId: 'case1',
            MemberList: [{ Member_Account: 'agent_1' }],
        });
        const agent = await loggedIn('agent_1');
        const one = await agent.request('sendMessage', {
            groupId: 'case1',
            random: 99,
            elements: [{ type: 'text', text: 'once' }],
        });
        const two = await agent.request('sendMessage', {
            groupId: 'case1',
            random: 99,
            elements: [{ type: 'text', text: 'once' }],
        });
        expect((two['result'] as Frame)['message']).toEqual((one['result'] as Frame)['message']);
        expect(fake.groupMessages('case1')).toHaveLength(1);

        await call('group_open_http_svc/modify_group_base_info', { GroupId: 'case1', MuteAllMember: 'On' });
        expect(await agent.event('groupUpdated')).toMatchObject({
            groupId: 'case1',
            muteAll: true,
            name: 'Case 1',
            introduction: '',
        });
        const muted = await agent.request('sendMessage', {
            groupId: 'case1',
            random: 100,
            elements: [{ type: 'text', text: 'x' }],
        });
        expect(muted).toMatchObject({ ok: false, error: { code: 10017 } });
    });

    it('lists groups with their introduction and pushes introduction changes', async () => {
        const intro = JSON.stringify({
            caseNumber: '00001001',
            subject: 'Cannot log in',
            customerName: 'Ada',
            customerId: 'cust_1',
        });
        await call('group_open_http_svc/create_group', {
            Type: 'Public',
            Name: '00001001 Cannot log in',
            GroupId: 'case2',
            Owner_Account: 'cust_1',
            Introduction: intro,
        });
        const customer = await loggedIn('cust_1');
        const listed = ((await customer.request('listGroups'))['result'] as Frame)['groups'] as Frame[];
        expect(listed.find((g) => g['groupId'] === 'case2')).toMatchObject({
            name: '00001001 Cannot log in',
            introduction: intro,
            muteAll: false,
        });
        expect(listed.find((g) => g['groupId'] === 'case1')).toMatchObject({ introduction: '' });
        await call('group_open_http_svc/modify_group_base_info', {
            GroupId: 'case2',
            Introduction: '{"subject":"Renamed"}',
        });
        expect(await customer.event('groupUpdated')).toMatchObject({
            groupId: 'case2',
            introduction: '{"subject":"Renamed"}',
            muteAll: false,
        });
    });

    it('lists groups with unread counts and marks them read', async () => {
        const customer = await loggedIn('cust_1');
        await restSend('case1', APP.admin, 'welcome');
        await customer.event('message');
        const listed = ((await customer.request('listGroups'))['result'] as Frame)['groups'] as Frame[];
        expect(listed).toEqual([
            expect.objectContaining({
                groupId: 'case1',
                name: 'Case 1',
                type: 'Private',
                role: 'Owner',
                unread: 1,
                muteAll: false,
                lastMessage: expect.objectContaining({ seq: 1 }),
            }),
        ]);
        expect((await customer.request('markRead', { groupId: 'case1', seq: 1 }))['result']).toEqual({
            groupId: 'case1',
            readSeq: 1,
        });
        const after = ((await customer.request('listGroups'))['result'] as Frame)['groups'] as Frame[];
        expect(after[0]!['unread']).toBe(0);
    });

    it('tells members when they leave and when the group is dismissed', async () => {
        await call('group_open_http_svc/add_group_member', {
            GroupId: 'case1',
            MemberList: [{ Member_Account: 'agent_1' }],
        });
        const agent = await loggedIn('agent_1');
        const customer = await loggedIn('cust_1');
        await call('group_open_http_svc/delete_group_member', { GroupId: 'case1', MemberToDel_Account: ['agent_1'] });
        expect(await agent.event('groupLeft')).toMatchObject({ groupId: 'case1' });
        expect(((await agent.request('listGroups'))['result'] as Frame)['groups']).toEqual([]);
        await call('group_open_http_svc/destroy_group', { GroupId: 'case1' });
        expect(await customer.event('groupDismissed')).toMatchObject({ groupId: 'case1' });
        expect(await customer.request('getMessages', { groupId: 'case1' })).toMatchObject({
            ok: false,
            error: { code: 10010 },
        });
    });

    it('answers protocol errors with Tencent codes', async () => {
        const client = await loggedIn('cust_1');
        expect(await client.request('noSuchOp')).toMatchObject({ ok: false, error: { code: 10003 } });
        expect(await client.request('sendMessage', { groupId: 'case1', elements: [] })).toMatchObject({
            ok: false,
            error: { code: 10004 },
        });
        client.socket.send('{not json');
        expect(await client.next((f) => f['type'] === 'reply' && f['id'] === null)).toMatchObject({
            ok: false,
            error: { code: 60003 },
        });
    });
});
