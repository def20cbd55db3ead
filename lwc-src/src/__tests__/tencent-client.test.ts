import type { Conversation, Message } from '@tencentcloud/chat';
import type { LoginParams } from '@tencentcloud/chat-uikit-engine';
import { TencentChatClient } from '../chat/tencent/tencent-client';
import type { TencentSdk } from '../chat/tencent/tencent-sdk';

/** The subset of the Tencent Web SDK's typed API the adapter uses, recorded. */
const EVENT = {
    SDK_READY: 'sdkStateReady',
    SDK_NOT_READY: 'sdkStateNotReady',
    MESSAGE_RECEIVED: 'onMessageReceived',
    CONVERSATION_LIST_UPDATED: 'onConversationListUpdated',
    KICKED_OUT: 'kickedOut',
    NET_STATE_CHANGE: 'netStateChange',
    GROUP_LIST_UPDATED: 'onGroupListUpdated',
    MESSAGE_READ_RECEIPT_RECEIVED: 'onMessageReadReceiptReceived',
};
const GROUP_MODULE = { name: 'group-module stand-in' };

class FakeChat {
    ready = false;
    handlers = new Map<string, Array<(e: unknown) => void>>();
    calls: Array<[string, unknown]> = [];
    sendResult: 'ok' | 'fail' | 'sigExpired' = 'ok';
    conversations: unknown[] = [conversation(), { conversationID: 'C2Cfoo', type: 'C2C' }];
    groups: unknown[] | 'noModule' = [sdkGroup(GROUP)];
    on(name: string, h: (e: unknown) => void): void {
        this.handlers.set(name, [...(this.handlers.get(name) ?? []), h]);
    }
    off(): void {}
    emit(name: string, data: unknown): void {
        for (const h of this.handlers.get(name) ?? []) h({ name, data });
    }
    isReady(): boolean {
        return this.ready;
    }
    async login(o: unknown): Promise<unknown> {
        this.calls.push(['login', o]);
        return { data: {} };
    }
    async logout(): Promise<void> {
        this.calls.push(['logout', null]);
        this.ready = false;
    }
    async destroy(): Promise<void> {
        this.calls.push(['destroy', null]);
    }
    async getConversationList(): Promise<unknown> {
        return { data: { conversationList: this.conversations } };
    }
    async getGroupList(): Promise<unknown> {
        this.calls.push(['getGroupList', null]);
        if (this.groups === 'noModule') throw Object.assign(new Error('no module'), { code: 2900 });
        return { data: { groupList: this.groups, isSyncCompleted: true } };
    }
    async getMessageList(o: unknown): Promise<unknown> {
        this.calls.push(['getMessageList', o]);
        // A "member joined" group tip carries the seq of the latest message: it must not shadow that message.
        const tip = { ...sdkMessage(11, ''), ID: 'tip', type: 'TIMGroupTipElem', payload: { operationType: 1 } };
        return {
            data: { messageList: [tip, sdkMessage(11, 'hi')], nextReqMessageID: 'next-1', isCompleted: false },
        };
    }
    createTextMessage(o: { to: string; payload: { text: string } }): Message {
        this.calls.push(['createTextMessage', o]);
        return { ...sdkMessage(0, o.payload.text), ID: 'local-1', flow: 'out', status: 'unSend', from: 'AGENT' };
    }
    createImageMessage(o: unknown): Message {
        this.calls.push(['createImageMessage', o]);
        // As the SDK returns our own sent image: `url` is the local blob, `imageUrl` the uploaded file.
        const payload = {
            imageInfoArray: [{ type: 2, url: 'blob:http://x/1', imageUrl: 'https://cos.example.com/files/k.png' }],
        };
        return { ...sdkMessage(0, ''), type: 'TIMImageElem', status: 'unSend', payload } as unknown as Message;
    }
    createFileMessage(o: unknown): Message {
        this.calls.push(['createFileMessage', o]);
        return { ...sdkMessage(0, ''), type: 'TIMFileElem', status: 'unSend' } as unknown as Message;
    }
    async sendMessage(m: Message, options?: unknown): Promise<unknown> {
        this.calls.push(['sendMessage', m.ID]);
        if (options !== undefined) this.calls.push(['sendOptions', options]);
        if (this.sendResult === 'fail') throw Object.assign(new Error('network'), { code: 2801 });
        if (this.sendResult === 'sigExpired') throw Object.assign(new Error('sig expired'), { code: 70001 });
        return { data: { message: { ...m, sequence: 42, status: 'success', needReadReceipt: true } } };
    }
    async resendMessage(m: Message): Promise<unknown> {
        this.calls.push(['resendMessage', m.ID]);
        return { data: { message: { ...m, sequence: 43, status: 'success' } } };
    }
    receipts: 'ok' | 'unavailable' = 'ok';
    createCustomMessage(o: { to: string; payload: { data: string } }): Message {
        this.calls.push(['createCustomMessage', o]);
        return {
            ...sdkMessage(0, ''),
            ID: 'typing-1',
            type: 'TIMCustomElem',
            payload: o.payload,
        } as unknown as Message;
    }
    async getMessageReadReceiptList(list: Message[]): Promise<unknown> {
        this.calls.push(['getMessageReadReceiptList', list.map((m) => m.ID)]);
        if (this.receipts === 'unavailable') throw Object.assign(new Error('not in this edition'), { code: 10007 });
        return {
            data: { messageList: list.map((m) => ({ ...m, readReceiptInfo: { readCount: 0, unreadCount: 1 } })) },
        };
    }
    async getUserProfile(o: { userIDList: string[] }): Promise<unknown> {
        this.calls.push(['getUserProfile', o]);
        return { data: o.userIDList.map((userID) => ({ userID, nick: userID === '005B' ? 'Bob Agent' : '' })) };
    }
    async setMessageRead(o: unknown): Promise<unknown> {
        this.calls.push(['setMessageRead', o]);
        return {};
    }
}

const GROUP = '500000000000001AAA';
function sdkMessage(seq: number, text: string): Message {
    return {
        ID: `m${seq}`,
        type: 'TIMTextElem',
        payload: { text },
        conversationID: 'GROUP' + GROUP,
        conversationType: 'GROUP',
        to: GROUP,
        from: 'cust_ada',
        flow: 'in',
        time: 1_763_600_000,
        status: 'success',
        nick: 'Ada',
        nameCard: '',
        sequence: seq,
    } as unknown as Message;
}
function conversation(groupId = GROUP, profile: Record<string, unknown> = {}): Conversation {
    return {
        conversationID: 'GROUP' + groupId,
        type: 'GROUP',
        unreadCount: 3,
        lastMessage: { messageForShow: 'last', lastTime: 1_763_600_100 },
        groupProfile: {
            groupID: groupId,
            name: '00001001 Cannot log in',
            introduction: '{"customerName":"Ada Lovelace"}',
            muteAllMembers: false,
            ...profile,
        },
    } as unknown as Conversation;
}
function sdkGroup(groupId: string, profile: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        groupID: groupId,
        name: '00001001 Cannot log in',
        introduction: '{"customerName":"Ada Lovelace"}',
        muteAllMembers: false,
        ...profile,
    };
}
const GROUP2 = '500000000000002AAA';
/** A group tip (TIMGroupTipElem) in a group conversation, as the SDK delivers it in MESSAGE_RECEIVED. */
function groupTip(groupId: string, payload: Record<string, unknown>): Message {
    return {
        ...sdkMessage(20, ''),
        ID: `tip-${groupId}`,
        type: 'TIMGroupTipElem',
        to: groupId,
        conversationID: 'GROUP' + groupId,
        payload,
    } as unknown as Message;
}
/** A group system notice (TIMGroupSystemNoticeElem), delivered in the @TIM#SYSTEM conversation. */
function systemNotice(groupId: string, operationType: number): Message {
    return {
        ...sdkMessage(0, ''),
        ID: `notice-${groupId}`,
        type: 'TIMGroupSystemNoticeElem',
        to: '005000000000001AAA',
        conversationID: '@TIM#SYSTEM',
        payload: { operationType, groupProfile: { groupID: groupId, name: 'x' } },
    } as unknown as Message;
}

function setup() {
    const chat = new FakeChat();
    const engineLogins: LoginParams[] = [];
    const created: unknown[] = [];
    const sdk = {
        TencentCloudChat: {
            create: (o: unknown) => {
                created.push(o);
                return chat;
            },
            EVENT,
            TYPES: { CONV_GROUP: 'GROUP' },
        },
        GroupModule: GROUP_MODULE,
        TUIChatEngine: {
            login: async (p: LoginParams) => {
                engineLogins.push(p);
                await (p.chat as FakeChat).login({ userID: p.userID, userSig: p.userSig });
                chat.ready = true;
                chat.emit(EVENT.SDK_READY, null);
                return {};
            },
            logout: async () => chat.logout(),
        },
    } as unknown as TencentSdk;
    const loads = { n: 0 };
    const client = new TencentChatClient(async () => {
        loads.n++;
        return sdk;
    });
    const events: Array<[string, unknown]> = [];
    client.on('connectionState', (s) => events.push(['connectionState', s]));
    client.on('kickedOut', (r) => events.push(['kickedOut', r]));
    client.on('sessionExpiring', () => events.push(['sessionExpiring', null]));
    client.on('message', (m) => events.push(['message', m]));
    client.on('conversationsChanged', (c) => events.push(['conversationsChanged', c]));
    client.on('typing', (x) => events.push(['typing', x]));
    client.on('readReceipts', (x) => events.push(['readReceipts', x]));
    return { chat, client, engineLogins, created, events, loads };
}
const session = { sdkAppId: 1400000000, userId: '005000000000001AAA', userSig: 'sig', expiresAt: 0 };

describe('TencentChatClient', () => {
    it('creates the SDK once, with the group module, and logs in through the engine with our instance and the upload plugin', async () => {
        const t = setup();
        await t.client.login(session);
        expect(t.created).toEqual([{ SDKAppID: 1400000000, modules: { 'group-module': GROUP_MODULE } }]);
        expect(t.engineLogins[0]).toMatchObject({
            SDKAppID: 1400000000,
            userID: session.userId,
            userSig: 'sig',
            useUploadPlugin: true,
        });
        expect(t.engineLogins[0]?.chat).toBe(t.chat);
        expect(t.events).toEqual([
            ['connectionState', 'connecting'],
            ['connectionState', 'connected'],
        ]);
    });

    it("gives the session's proxy endpoints to the SDK, and creates a new SDK instance when they change", async () => {
        const t = setup();
        const endpoints = { proxyServer: 'wss://im-proxy.example.com', fileUploadProxy: 'https://files.example.com' };
        await t.client.login({ ...session, endpoints });
        expect(t.created).toEqual([{ SDKAppID: 1400000000, ...endpoints, modules: { 'group-module': GROUP_MODULE } }]);
        await t.client.login({ ...session, userSig: 'sig2', endpoints });
        expect(t.created).toHaveLength(1);
        await t.client.login({ ...session, userSig: 'sig3', endpoints: { proxyServer: 'wss://other.example.com' } });
        expect(t.created).toHaveLength(2);
    });

    it('renews by logging out and in again with the new UserSig', async () => {
        const t = setup();
        await t.client.login(session);
        await t.client.login({ ...session, userSig: 'sig2' });
        expect(t.created).toHaveLength(1);
        expect(t.loads.n).toBe(1);
        expect(t.chat.calls.filter((c) => c[0] === 'login' || c[0] === 'logout').map((c) => c[0])).toEqual([
            'login',
            'logout',
            'login',
        ]);
        expect(t.engineLogins[1]?.userSig).toBe('sig2');
    });

    it('maps conversations (group only) with case meta from the group', async () => {
        const t = setup();
        await t.client.login(session);
        expect(await t.client.conversations()).toEqual([
            {
                groupId: GROUP,
                groupName: '00001001 Cannot log in',
                caseNumber: '00001001',
                subject: 'Cannot log in',
                customerName: 'Ada Lovelace',
                customerId: '',
                unread: 3,
                lastText: 'last',
                lastTime: 1_763_600_100_000,
                lastFrom: '',
                muted: false,
            },
        ]);
    });

    it('pages messages with the conversation id and cursor, times in ms', async () => {
        const t = setup();
        await t.client.login(session);
        const first = await t.client.getMessages(GROUP, null);
        expect(t.chat.calls.find((c) => c[0] === 'getMessageList')?.[1]).toEqual({ conversationID: 'GROUP' + GROUP });
        expect(first).toMatchObject({ cursor: 'next-1', done: false });
        expect(first.messages).toHaveLength(1); // the group tip is a control signal, not a chat message
        expect(first.messages[0]).toMatchObject({
            seq: 11,
            time: 1_763_600_000_000,
            nick: 'Ada',
            body: { kind: 'text', text: 'hi' },
            mine: false,
        });
        await t.client.getMessages(GROUP, 'next-1');
        expect(t.chat.calls.filter((c) => c[0] === 'getMessageList')[1]?.[1]).toEqual({
            conversationID: 'GROUP' + GROUP,
            nextReqMessageID: 'next-1',
        });
    });

    it('holds a message request made while the SDK is still logging in until SDK_READY (the SDK would refuse it)', async () => {
        const t = setup();
        await t.client.login(session);
        t.chat.ready = false; // e.g. the conversation list arrived before SDK_READY after a re-login
        let settled = false;
        const page = t.client.getMessages(GROUP, null).then((p) => {
            settled = true;
            return p;
        });
        await new Promise((r) => setTimeout(r, 0));
        expect(settled).toBe(false);
        expect(t.chat.calls.some((c) => c[0] === 'getMessageList')).toBe(false);
        t.chat.ready = true;
        t.chat.emit(EVENT.SDK_READY, null);
        expect((await page).messages).toHaveLength(1);
    });

    it('sends text to the group, returns the accepted message and resends failed ones', async () => {
        const t = setup();
        await t.client.login(session);
        const sent = await t.client.sendText(GROUP, 'hello', 'c1');
        expect(t.chat.calls.find((c) => c[0] === 'createTextMessage')?.[1]).toEqual({
            to: GROUP,
            conversationType: 'GROUP',
            payload: { text: 'hello' },
            needReadReceipt: true,
        });
        expect(sent).toMatchObject({ seq: 42, clientId: 'c1', delivery: 'sent', mine: true });
        t.chat.sendResult = 'fail';
        await expect(t.client.sendText(GROUP, 'again', 'c2')).rejects.toThrow('network');
        const resent = await t.client.resend('c2');
        expect(resent).toMatchObject({ seq: 43, clientId: 'c2' });
        await expect(t.client.resend('c2')).rejects.toThrow();
    });

    it('asks for a new session when a call fails with an expired UserSig', async () => {
        const t = setup();
        await t.client.login(session);
        t.chat.sendResult = 'sigExpired';
        await expect(t.client.sendText(GROUP, 'x', 'c1')).rejects.toThrow();
        expect(t.events.some((e) => e[0] === 'sessionExpiring')).toBe(true);
    });

    it('creates image and file messages from the chosen File', async () => {
        const t = setup();
        await t.client.login(session);
        const file = new File(['x'], 'a.png', { type: 'image/png' });
        await t.client.sendFile(GROUP, { kind: 'image', file }, 'c1');
        await t.client.sendFile(GROUP, { kind: 'file', file }, 'c2');
        expect(t.chat.calls.find((c) => c[0] === 'createImageMessage')?.[1]).toEqual({
            to: GROUP,
            conversationType: 'GROUP',
            payload: { file },
            needReadReceipt: true,
        });
        expect(t.chat.calls.some((c) => c[0] === 'createFileMessage')).toBe(true);
    });

    it("shows our just-sent image from its uploaded URL, through the session's download proxy", async () => {
        const t = setup();
        await t.client.login({ ...session, endpoints: { fileDownloadProxy: 'http://127.0.0.1:9/files-proxy' } });
        const file = new File(['x'], 'a.png', { type: 'image/png' });
        const sent = await t.client.sendFile(GROUP, { kind: 'image', file }, 'c1');
        expect(sent.body).toEqual({ kind: 'image', url: 'http://127.0.0.1:9/files-proxy/files/k.png', name: 'image' });
    });

    it('maps SDK events: messages, conversation updates, network state and kicks', async () => {
        const t = setup();
        await t.client.login(session);
        t.events.length = 0;
        t.chat.emit(EVENT.MESSAGE_RECEIVED, [
            sdkMessage(12, 'live'),
            { ...sdkMessage(1, 'c2c'), conversationID: 'C2Cx' },
        ]);
        t.chat.emit(EVENT.CONVERSATION_LIST_UPDATED, [conversation()]);
        t.chat.emit(EVENT.NET_STATE_CHANGE, { state: 'connecting' });
        t.chat.emit(EVENT.NET_STATE_CHANGE, { state: 'disconnected' });
        t.chat.emit(EVENT.KICKED_OUT, { type: 'multipleDevice' });
        t.chat.emit(EVENT.KICKED_OUT, { type: 'REST_API_Kick' });
        expect(
            t.events.map((e) =>
                e[0] === 'message'
                    ? ['message', (e[1] as { seq: number }).seq]
                    : e[0] === 'conversationsChanged'
                      ? ['conv', (e[1] as unknown[]).length]
                      : e,
            ),
        ).toEqual([
            ['message', 12],
            ['conv', 1],
            ['connectionState', 'reconnecting'],
            ['connectionState', 'offline'],
            ['connectionState', 'offline'],
            ['kickedOut', 'multipleDevice'],
            ['connectionState', 'offline'],
            ['kickedOut', 'restApi'],
        ]);
    });

    it('lists only groups the agent is still a member of (the SDK keeps conversations after removal)', async () => {
        const t = setup();
        t.chat.conversations = [conversation(GROUP), conversation(GROUP2)];
        t.chat.groups = [sdkGroup(GROUP2)];
        await t.client.login(session);
        expect((await t.client.conversations()).map((c) => c.groupId)).toEqual([GROUP2]);
    });

    it('falls back to the conversation list when the group list is unavailable', async () => {
        const t = setup();
        t.chat.groups = 'noModule';
        await t.client.login(session);
        expect((await t.client.conversations()).map((c) => c.groupId)).toEqual([GROUP]);
    });

    it('announces the complete list without a group GROUP_LIST_UPDATED no longer has', async () => {
        const t = setup();
        t.chat.conversations = [conversation(GROUP), conversation(GROUP2)];
        t.chat.groups = [sdkGroup(GROUP), sdkGroup(GROUP2)];
        await t.client.login(session);
        await t.client.conversations();
        t.events.length = 0;
        t.chat.emit(EVENT.GROUP_LIST_UPDATED, [sdkGroup(GROUP2)]);
        expect(t.events).toEqual([['conversationsChanged', [expect.objectContaining({ groupId: GROUP2 })]]]);
        // The SDK still sends the stale conversation in its next conversation list: it stays filtered out.
        t.chat.emit(EVENT.CONVERSATION_LIST_UPDATED, [conversation(GROUP), conversation(GROUP2)]);
        expect((t.events.at(-1)?.[1] as Array<{ groupId: string }>).map((c) => c.groupId)).toEqual([GROUP2]);
    });

    it('drops a conversation at once on a "kicked out" tip naming the agent or a "group dismissed" notice', async () => {
        const t = setup();
        t.chat.conversations = [conversation(GROUP), conversation(GROUP2)];
        t.chat.groups = [sdkGroup(GROUP), sdkGroup(GROUP2)];
        await t.client.login(session);
        await t.client.conversations();
        t.events.length = 0;
        t.chat.emit(EVENT.MESSAGE_RECEIVED, [
            groupTip(GROUP, { operationType: 3, userIDList: ['005000000000009AAA'] }),
        ]);
        expect(t.events).toEqual([]); // someone else was removed: nothing changes, and a tip is not a chat message
        t.chat.emit(EVENT.MESSAGE_RECEIVED, [groupTip(GROUP, { operationType: 3, userIDList: [session.userId] })]);
        expect(t.events).toEqual([['conversationsChanged', [expect.objectContaining({ groupId: GROUP2 })]]]);
        t.chat.emit(EVENT.MESSAGE_RECEIVED, [systemNotice(GROUP2, 5)]);
        expect(t.events.at(-1)).toEqual(['conversationsChanged', []]);
        expect(t.events.some((e) => e[0] === 'message')).toBe(false);
    });

    it('carries the group mute state: profile muteAllMembers, then mute tips', async () => {
        const t = setup();
        t.chat.conversations = [conversation(GROUP, { muteAllMembers: true })];
        t.chat.groups = 'noModule';
        await t.client.login(session);
        expect((await t.client.conversations())[0]?.muted).toBe(true);
        t.chat.groups = [sdkGroup(GROUP, { muteAllMembers: false })];
        t.chat.emit(EVENT.GROUP_LIST_UPDATED, t.chat.groups);
        expect((t.events.at(-1)?.[1] as Array<{ muted: boolean }>)[0]?.muted).toBe(false);
        t.events.length = 0;
        t.chat.emit(EVENT.MESSAGE_RECEIVED, [
            groupTip(GROUP, { operationType: 6, newGroupProfile: { muteAllMembers: true } }),
        ]);
        expect(t.events).toEqual([
            ['conversationsChanged', [expect.objectContaining({ groupId: GROUP, muted: true })]],
        ]);
        t.chat.emit(EVENT.MESSAGE_RECEIVED, [
            groupTip(GROUP, { operationType: 6, newGroupProfile: { muteAllMembers: true } }),
        ]);
        expect(t.events).toHaveLength(1); // no change, no announcement
    });

    it('reads case meta from the group introduction of the group list when the conversation lacks it', async () => {
        const t = setup();
        const introduction = JSON.stringify({
            caseNumber: '00001007',
            subject: 'Printer',
            customerName: 'Alan',
            customerId: 'cust_alan',
        });
        t.chat.conversations = [conversation(GROUP, { name: '', introduction: '' })];
        t.chat.groups = [sdkGroup(GROUP, { name: '00001007 Printer', introduction })];
        await t.client.login(session);
        expect((await t.client.conversations())[0]).toMatchObject({
            caseNumber: '00001007',
            subject: 'Printer',
            customerName: 'Alan',
            customerId: 'cust_alan',
        });
    });

    it('marks a group read and logs out by destroying the instance', async () => {
        const t = setup();
        await t.client.login(session);
        await t.client.markRead(GROUP);
        expect(t.chat.calls.find((c) => c[0] === 'setMessageRead')?.[1]).toEqual({ conversationID: 'GROUP' + GROUP });
        await t.client.logout();
        expect(t.chat.calls.slice(-2).map((c) => c[0])).toEqual(['logout', 'destroy']);
        await expect(t.client.conversations()).rejects.toThrow('Not logged in');
    });

    it('turns typing signals (online-only custom messages) into typing events, never messages', async () => {
        const t = setup();
        await t.client.login(session);
        const signal = (typingStatus: number, from = 'cust_ada'): Message =>
            ({
                ...sdkMessage(0, ''),
                ID: `t${typingStatus}`,
                from,
                type: 'TIMCustomElem',
                payload: { data: JSON.stringify({ businessID: 'user_typing_status', typingStatus, version: 1 }) },
            }) as unknown as Message;
        t.chat.emit(EVENT.MESSAGE_RECEIVED, [signal(1), signal(0), signal(1, session.userId)]);
        expect(t.events.filter((e) => e[0] === 'message')).toEqual([]);
        expect(t.events.filter((e) => e[0] === 'typing').map((e) => e[1])).toEqual([
            { groupId: GROUP, from: 'cust_ada', nick: 'Ada', typing: true },
            { groupId: GROUP, from: 'cust_ada', nick: 'Ada', typing: false },
        ]);
        await t.client.sendTyping(GROUP, true);
        expect(t.chat.calls.find((c) => c[0] === 'createCustomMessage')?.[1]).toMatchObject({
            to: GROUP,
            payload: { data: JSON.stringify({ businessID: 'user_typing_status', typingStatus: 1, version: 1 }) },
        });
        expect(t.chat.calls.find((c) => c[0] === 'sendOptions')?.[1]).toEqual({ onlineUserOnly: true });
    });

    it('asks for read receipts of sent messages and reports delivered, then read', async () => {
        const t = setup();
        await t.client.login(session);
        await t.client.sendText(GROUP, 'hello', 'c1');
        await Promise.resolve();
        expect(t.chat.calls.filter((c) => c[0] === 'getMessageReadReceiptList')).toEqual([
            ['getMessageReadReceiptList', ['local-1']],
        ]);
        t.chat.emit(EVENT.MESSAGE_READ_RECEIPT_RECEIVED, [
            { groupID: GROUP, messageID: 'local-1', readCount: 1, unreadCount: 0 },
            { groupID: GROUP, messageID: 'unknown', readCount: 1, unreadCount: 0 },
        ]);
        expect(t.events.filter((e) => e[0] === 'readReceipts').map((e) => e[1])).toEqual([
            { groupId: GROUP, states: [{ seq: 42, state: 'delivered' }] },
            { groupId: GROUP, states: [{ seq: 42, state: 'read' }] },
        ]);
    });

    it('stops asking for read receipts where the edition has none', async () => {
        const t = setup();
        await t.client.login(session);
        t.chat.receipts = 'unavailable';
        await t.client.sendText(GROUP, 'one', 'c1');
        await Promise.resolve();
        await t.client.sendText(GROUP, 'two', 'c2');
        await Promise.resolve();
        expect(t.chat.calls.filter((c) => c[0] === 'getMessageReadReceiptList')).toHaveLength(1);
        expect(t.events.filter((e) => e[0] === 'readReceipts')).toEqual([]);
    });

    it('reads display names from the profiles, leaving out users without one', async () => {
        const t = setup();
        await t.client.login(session);
        expect([...(await t.client.displayNames(['005B', '005C']))]).toEqual([['005B', 'Bob Agent']]);
        expect(t.chat.calls.find((c) => c[0] === 'getUserProfile')?.[1]).toEqual({ userIDList: ['005B', '005C'] });
    });
});
