/// <reference lib="dom" />
/**
 * The customer page's chat: the REAL Tencent Chat Web SDK (`@tencentcloud/chat`, the `tencent-sdk.js` that ships in
 * tim_bar, loaded by the page with a plain <script>), logged in as the customer with the UserSig and the SDK proxy
 * endpoints from `POST /v1/tickets`, like a customer's app. In the sandbox the endpoints point at the fake's gateway.
 * SDK messages are handed to the page in the relay's message form (seq, from, time in ms, elements).
 */
import type { MessageElement, RelayMessage } from '../http-clients.js';

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
    sendMessage(m: unknown): Promise<{ data: { message: SdkMessage } }>;
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
        return out.filter((m) => !isControl(m)).map((m) => this.wire(m));
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
                if (!isControl(m)) this.handlers.onMessage(this.wire(m));
                else if (m.type === 'TIMGroupSystemNoticeElem' && GONE_NOTICES.has(Number(m.payload?.operationType)))
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

function isControl(m: SdkMessage): boolean {
    return m.type === 'TIMGroupTipElem' || m.type === 'TIMGroupSystemNoticeElem';
}
