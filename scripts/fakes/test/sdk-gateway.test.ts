import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createFakeTencentChat } from '../tencent-chat/index.js';
import type { FakeTencentChat } from '../tencent-chat/index.js';
import { APP, officialUserSig, tencentCall } from './helpers.js';
import { SdkPage, launchChromium, startSdkPageServer } from './support/sdk-page.js';

// The REAL Tencent Chat Web SDK (the tencent-sdk.js that ships in tim_bar) in Debian Chromium, pointed at the fake's
// gateway with the SDK's documented proxyServer / fileUploadProxy / fileDownloadProxy options.

let fake: FakeTencentChat;
let base: string;
let browser: Browser;
let pageServer: { url: string; close(): Promise<void> };
const pages: SdkPage[] = [];

const call = (command: string, body: unknown) => tencentCall(base, command, body);
const sdkOptions = () => ({
    SDKAppID: APP.sdkAppId,
    proxyServer: base.replace(/^http/, 'ws'),
    fileUploadProxy: `${base}/sdk-files`,
    fileDownloadProxy: `${base}/sdk-files`,
});
async function openSdk(): Promise<SdkPage> {
    const page = await SdkPage.open(browser, pageServer.url, sdkOptions());
    pages.push(page);
    return page;
}
async function loggedIn(userId: string): Promise<SdkPage> {
    const page = await openSdk();
    const login = await page.login(userId, officialUserSig(APP.sdkAppId, APP.secretKey, userId));
    expect(login).toMatchObject({ ok: true });
    await page.waitFor('SDK_READY');
    return page;
}
const restSend = (groupId: string, from: string | undefined, text: string) =>
    call('group_open_http_svc/send_group_msg', {
        GroupId: groupId,
        Random: Math.floor(Math.random() * 1e9),
        ...(from ? { From_Account: from } : {}),
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
    });
type SdkMessage = {
    type: string;
    conversationID: string;
    from: string;
    payload: Record<string, unknown>;
    sequence: number;
};
const received = (events: Array<{ name: string; data: unknown }>): SdkMessage[] =>
    events.filter((e) => e.name === 'MESSAGE_RECEIVED').flatMap((e) => e.data as SdkMessage[]);
const groupIds = (data: unknown): string[] => (data as Array<{ groupID: string }>).map((g) => g.groupID);

beforeAll(async () => {
    fake = createFakeTencentChat({ sdkAppId: APP.sdkAppId, secretKey: APP.secretKey, adminIdentifier: APP.admin });
    base = await fake.listen();
    pageServer = await startSdkPageServer();
    browser = await launchChromium();
}, 30000);
afterAll(async () => {
    await browser?.close();
    await pageServer?.close();
    await fake?.close();
});
beforeEach(async () => {
    fake.reset();
    for (const id of ['cust_1', 'agent_1', 'agent_2'])
        await call('im_open_login_svc/account_import', { UserID: id, Nick: id.toUpperCase() });
    await call('group_open_http_svc/create_group', {
        Type: 'Private',
        Name: 'Case 00001',
        GroupId: 'case1',
        Owner_Account: 'cust_1',
    });
});
afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
});

const texts = (messages: SdkMessage[]): unknown[] => messages.map((m) => m.payload['text']);
const joinedIds = async (page: SdkPage): Promise<string[]> =>
    groupIds(((await page.call('getGroupList')).data as { groupList: unknown }).groupList);
const addMember = (groupId: string, account: string) =>
    call('group_open_http_svc/add_group_member', { GroupId: groupId, MemberList: [{ Member_Account: account }] });
const until = async (check: () => Promise<boolean> | boolean, what: string, timeoutMs = 8000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
};

describe('login and session', () => {
    it('logs in with a UserSig, lists the joined group and its conversation, reads history from the join point', async () => {
        await restSend('case1', 'cust_1', 'before agent joined');
        await addMember('case1', 'agent_1');
        await restSend('case1', 'cust_1', 'hello agent');
        const agent = await loggedIn('agent_1');
        expect(await joinedIds(agent)).toEqual(['case1']);
        const convs = await agent.call('getConversationList');
        const list = (convs.data as { conversationList: Array<{ conversationID: string; unreadCount: number }> })
            .conversationList;
        expect(list.map((c) => [c.conversationID, c.unreadCount])).toEqual([['GROUPcase1', 1]]);
        const history = await agent.call('getMessageList', { conversationID: 'GROUPcase1' });
        expect(texts((history.data as { messageList: SdkMessage[] }).messageList)).toEqual(['hello agent']);
    });

    it('refuses a UserSig signed with another key, and one for another user', async () => {
        const page = await openSdk();
        const wrongKey = await page.call('login', {
            userID: 'agent_1',
            userSig: officialUserSig(APP.sdkAppId, 'not-the-secret-key', 'agent_1'),
        });
        expect(wrongKey).toMatchObject({ ok: false, code: 70009 });
        const otherUser = await page.call('login', {
            userID: 'agent_1',
            userSig: officialUserSig(APP.sdkAppId, APP.secretKey, 'agent_2'),
        });
        expect(otherUser).toMatchObject({ ok: false, code: 70013 });
        expect(fake.isOnline('agent_1')).toBe(false);
    });

    it('a second login of the same account kicks the first out (multipleAccount)', async () => {
        const first = await loggedIn('agent_1');
        const second = await loggedIn('agent_1');
        const kicked = await first.waitFor('KICKED_OUT');
        expect(kicked.data).toMatchObject({ type: 'multipleAccount' });
        expect(await second.events()).not.toContainEqual(expect.objectContaining({ name: 'KICKED_OUT' }));
        expect(await second.sendText('case1', 'x')).toMatchObject({ ok: false, code: 10007 });
    });

    it('a REST kick ends the session (REST_API_Kick)', async () => {
        const agent = await loggedIn('agent_1');
        expect((await call('im_open_login_svc/kick', { UserID: 'agent_1' })).json).toMatchObject({ ErrorCode: 0 });
        const kicked = await agent.waitFor('KICKED_OUT');
        expect(kicked.data).toMatchObject({ type: 'REST_API_Kick' });
        await until(() => !fake.isOnline('agent_1'), 'agent offline');
    });

    it('after a dropped connection the SDK logs in again with its a2 and keeps working', async () => {
        await addMember('case1', 'agent_1');
        const agent = await loggedIn('agent_1');
        fake.dropSdkConnection('agent_1');
        await until(() => !fake.isOnline('agent_1'), 'connection dropped');
        await until(() => fake.isOnline('agent_1'), 'SDK reconnected', 20000);
        expect(await agent.sendText('case1', 'after reconnect')).toMatchObject({ ok: true });
        expect(fake.groupMessages('case1').map((m) => m.elements)).toContainEqual([
            { type: 'text', text: 'after reconnect' },
        ]);
    }, 30000);
});

describe('messages', () => {
    it('what the SDK sends is visible to REST group_msg_get_simple, and REST sends reach the SDK', async () => {
        await addMember('case1', 'agent_1');
        const agent = await loggedIn('agent_1');
        const sent = await agent.sendText('case1', 'from the agent');
        expect(sent).toMatchObject({ ok: true });
        const rest = await call('group_open_http_svc/group_msg_get_simple', { GroupId: 'case1', ReqMsgNumber: 10 });
        expect(rest.json['RspMsgList']).toEqual([
            expect.objectContaining({
                From_Account: 'agent_1',
                MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'from the agent' } }],
            }),
        ]);
        await restSend('case1', 'cust_1', 'from the customer');
        await agent.waitFor('MESSAGE_RECEIVED', (d) => texts(d as SdkMessage[]).includes('from the customer'));
        const own = received(await agent.events()).filter((m) => m.payload['text'] === 'from the agent');
        expect(own).toEqual([]);
    });

    it('only members send and read', async () => {
        const outsider = await loggedIn('agent_2');
        expect(await outsider.sendText('case1', 'let me in')).toMatchObject({ ok: false, code: 10007 });
        expect(await outsider.call('getMessageList', { conversationID: 'GROUPcase1' })).toMatchObject({ ok: false });
        expect(fake.groupMessages('case1')).toEqual([]);
    });

    it('pages history newest first until complete', async () => {
        await addMember('case1', 'agent_1');
        for (let i = 1; i <= 25; i++) await restSend('case1', 'cust_1', `m${i}`);
        const agent = await loggedIn('agent_1');
        const first = (await agent.call('getMessageList', { conversationID: 'GROUPcase1' })).data as {
            messageList: SdkMessage[];
            nextReqMessageID: string;
            isCompleted: boolean;
        };
        expect(first.isCompleted).toBe(false);
        expect(texts(first.messageList).at(-1)).toBe('m25');
        const second = (
            await agent.call('getMessageList', {
                conversationID: 'GROUPcase1',
                nextReqMessageID: first.nextReqMessageID,
            })
        ).data as { messageList: SdkMessage[]; isCompleted: boolean };
        expect(second.isCompleted).toBe(true);
        expect([...texts(second.messageList), ...texts(first.messageList)]).toEqual(
            Array.from({ length: 25 }, (_, i) => `m${i + 1}`),
        );
    });

    it('keeps unread counts and takes read reports', async () => {
        await addMember('case1', 'agent_1');
        await restSend('case1', 'cust_1', 'one');
        await restSend('case1', 'cust_1', 'two');
        const agent = await loggedIn('agent_1');
        const unread = async () =>
            (
                (await agent.call('getConversationList')).data as {
                    conversationList: Array<{ unreadCount: number }>;
                }
            ).conversationList[0]?.unreadCount;
        expect(await unread()).toBe(2);
        expect(await agent.call('setMessageRead', { conversationID: 'GROUPcase1' })).toMatchObject({ ok: true });
        await until(() => fake.getGroup('case1')?.members.find((m) => m.account === 'agent_1')?.readSeq === 2, 'read');
        const again = await loggedIn('agent_1');
        const list = (await again.call('getConversationList')).data as {
            conversationList: Array<{ unreadCount: number }>;
        };
        expect(list.conversationList[0]?.unreadCount).toBe(0);
    });

    it('uploads an image and a file through fileUploadProxy; REST sees the URLs and they download', async () => {
        await addMember('case1', 'agent_1');
        const agent = await loggedIn('agent_1');
        const png = await agent.sendFile('case1', 'image', 'dot.png', 'image/png', 'PNGDATA');
        expect(png).toMatchObject({ ok: true });
        const pdf = await agent.sendFile('case1', 'file', 'terms.pdf', 'application/pdf', 'PDFDATA');
        expect(pdf).toMatchObject({ ok: true });
        const [image, file] = fake.groupMessages('case1').map((m) => m.elements[0]);
        expect(image).toMatchObject({ type: 'image' });
        expect(file).toMatchObject({ type: 'file', name: 'terms.pdf' });
        for (const [element, body] of [
            [image, 'PNGDATA'],
            [file, 'PDFDATA'],
        ] as const) {
            // Messages keep the COS-style https URL; the SDK and the download proxy map it onto the file store.
            const url = new URL((element as { url: string }).url);
            expect(url.origin).toBe('https://cos.fake-tencent.invalid');
            const response = await fetch(`${base}/sdk-files${url.pathname}`);
            expect(response.status).toBe(200);
            expect(await response.text()).toBe(body);
        }
        // Read back through the SDK (history), the image URL points at the download proxy.
        const other = await loggedIn('cust_1');
        const history = (await other.call('getMessageList', { conversationID: 'GROUPcase1' })).data as {
            messageList: Array<{ type: string; payload: { imageInfoArray?: Array<{ url: string }> } }>;
        };
        const shown = history.messageList.find((m) => m.type === 'TIMImageElem')?.payload.imageInfoArray?.[0]?.url;
        expect(shown?.startsWith(`${base}/sdk-files/files/`)).toBe(true);
    });

    it('refuses uploads to keys it never handed out', async () => {
        const response = await fetch(`${base}/sdk-files/upload/${'a'.repeat(32)}.png`, { method: 'PUT', body: 'x' });
        expect(response.status).toBe(403);
        expect((await fetch(`${base}/sdk-files/files/${'a'.repeat(32)}.png`)).status).toBe(404);
    });
});

describe('pushes for REST-side changes', () => {
    it('being added brings the group into the group list', async () => {
        const agent = await loggedIn('agent_1');
        expect(await joinedIds(agent)).toEqual([]);
        await addMember('case1', 'agent_1');
        await agent.waitFor('GROUP_LIST_UPDATED', (d) => groupIds(d).includes('case1'));
    });

    it('mute-all arrives as a group tip and blocks member sends; removal takes the group away', async () => {
        await addMember('case1', 'agent_1');
        const agent = await loggedIn('agent_1');
        await call('group_open_http_svc/modify_group_base_info', { GroupId: 'case1', ShutUpAllMember: 'On' });
        const tip = await agent.waitFor('MESSAGE_RECEIVED', (d) =>
            (d as SdkMessage[]).some((m) => m.type === 'TIMGroupTipElem'),
        );
        const payload = (tip.data as SdkMessage[])[0]!.payload as { operationType: number; newGroupProfile: unknown };
        expect(payload).toMatchObject({ operationType: 6, newGroupProfile: { muteAllMembers: true } });
        expect(await agent.sendText('case1', 'muted?')).toMatchObject({ ok: false, code: 10017 });
        await call('group_open_http_svc/delete_group_member', { GroupId: 'case1', MemberToDel_Account: ['agent_1'] });
        await agent.waitFor('GROUP_LIST_UPDATED', (d) => !groupIds(d).includes('case1'));
        const notice = received(await agent.events()).find((m) => m.type === 'TIMGroupSystemNoticeElem');
        expect(notice?.payload).toMatchObject({ operationType: 4, groupProfile: { groupID: 'case1' } });
    });

    it('dismissal arrives as a system notice and the group leaves the list', async () => {
        await addMember('case1', 'agent_1');
        const agent = await loggedIn('agent_1');
        // The SDK must hold its group list first: a notice it handles while still loading that list changes nothing.
        await agent.waitFor('GROUP_LIST_UPDATED', (d) => groupIds(d).includes('case1'));
        await call('group_open_http_svc/destroy_group', { GroupId: 'case1' });
        await agent.waitFor('MESSAGE_RECEIVED', (d) =>
            (d as SdkMessage[]).some((m) => m.type === 'TIMGroupSystemNoticeElem' && m.payload['operationType'] === 5),
        );
        await agent.waitFor('GROUP_LIST_UPDATED', (d) => !groupIds(d).includes('case1'));
    });
});

/** Sends from the page's SDK with message options (`needReadReceipt`) and send options (`onlineUserOnly`). */
const sendWith = (page: SdkPage, groupId: string, text: string, create: object, send: object) =>
    page.page.evaluate(
        async ([g, t, c, s]) => {
            const d = (
                window as unknown as {
                    sdkDriver: {
                        chat: {
                            createTextMessage(o: object): unknown;
                            sendMessage(m: unknown, o: object): Promise<{ data: { message: unknown } }>;
                        };
                        TYPES: Record<string, string>;
                    };
                }
            ).sdkDriver;
            const m = d.chat.createTextMessage({
                to: g,
                conversationType: d.TYPES['CONV_GROUP'],
                payload: { text: t },
                ...c,
            });
            try {
                const res = await d.chat.sendMessage(m, s);
                return { ok: true, message: JSON.parse(JSON.stringify(res.data.message)) as Record<string, unknown> };
            } catch (e) {
                return { ok: false, code: (e as { code?: number }).code, message: null };
            }
        },
        [groupId, text, create, send] as const,
    );
/** Calls an SDK method that takes SDK message objects found in the page's record of received/sent messages. */
const withMessages = (page: SdkPage, method: string, conversationID: string, ids: string[]) =>
    page.page.evaluate(
        async ([m, conv, wanted]) => {
            const d = (
                window as unknown as {
                    sdkDriver: {
                        chat: Record<string, (...a: unknown[]) => Promise<{ data: unknown }>> & {
                            getMessageList(o: object): Promise<{ data: { messageList: Array<{ ID: string }> } }>;
                        };
                    };
                }
            ).sdkDriver;
            const list = (await d.chat.getMessageList({ conversationID: conv })).data.messageList;
            const chosen = list.filter((x) => wanted.includes(x.ID));
            if (chosen.length !== wanted.length) return { ok: false, code: -1, data: list.map((x) => x.ID) };
            try {
                const res = await d.chat[m]!(chosen);
                return { ok: true, data: JSON.parse(JSON.stringify(res.data ?? null)) as unknown };
            } catch (e) {
                return { ok: false, code: (e as { code?: number }).code, data: null };
            }
        },
        [method, conversationID, ids] as const,
    );

describe('online-only messages (typing indicators)', () => {
    it('reach online members only, and are never stored, counted, paged or called back', async () => {
        await addMember('case1', 'agent_1');
        await addMember('case1', 'agent_2');
        fake.callbacks.setTarget({ url: 'http://127.0.0.1:9/never' });
        try {
            const customer = await loggedIn('cust_1');
            const agent = await loggedIn('agent_1');
            const typing = await sendWith(agent, 'case1', 'typing', {}, { onlineUserOnly: true });
            expect(typing).toMatchObject({ ok: true });
            const got = await customer.waitFor('MESSAGE_RECEIVED', (d) => texts(d as SdkMessage[]).includes('typing'));
            expect((got.data as Array<{ _onlineOnlyFlag?: boolean }>)[0]?._onlineOnlyFlag).toBe(true);
            await fake.callbacks.idle();
            expect(fake.groupMessages('case1')).toEqual([]);
            expect(fake.callbacks.deliveries.filter((d) => d.command === 'Group.CallbackAfterSendMsg')).toEqual([]);
            const rest = await call('group_open_http_svc/group_msg_get_simple', { GroupId: 'case1', ReqMsgNumber: 10 });
            expect(rest.json['RspMsgList'] ?? []).toEqual([]);
            // agent_2 was offline: nothing waits for them, nothing is unread, the customer's history has nothing.
            const later = await loggedIn('agent_2');
            const conversations = (await later.call('getConversationList')).data as {
                conversationList: Array<{ unreadCount: number }>;
            };
            expect(conversations.conversationList.map((c) => c.unreadCount)).toEqual([0]);
            expect(received(await later.events()).map((m) => m.payload['text'])).not.toContain('typing');
            const history = (await customer.call('getMessageList', { conversationID: 'GROUPcase1' })).data as {
                messageList: SdkMessage[];
            };
            expect(texts(history.messageList)).not.toContain('typing');
        } finally {
            fake.callbacks.setTarget(null);
        }
    }, 45_000);

    it('follow the sender rules: a non-member cannot send one', async () => {
        const outsider = await loggedIn('agent_2');
        expect(await sendWith(outsider, 'case1', 'typing', {}, { onlineUserOnly: true })).toMatchObject({
            ok: false,
            code: 10007,
        });
    });
});

describe('group read receipts', () => {
    type Receipt = { groupID: string; messageID: string; readCount: number; unreadCount: number };
    it('with the edition that has them: the reader reports, the sender is told and can ask', async () => {
        await addMember('case1', 'agent_1');
        const customer = await loggedIn('cust_1');
        const agent = await loggedIn('agent_1');
        const sent = await sendWith(agent, 'case1', 'please confirm', { needReadReceipt: true }, {});
        expect(sent).toMatchObject({ ok: true });
        const id = String(sent.message?.['ID']);
        const before = await withMessages(agent, 'getMessageReadReceiptList', 'GROUPcase1', [id]);
        expect(before).toMatchObject({
            ok: true,
            data: { messageList: [{ ID: id, readReceiptInfo: { readCount: 0, unreadCount: 1 } }] },
        });
        const got = await customer.waitFor('MESSAGE_RECEIVED', (d) =>
            texts(d as SdkMessage[]).includes('please confirm'),
        );
        const incoming = (got.data as Array<{ ID: string; needReadReceipt: boolean }>)[0];
        expect(incoming?.needReadReceipt).toBe(true);
        expect(
            await withMessages(customer, 'sendMessageReadReceipt', 'GROUPcase1', [String(incoming?.ID)]),
        ).toMatchObject({ ok: true });
        const receipt = await agent.waitFor('MESSAGE_READ_RECEIPT_RECEIVED');
        expect(receipt.data as Receipt[]).toEqual([{ groupID: 'case1', messageID: id, readCount: 1, unreadCount: 0 }]);
        const after = await withMessages(agent, 'getMessageReadReceiptList', 'GROUPcase1', [id]);
        expect(after).toMatchObject({ data: { messageList: [{ readReceiptInfo: { readCount: 1, unreadCount: 0 } }] } });
    }, 45_000);

    it('without them: messages carry no request and the receipt commands fail', async () => {
        fake.setReadReceipts(false);
        try {
            await addMember('case1', 'agent_1');
            const customer = await loggedIn('cust_1');
            const agent = await loggedIn('agent_1');
            const sent = await sendWith(agent, 'case1', 'please confirm', { needReadReceipt: true }, {});
            expect(sent).toMatchObject({ ok: true });
            const got = await customer.waitFor('MESSAGE_RECEIVED', (d) =>
                texts(d as SdkMessage[]).includes('please confirm'),
            );
            expect((got.data as Array<{ needReadReceipt: boolean }>)[0]?.needReadReceipt).toBe(false);
            const asked = await withMessages(agent, 'getMessageReadReceiptList', 'GROUPcase1', [
                String(sent.message?.['ID']),
            ]);
            // The gateway refuses (10007); the SDK reports the failed call with its own code.
            expect(asked).toMatchObject({ ok: false });
            expect(asked.code).not.toBe(-1);
        } finally {
            fake.setReadReceipts(true);
        }
    }, 45_000);
});
