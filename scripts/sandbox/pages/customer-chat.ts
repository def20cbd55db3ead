/// <reference lib="dom" />
/**
 * The customer page's chat: the REAL Tencent Chat Web SDK (`@tencentcloud/chat`, the `tencent-sdk.js` that ships in
 * tim_bar, loaded by the page with a plain <script>), logged in as the customer with the UserSig and the SDK proxy
 * endpoints from `POST /v1/tickets`, like a customer's app. In the sandbox the endpoints point at the fake's gateway.
 * SDK messages are handed to the page in the relay's message form (seq, from, time in ms, elements).
 */
import type { MessageElement, RelayMessage } from '../http-clients.js';
import { decodeTyping, encodeTyping } from '../../../lwc-src/src/chat/typing-signal.js';

/** A group message in the relay's message form plus its group. */
export type WireMessage = RelayMessage & { groupId: string };

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
export type ClosedKind = 'muted' | 'dismissed' | null;

/** What of the ticket answer the SDK needs. */
export interface ChatLogin {
    sdkAppId: number;
    customerId: string;
    userSig: string;
    groupId: string;
    proxyServer?: string;
    fileUploadProxy?: string;
    fileDownloadProxy?: string;
}

export interface CustomerChatHandlers {
    onState(state: ConnectionState, detail?: string): void;
    onMessage(m: WireMessage): void;
    /** The group's state changed: muted (case closed), gone (dismissed / deleted), or open again. */
    onClosed(kind: ClosedKind): void;
    /** Support started or stopped typing (an online-only signal, never a message); `nick` may be ''. */
    onTyping(from: string, nick: string, typing: boolean): void;
}

export class ChatError extends Error {
    constructor(
        message: string,
        readonly code: number,
    ) {
        super(message);
    }
}

// ---- the few SDK shapes the page reads (the SDK's own .d.ts types them for the widget) -----------------------
interface SdkMessage {
    ID: string;
    nick?: string;
    needReadReceipt?: boolean;
    conversationID: string;
    type: string;
    payload?: Record<string, unknown>;
    from: string;
    time: number;
    sequence: number;
    random: number;
}
interface SdkGroup {
    groupID: string;
    muteAllMembers?: boolean;
}
interface SdkEvent {
    data?: unknown;
}
interface SdkChat {
    setLogLevel(level: number): void;
    on(event: string, handler: (e: SdkEvent) => void): void;
    login(o: { userID: string; userSig: string }): Promise<unknown>;
    logout(): Promise<unknown>;
    destroy(): Promise<unknown>;
    getGroupList(): Promise<{ data: { groupList: SdkGroup[] } }>;
    getMessageList(o: {
        conversationID: string;
        nextReqMessageID?: string;
    }): Promise<{ data: { messageList: SdkMessage[]; nextReqMessageID: string; isCompleted: boolean } }>;
    createTextMessage(o: { to: string; conversationType: string; payload: { text: string } }): unknown;
    createCustomMessage(o: {
        to: string;
        conversationType: string;
        payload: { data: string; description: string; extension: string };
    }): unknown;
    sendMessage(m: unknown, options?: { onlineUserOnly?: boolean }): Promise<{ data: { message: SdkMessage } }>;
    sendMessageReadReceipt(list: SdkMessage[]): Promise<unknown>;
    setMessageRead(o: { conversationID: string }): Promise<unknown>;
}
interface SdkGlobal {
    TencentCloudChat: {
        create(o: Record<string, unknown>): SdkChat;
        EVENT: Record<string, string>;
        TYPES: Record<string, string>;
    };
    GroupModule: unknown;
}

const GROUP_PREFIX = 'GROUP';
/** Group tip "group profile updated" and the system notices that mean the group is gone for this member. */
const TIP_GROUP_PROFILE_UPDATED = 6;
const GONE_NOTICES = new Set([4, 5, 8, 11]);

function sdkGlobal(): SdkGlobal {
    const sdk = (window as unknown as { TimTencentSdk?: SdkGlobal }).TimTencentSdk;
    if (!sdk) throw new Error('The Tencent Chat SDK did not load.');
    return sdk;
}

function errorCode(e: unknown): number {
    const code = (e as { code?: unknown } | null)?.code;
    return typeof code === 'number' ? code : Number(code) || 0;
}

export class CustomerChat {
    private chat: SdkChat | null = null;
    private everConnected = false;
    private readonly conversationID: string;
    /** Support's messages that asked for a read receipt and were not reported read yet. */
    private unreported = new Map<string, SdkMessage>();

    constructor(
        private readonly login: ChatLogin,
        private readonly handlers: CustomerChatHandlers,
    ) {
        this.conversationID = GROUP_PREFIX + login.groupId;
    }

    /** Creates the SDK pointed at the ticket's endpoints and logs in; messages and state follow on the handlers. */
    async start(): Promise<void> {
        const { TencentCloudChat, GroupModule } = sdkGlobal();
        const l = this.login;
        const chat = TencentCloudChat.create({
            SDKAppID: l.sdkAppId,
            modules: { 'group-module': GroupModule },
            ...(l.proxyServer ? { proxyServer: l.proxyServer } : {}),
            ...(l.fileUploadProxy ? { fileUploadProxy: l.fileUploadProxy } : {}),
            ...(l.fileDownloadProxy ? { fileDownloadProxy: l.fileDownloadProxy } : {}),
        });
        chat.setLogLevel(4); // errors only
        this.chat = chat;
        this.bind(chat, TencentCloudChat.EVENT);
        this.handlers.onState('connecting');
        try {
            await chat.login({ userID: l.customerId, userSig: l.userSig });
        } catch (e) {
            this.handlers.onState('offline', `Sign-in refused (${errorCode(e)}): ${(e as Error).message}`);
        }
    }

    async stop(): Promise<void> {
        const chat = this.chat;
        this.chat = null;
        if (!chat) return;
        await chat.logout().catch(() => undefined);
        await chat.destroy().catch(() => undefined);
    }

    /** Everything the customer may see in the ticket's group, oldest first (pages until the SDK says complete). */
    async messages(): Promise<WireMessage[]> {
        const chat = this.requireChat();
        const out: SdkMessage[] = [];
        let cursor: string | undefined;
        for (let i = 0; i < 50; i++) {
            const res = await chat.getMessageList(
                cursor
                    ? { conversationID: this.conversationID, nextReqMessageID: cursor }
                    : { conversationID: this.conversationID },
            );
            out.unshift(...res.data.messageList);
            if (res.data.isCompleted || !res.data.nextReqMessageID) break;
            cursor = res.data.nextReqMessageID;
        }
        const shown = out.filter((m) => !isControl(m) && typingOf(m) === null);
        for (const m of shown) this.noteForReceipt(m);
        return shown.map((m) => this.wire(m));
    }

    /**
     * The customer saw the conversation: reports Support's messages read (group read receipts, where the app's
     * edition has them) and clears the unread count. Failures are not the customer's concern: they are ignored.
     */
    async markSeen(): Promise<void> {
        const chat = this.chat;
        if (!chat || this.unreported.size === 0) return;
        const batch = [...this.unreported.values()];
        this.unreported = new Map();
        await chat.sendMessageReadReceipt(batch).catch(() => undefined);
        await chat.setMessageRead({ conversationID: this.conversationID }).catch(() => undefined);
    }

    /** Tells Support the customer is (or stopped) typing: an online-only message, never stored. */
    async sendTyping(typing: boolean): Promise<void> {
        const chat = this.chat;
        if (!chat) return;
        const { TYPES } = sdkGlobal().TencentCloudChat;
        const message = chat.createCustomMessage({
            to: this.login.groupId,
            conversationType: TYPES.CONV_GROUP ?? 'GROUP',
            payload: { data: encodeTyping(typing), description: '', extension: '' },
        });
        await chat.sendMessage(message, { onlineUserOnly: true }).catch(() => undefined);
    }

    private noteForReceipt(m: SdkMessage): void {
        if (m.from !== this.login.customerId && m.needReadReceipt === true) this.unreported.set(m.ID, m);
    }

    async sendText(text: string): Promise<WireMessage> {
        const chat = this.requireChat();
        const { TYPES } = sdkGlobal().TencentCloudChat;
        const message = chat.createTextMessage({
            to: this.login.groupId,
            conversationType: TYPES.CONV_GROUP ?? 'GROUP',
            payload: { text },
        });
        try {
            const res = await chat.sendMessage(message);
            return this.wire(res.data.message);
        } catch (e) {
            throw new ChatError((e as Error).message || 'not sent', errorCode(e));
        }
    }

    /** The group's current state from the SDK's group list (gone when the customer is no longer in it). */
    async groupState(): Promise<ClosedKind> {
        const res = await this.requireChat().getGroupList();
        const group = res.data.groupList.find((g) => g.groupID === this.login.groupId);
        return !group ? 'dismissed' : group.muteAllMembers ? 'muted' : null;
    }

    private requireChat(): SdkChat {
        if (!this.chat) throw new ChatError('Not connected', 0);
        return this.chat;
    }

    private bind(chat: SdkChat, EVENT: Record<string, string>): void {
        const on = (name: string, handler: (e: SdkEvent) => void): void => {
            const event = EVENT[name];
            if (event) chat.on(event, (e) => this.chat === chat && handler(e));
        };
        on('SDK_READY', () => {
            this.everConnected = true;
            this.handlers.onState('connected');
        });
        on('SDK_NOT_READY', () => this.handlers.onState('offline'));
        on('NET_STATE_CHANGE', (e) => {
            const state = (e.data as { state?: string } | undefined)?.state;
            if (state === 'connected') this.handlers.onState('connected');
            else if (state === 'connecting') this.handlers.onState(this.everConnected ? 'reconnecting' : 'connecting');
            else if (state === 'disconnected') this.handlers.onState('offline');
        });
        on('KICKED_OUT', () => this.handlers.onState('offline', 'This chat was opened in another window.'));
        on('MESSAGE_RECEIVED', (e) => {
            for (const m of Array.isArray(e.data) ? (e.data as SdkMessage[]) : []) {
                if (m.conversationID !== this.conversationID) continue;
                const typing = typingOf(m);
                if (typing !== null) {
                    if (m.from !== this.login.customerId) this.handlers.onTyping(m.from, m.nick ?? '', typing);
                } else if (!isControl(m)) {
                    this.noteForReceipt(m);
                    this.handlers.onMessage(this.wire(m));
                } else if (m.type === 'TIMGroupSystemNoticeElem' && GONE_NOTICES.has(Number(m.payload?.operationType)))
                    this.handlers.onClosed('dismissed');
                else if (
                    m.type === 'TIMGroupTipElem' &&
                    Number(m.payload?.operationType) === TIP_GROUP_PROFILE_UPDATED
                ) {
                    const changed = m.payload?.newGroupProfile as { muteAllMembers?: unknown } | undefined;
                    if (typeof changed?.muteAllMembers === 'boolean')
                        this.handlers.onClosed(changed.muteAllMembers ? 'muted' : null);
                }
            }
        });
        // Complete lists: the group missing = gone for the customer; present = joined again or still there.
        on('GROUP_LIST_UPDATED', (e) => {
            if (!Array.isArray(e.data)) return;
            const group = (e.data as SdkGroup[]).find((g) => g.groupID === this.login.groupId);
            this.handlers.onClosed(!group ? 'dismissed' : group.muteAllMembers ? 'muted' : null);
        });
    }

    private wire(m: SdkMessage): WireMessage {
        return {
            groupId: this.login.groupId,
            seq: m.sequence,
            random: m.random,
            from: m.from,
            time: m.time * 1000,
            elements: [this.element(m)],
        };
    }

    private element(m: SdkMessage): MessageElement {
        const p = m.payload ?? {};
        switch (m.type) {
            case 'TIMTextElem':
                return { type: 'text', text: typeof p.text === 'string' ? p.text : '' };
            case 'TIMImageElem': {
                const infos = Array.isArray(p.imageInfoArray) ? (p.imageInfoArray as Array<{ url?: unknown }>) : [];
                const url = infos
                    .map((i) => i.url)
                    .find((u): u is string => typeof u === 'string' && /^https?:/i.test(u));
                return { type: 'image', url: this.viaDownloadProxy(url ?? '') };
            }
            case 'TIMFileElem':
                return {
                    type: 'file',
                    url: this.viaDownloadProxy(typeof p.fileUrl === 'string' ? p.fileUrl : ''),
                    name: typeof p.fileName === 'string' ? p.fileName : 'file',
                };
            case 'TIMCustomElem':
                return { type: 'custom', data: typeof p.data === 'string' ? p.data : '' };
            default:
                return { type: m.type };
        }
    }

    /** File URLs are shown through the ticket's fileDownloadProxy (what the SDK does for what it maps itself). */
    private viaDownloadProxy(url: string): string {
        const proxy = this.login.fileDownloadProxy;
        if (!proxy || url === '' || url.startsWith(proxy)) return url;
        return url.replace(/^https?:\/\/[^/]+/, proxy);
    }
}

/** A typing signal (an online-only custom message), or null for anything else. */
function typingOf(m: SdkMessage): boolean | null {
    return m.type === 'TIMCustomElem' ? decodeTyping(m.payload?.data) : null;
}

function isControl(m: SdkMessage): boolean {
    return m.type === 'TIMGroupTipElem' || m.type === 'TIMGroupSystemNoticeElem';
}
