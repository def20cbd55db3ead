import type { Message } from '@tencentcloud/chat';
import type { ChatClient, ChatClientEvent, ChatClientEvents } from '../chat-client';
import type { ChatConversation, ChatMessage, ChatSession, MessagePage, OutgoingFile } from '../chat-types';
import { EventHub } from '../event-hub';
import type { CreateOptions, TencentChat, TencentSdk, TencentSdkLoader } from './tencent-sdk';
import { GROUP_PREFIX, mapConversation, mapKickReason, mapMessage } from './tencent-mapping';
import { GroupMembership, MSG_GROUP_SYSTEM_NOTICE, MSG_GROUP_TIP, type SdkGroupLike } from './group-membership';
import { ReadReceiptTracker } from './read-receipt-tracker';
import { decodeTyping, encodeTyping } from '../typing-signal';

/** Tencent error codes meaning "the UserSig is expired/invalid": renew the session. */
const SIG_EXPIRED_CODES = new Set([70001, 70003, 70009, 70013]);

interface SdkEvent {
    data?: unknown;
}

/**
 * ChatClient over the Tencent Cloud Chat Web SDK. The chat-uikit-engine does the login lifecycle
 * (upload plugin, waiting for SDK_READY); data calls go to the SDK's typed API directly.
 *
 * Conversations: the SDK keeps a group conversation after the user was removed from the group, so every list this
 * client returns or announces is the SDK's conversation list filtered by GroupMembership (the SDK's group list,
 * kicked-out / dismissed tips and notices) and carries the group's mute state. `conversationsChanged` is always the
 * complete list. Group tips and system notices are control signals, not chat messages: they are not emitted.
 */
export class TencentChatClient implements ChatClient {
    private readonly hub = new EventHub();
    private sdk: TencentSdk | null = null;
    private chat: TencentChat | null = null;
    private sdkAppId = 0;
    /** The SDK proxy endpoints the current SDK instance was created with (JSON), to notice a change. */
    private endpointsKey = '';
    private downloadProxy = '';
    private userId = '';
    private everConnected = false;
    /** SDK message objects of our failed sends, by our client id (resendMessage needs the original). */
    private readonly unsent = new Map<string, Message>();
    private membership = new GroupMembership(() => this.userId);
    /** The SDK's last complete conversation list (mapped), before the membership filter; null until loaded. */
    private lastConversations: ChatConversation[] | null = null;
    private readonly receipts = new ReadReceiptTracker((r) => this.hub.emit('readReceipts', r));
    /** Calls waiting for SDK_READY: the SDK refuses data calls while it is still logging in (code 3000). */
    private readyWaiters: Array<() => void> = [];

    constructor(private readonly loadSdk: TencentSdkLoader) {}

    on<E extends ChatClientEvent>(event: E, handler: ChatClientEvents[E]): () => void {
        return this.hub.on(event, handler);
    }

    async login(session: ChatSession): Promise<void> {
        const sdk = this.sdk ?? (this.sdk = await this.loadSdk());
        const endpointsKey = JSON.stringify(session.endpoints ?? {});
        if (this.chat && (this.sdkAppId !== session.sdkAppId || this.endpointsKey !== endpointsKey))
            await this.destroyChat();
        if (!this.chat) {
            // The ESM build has no group support built in: register the group module (group list, profiles, tips).
            // proxyServer / fileUploadProxy / fileDownloadProxy are the SDK's documented options for a proxy.
            this.chat = sdk.TencentCloudChat.create({
                SDKAppID: session.sdkAppId,
                ...session.endpoints,
                modules: { 'group-module': sdk.GroupModule },
            } as CreateOptions);
            this.sdkAppId = session.sdkAppId;
            this.endpointsKey = endpointsKey;
            this.downloadProxy = session.endpoints?.fileDownloadProxy ?? '';
            this.bind(this.chat, sdk);
        }
        // The Web SDK has no "renew" call: a new UserSig means logging in again.
        if (this.userId && this.chat.isReady()) await sdk.TUIChatEngine.logout();
        this.userId = session.userId;
        this.hub.emit('connectionState', this.everConnected ? 'reconnecting' : 'connecting');
        try {
            await sdk.TUIChatEngine.login({
                chat: this.chat,
                SDKAppID: session.sdkAppId,
                userID: session.userId,
                userSig: session.userSig,
                useUploadPlugin: true,
            });
        } catch (e) {
            if (SIG_EXPIRED_CODES.has(errorCode(e))) this.hub.emit('sessionExpiring');
            this.hub.emit('connectionState', 'offline');
            throw e;
        }
    }

    async logout(): Promise<void> {
        if (!this.chat || !this.sdk) return;
        try {
            await this.sdk.TUIChatEngine.logout();
        } finally {
            await this.destroyChat();
            this.userId = '';
        }
    }

    async conversations(): Promise<ChatConversation[]> {
        const chat = this.requireChat();
        const res = (await chat.getConversationList()) as { data?: { conversationList?: unknown[] } };
        const list = (res.data?.conversationList ?? []) as Parameters<typeof mapConversation>[0][];
        if (!this.membership.knowsGroupList) await this.refreshGroupList(chat);
        this.lastConversations = list.map(mapConversation).filter((c): c is ChatConversation => c !== null);
        return this.membership.filter(this.lastConversations);
    }

    /** Loads the SDK's group list (joined groups + profiles). Without it nothing is filtered by membership. */
    private async refreshGroupList(chat: TencentChat): Promise<void> {
        try {
            const res = (await chat.getGroupList()) as { data?: { groupList?: unknown } };
            const groups = res.data?.groupList;
            if (Array.isArray(groups)) this.membership.applyGroupList(groups as SdkGroupLike[]);
        } catch {
            // Group module unavailable or not ready yet: GROUP_LIST_UPDATED will bring the list.
        }
    }

    /** Announces the complete current list (after a conversation, group-list, tip or notice change). */
    private announceConversations(): void {
        if (this.lastConversations === null) return;
        this.hub.emit('conversationsChanged', this.membership.filter(this.lastConversations));
    }

    /** Resolves once the SDK is ready (at once when it is); released, to fail as usual, if the client is destroyed. */
    private whenReady(chat: TencentChat): Promise<void> {
        if (chat.isReady()) return Promise.resolve();
        return new Promise((resolve) => this.readyWaiters.push(resolve));
    }

    private releaseReadyWaiters(): void {
        const waiters = this.readyWaiters;
        this.readyWaiters = [];
        for (const resolve of waiters) resolve();
    }

    async getMessages(groupId: string, cursor: string | null): Promise<MessagePage> {
        // The conversation list can arrive (CONVERSATION_LIST_UPDATED) before SDK_READY; the messages cannot.
        await this.whenReady(this.requireChat());
        const options: { conversationID: string; nextReqMessageID?: string } = {
            conversationID: GROUP_PREFIX + groupId,
        };
        if (cursor) options.nextReqMessageID = cursor;
        const res = (await this.requireChat().getMessageList(options)) as {
            data?: { messageList?: Message[]; nextReqMessageID?: string; isCompleted?: boolean };
        };
        const data = res.data ?? {};
        const list = (data.messageList ?? []).filter((m) => !isControlMessage(m) && typingOf(m) === null);
        void this.receipts.track(this.requireChat(), list);
        return {
            // Group tips, system notices and typing signals are not chat messages (as for MESSAGE_RECEIVED).
            messages: list.map((m) => mapMessage(m, this.userId)),
            cursor: data.nextReqMessageID || null,
            done: data.isCompleted !== false,
        };
    }

    async sendText(groupId: string, text: string, clientId: string): Promise<ChatMessage> {
        const chat = this.requireChat();
        // Every message asks for a read receipt; where the edition has none, the service ignores the request.
        const message = chat.createTextMessage({
            to: groupId,
            conversationType: this.groupType(),
            payload: { text },
            needReadReceipt: true,
        });
        return this.deliver(clientId, message, () => chat.sendMessage(message));
    }

    async sendFile(groupId: string, outgoing: OutgoingFile, clientId: string): Promise<ChatMessage> {
        const chat = this.requireChat();
        const options = {
            to: groupId,
            conversationType: this.groupType(),
            payload: { file: outgoing.file },
            needReadReceipt: true,
        };
        const message = outgoing.kind === 'image' ? chat.createImageMessage(options) : chat.createFileMessage(options);
        return this.deliver(clientId, message, () => chat.sendMessage(message));
    }

    async resend(clientId: string): Promise<ChatMessage> {
        const message = this.unsent.get(clientId);
        if (!message) throw new Error('Nothing to resend for ' + clientId);
        const chat = this.requireChat();
        return this.deliver(clientId, message, () => chat.resendMessage(message));
    }

    async markRead(groupId: string): Promise<void> {
        await this.requireChat().setMessageRead({ conversationID: GROUP_PREFIX + groupId });
    }

    async sendTyping(groupId: string, typing: boolean): Promise<void> {
        const chat = this.requireChat();
        const message = chat.createCustomMessage({
            to: groupId,
            conversationType: this.groupType(),
            payload: { data: encodeTyping(typing), description: '', extension: '' },
        });
        await chat.sendMessage(message, { onlineUserOnly: true });
    }

    async displayNames(userIds: readonly string[]): Promise<Map<string, string>> {
        const names = new Map<string, string>();
        if (userIds.length === 0) return names;
        const res = (await this.requireChat().getUserProfile({ userIDList: [...userIds] })) as { data?: unknown };
        for (const p of Array.isArray(res.data) ? (res.data as Array<{ userID?: unknown; nick?: unknown }>) : []) {
            if (typeof p.userID === 'string' && typeof p.nick === 'string' && p.nick.trim())
                names.set(p.userID, p.nick.trim().slice(0, 100));
        }
        return names;
    }

    private async deliver(clientId: string, message: Message, send: () => Promise<unknown>): Promise<ChatMessage> {
        try {
            const res = (await send()) as { data?: { message?: Message } };
            this.unsent.delete(clientId);
            const accepted = res.data?.message ?? message;
            void this.receipts.track(this.requireChat(), [accepted]);
            return this.viaDownloadProxy(mapMessage(accepted, this.userId, clientId));
        } catch (e) {
            this.unsent.set(clientId, message);
            if (SIG_EXPIRED_CODES.has(errorCode(e))) this.hub.emit('sessionExpiring');
            throw e;
        }
    }

    /**
     * The SDK applies `fileDownloadProxy` to the files it shows, but not to the uploaded URL of a file we just sent:
     * swap that URL's origin for the proxy the same way.
     */
    private viaDownloadProxy(message: ChatMessage): ChatMessage {
        const proxy = this.downloadProxy;
        const body = message.body;
        if (!proxy || (body.kind !== 'image' && body.kind !== 'file') || body.url.startsWith(proxy)) return message;
        return { ...message, body: { ...body, url: body.url.replace(/^https?:\/\/[^/]+/, proxy) } };
    }

    private groupType(): never {
        // TYPES.CONV_GROUP === 'GROUP'; typed as the SDK's enum member.
        return this.requireSdk().TencentCloudChat.TYPES.CONV_GROUP as never;
    }

    private requireChat(): TencentChat {
        if (!this.chat) throw new Error('Not logged in');
        return this.chat;
    }

    private requireSdk(): TencentSdk {
        if (!this.sdk) throw new Error('Not logged in');
        return this.sdk;
    }

    private bind(chat: TencentChat, sdk: TencentSdk): void {
        const EVENT = sdk.TencentCloudChat.EVENT;
        chat.on(EVENT.SDK_READY, () => {
            this.everConnected = true;
            this.releaseReadyWaiters();
            this.hub.emit('connectionState', 'connected');
            void this.refreshGroupList(chat).then(() => this.announceConversations());
        });
        chat.on(EVENT.SDK_NOT_READY, () => this.hub.emit('connectionState', 'offline'));
        chat.on(EVENT.NET_STATE_CHANGE, (e: SdkEvent) => {
            const state = (e.data as { state?: string } | undefined)?.state;
            if (state === 'connected') this.hub.emit('connectionState', 'connected');
            else if (state === 'connecting')
                this.hub.emit('connectionState', this.everConnected ? 'reconnecting' : 'connecting');
            else if (state === 'disconnected') this.hub.emit('connectionState', 'offline');
        });
        chat.on(EVENT.KICKED_OUT, (e: SdkEvent) => {
            const reason = mapKickReason((e.data as { type?: unknown } | undefined)?.type);
            this.hub.emit('connectionState', 'offline');
            this.hub.emit('kickedOut', reason);
        });
        chat.on(EVENT.MESSAGE_RECEIVED, (e: SdkEvent) => {
            const list = Array.isArray(e.data) ? (e.data as Message[]) : [];
            let membershipChanged = false;
            for (const m of list) {
                const type = m.type as unknown as string;
                const typing = typingOf(m);
                if (type === MSG_GROUP_TIP || type === MSG_GROUP_SYSTEM_NOTICE) {
                    if (this.membership.applyControlMessage(m)) membershipChanged = true;
                } else if (typing !== null) {
                    if (m.from !== this.userId && m.conversationID.startsWith(GROUP_PREFIX))
                        this.hub.emit('typing', { groupId: m.to, from: m.from, nick: m.nick || '', typing });
                } else if (m.conversationID.startsWith(GROUP_PREFIX)) {
                    this.hub.emit('message', mapMessage(m, this.userId));
                }
            }
            if (membershipChanged) this.announceConversations();
        });
        chat.on(EVENT.MESSAGE_READ_RECEIPT_RECEIVED, (e: SdkEvent) => this.receipts.received(e.data));
        chat.on(EVENT.CONVERSATION_LIST_UPDATED, (e: SdkEvent) => {
            const list = Array.isArray(e.data) ? (e.data as Parameters<typeof mapConversation>[0][]) : [];
            this.lastConversations = list.map(mapConversation).filter((c): c is ChatConversation => c !== null);
            this.announceConversations();
        });
        chat.on(EVENT.GROUP_LIST_UPDATED, (e: SdkEvent) => {
            if (!Array.isArray(e.data)) return;
            this.membership.applyGroupList(e.data as SdkGroupLike[]);
            this.announceConversations();
        });
    }

    private async destroyChat(): Promise<void> {
        const chat = this.chat;
        this.chat = null;
        this.membership = new GroupMembership(() => this.userId);
        this.lastConversations = null;
        this.receipts.reset();
        this.releaseReadyWaiters();
        if (chat) await chat.destroy();
    }
}

function isControlMessage(m: Message): boolean {
    const type = m.type as unknown as string;
    return type === MSG_GROUP_TIP || type === MSG_GROUP_SYSTEM_NOTICE;
}

/** A typing signal (an online-only custom message), or null for anything else. */
function typingOf(m: Message): boolean | null {
    if ((m.type as unknown as string) !== 'TIMCustomElem') return null;
    return decodeTyping((m.payload as { data?: unknown } | undefined)?.data);
}

function errorCode(e: unknown): number {
    const code = (e as { code?: unknown } | null)?.code;
    return typeof code === 'number' ? code : Number(code) || 0;
}
