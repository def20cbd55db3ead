import type { SdkEndpoints } from '../protocol/messages';

/** Chat data as the store and the UI see it, independent of any SDK. Times are epoch ms. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';
export type KickReason = 'multipleAccount' | 'multipleDevice' | 'userSigExpired' | 'restApi' | 'unknown';
export type DeliveryState = 'sending' | 'sent' | 'failed';
export type MessageOrigin = 'live' | 'history';

export type MessageBody =
    | { kind: 'text'; text: string }
    | { kind: 'image'; url: string; name: string }
    | { kind: 'file'; url: string; name: string; size: number }
    | { kind: 'custom'; data: string }
    | { kind: 'unsupported' };

export interface ChatMessage {
    groupId: string;
    /** Group message sequence; null while a message we send has not been accepted yet. */
    seq: number | null;
    /** Our own id for messages we send (delivery tracking), else the SDK's message id. */
    clientId: string;
    from: string;
    /** Display name the SDK knows for the sender ('' when unknown). */
    nick: string;
    mine: boolean;
    time: number;
    body: MessageBody;
    delivery: DeliveryState;
    origin: MessageOrigin;
}

/** What the relay put on the group (see docs/widget.md "Group metadata"). */
export interface CaseMeta {
    caseNumber: string;
    subject: string;
    customerName: string;
    customerId: string;
}

export interface ChatConversation extends CaseMeta {
    groupId: string;
    groupName: string;
    unread: number;
    lastText: string;
    lastTime: number;
    /**
     * Who wrote the last message the service shows this agent: '' when it shows none (e.g. every message was sent
     * before the agent joined a group that hides them); undefined when the client cannot say.
     */
    lastFrom?: string;
    /** Everyone is muted in the group (the case was closed with the Mute close action): read-only. */
    muted: boolean;
}

export interface MessagePage {
    /** Oldest first. */
    messages: ChatMessage[];
    /** Opaque cursor for the next-older page; null when there is none. */
    cursor: string | null;
    done: boolean;
}

export interface ChatSession {
    sdkAppId: number;
    userId: string;
    userSig: string;
    expiresAt: number;
    /** SDK proxy endpoints (relay settings; the sandbox's gateway); absent = Tencent's own. */
    endpoints?: SdkEndpoints;
}

/** How far the customer got with one of the agent's messages (group read receipts; see docs/widget.md). */
export type ReadState = 'delivered' | 'read';

/** Read receipts for some of the agent's messages in one conversation, by seq. */
export interface ReadReceipts {
    groupId: string;
    states: Array<{ seq: number; state: ReadState }>;
}

/** Someone else in the conversation started or stopped typing (an online-only signal, never a message). */
export interface TypingSignal {
    groupId: string;
    from: string;
    nick: string;
    typing: boolean;
}

export type OutgoingFile = { kind: 'image' | 'file'; file: File };
