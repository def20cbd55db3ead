import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeTencentChat } from '../tencent-chat/index.js';
import type { FakeTencentChat } from '../tencent-chat/index.js';
import { APP, WsClient, officialUserSig, tencentCall, wsUrl } from './helpers.js';

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

describe('WebSocket protocol', () => {
    it('answers protocol errors with Tencent codes', async () => {
        const client = await loggedIn('cust_1');
        expect(await client.request('noSuchOp')).toMatchObject({ ok: false, error: { code: 10003 } });
        // Group chat is the SDK gateway's: the JSON channel has no group ops any more.
        for (const op of ['listGroups', 'getMessages', 'sendMessage', 'markRead'])
            expect(await client.request(op, { groupId: 'case1' })).toMatchObject({ ok: false, error: { code: 10003 } });
        expect(await client.request('ping')).toMatchObject({ ok: true, result: { pong: true } });
        client.socket.send('{not json');
        expect(await client.next((f) => f['type'] === 'reply' && f['id'] === null)).toMatchObject({
            ok: false,
            error: { code: 60003 },
        });
    });
});
