/** The fake Tencent's one-to-one messages and the webhooks it sends for them, signed like the real service. */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createFakeTencentChat, type FakeTencentChat } from '../tencent-chat/index.js';
import { APP, tencentCall } from './helpers.js';

let fake: FakeTencentChat;
let base: string;
let receiver: Server;
const received: Array<{ url: URL; body: Record<string, unknown> }> = [];

beforeAll(async () => {
    receiver = createServer((req, res) => {
        let raw = '';
        req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
        req.on('end', () => {
            received.push({
                url: new URL(req.url ?? '/', 'http://x'),
                body: JSON.parse(raw) as Record<string, unknown>,
            });
            res.end('{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}');
        });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const port = (receiver.address() as { port: number }).port;
    fake = createFakeTencentChat({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, adminIdentifier: APP.admin });
    fake.callbacks.setTarget({ url: `http://127.0.0.1:${port}/hook?token=secret`, authToken: 'console-token' });
    base = await fake.listen();
    fake.importAccount('support');
    fake.importAccount('ada');
});
afterAll(async () => {
    await fake.close();
    await new Promise<void>((r) => receiver.close(() => r()));
});

it('sends C2C.CallbackAfterSendMsg for REST sends, signed with sha256(token + RequestTime)', async () => {
    const res = await tencentCall(base, 'openim/sendmsg', {
        From_Account: 'support',
        To_Account: 'ada',
        MsgRandom: 42,
        SyncOtherMachine: 1,
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } }],
        CloudCustomData: '{"x":1}',
    });
    expect(res.json).toMatchObject({ ErrorCode: 0, MsgKey: expect.any(String) });
    await fake.callbacks.idle();
    const hook = received.at(-1)!;
    expect(hook.url.searchParams.get('token')).toBe('secret');
    expect(hook.url.searchParams.get('SdkAppid')).toBe(String(APP.sdkAppId));
    expect(hook.url.searchParams.get('CallbackCommand')).toBe('C2C.CallbackAfterSendMsg');
    const t = hook.url.searchParams.get('RequestTime')!;
    expect(hook.url.searchParams.get('Sign')).toBe(createHash('sha256').update(`console-token${t}`).digest('hex'));
    expect(hook.body).toMatchObject({
        CallbackCommand: 'C2C.CallbackAfterSendMsg',
        From_Account: 'support',
        To_Account: 'ada',
        MsgRandom: 42,
        MsgKey: res.json['MsgKey'],
        OnlineOnlyFlag: 0,
        CloudCustomData: '{"x":1}',
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } }],
    });
    expect(typeof hook.body['EventTime']).toBe('number');
});

it('honours ForbidCallbackControl, dedupes a repeated MsgRandom and rejects unknown recipients', async () => {
    const before = received.length;
    const body = {
        From_Account: 'support',
        To_Account: 'ada',
        MsgRandom: 7,
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'quiet' } }],
        ForbidCallbackControl: ['ForbidAfterSendMsgCallback'],
    };
    await tencentCall(base, 'openim/sendmsg', body);
    await tencentCall(base, 'openim/sendmsg', body);
    await fake.callbacks.idle();
    expect(received.length).toBe(before);
    expect(fake.c2c.messages('support', 'ada').filter((m) => m.random === 7)).toHaveLength(1);
    const unknown = await tencentCall(base, 'openim/sendmsg', { ...body, To_Account: 'nobody', MsgRandom: 8 });
    expect(unknown.json['ErrorCode']).toBe(20003);
});

it('sends C2C.CallbackAfterMsgReport after admin_set_msg_read', async () => {
    await tencentCall(base, 'openim/admin_set_msg_read', {
        Report_Account: 'ada',
        Peer_Account: 'support',
        MsgReadTime: '1700000000',
    });
    await fake.callbacks.idle();
    expect(received.at(-1)!.body).toMatchObject({
        CallbackCommand: 'C2C.CallbackAfterMsgReport',
        Report_Account: 'ada',
        Peer_Account: 'support',
        LastReadTime: 1700000000,
    });
    expect(fake.c2c.readTime('ada', 'support')).toBe(1700000000);
});
