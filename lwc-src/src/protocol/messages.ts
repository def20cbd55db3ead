/**
 * The widget ↔ host protocol, version 1 (docs/contracts.md "Widget ↔ host protocol").
 * Every message is an envelope `{protocol:"tim-bar", version:1, type, id?, payload}`.
 * The Aura host (force-app/main/default/aura/tim_utilities_bar) implements the same shapes in its helper.
 */
import type { QuickTextErrorPayload, QuickTextResultsPayload, QuickTextSearchPayload } from './quick-text';

export const PROTOCOL_NAME = 'tim-bar';
export const PROTOCOL_VERSION = 1;

export interface Envelope<T extends string, P> {
    protocol: typeof PROTOCOL_NAME;
    version: typeof PROTOCOL_VERSION;
    type: T;
    id?: string;
    payload: P;
}

// ---- widget → host -------------------------------------------------------------------------------
export type NeedSessionReason = 'initial' | 'expiring' | 'expired';

export interface WidgetPayloads {
    ready: Record<string, never>;
    needSession: { reason: NeedSessionReason };
    navigate: { recordId: string };
    unread: { count: number };
    needHistory: { caseId: string; beforeSeq: number | null };
    error: { code: string; message: string };
    quickTextSearch: QuickTextSearchPayload;
    /**
     * Something new the agent is not looking at (a conversation assigned, or a message while the utility is minimized,
     * the page hidden or another thread open): the host highlights the utility item and, when the agent turned them
     * on, shows a desktop notification with this title and body (plain text, in the agent's language).
     */
    attention: AttentionPayload;
    /** The agent opened a conversation in the visible widget: the host clears the highlight. */
    attentionSeen: Record<string, never>;
    /** The agent turned desktop notifications on or off (the host asks the browser's permission and remembers it). */
    setNotifications: { desktop: boolean };
}
export type AttentionKind = 'assigned' | 'message';
export interface AttentionPayload {
    kind: AttentionKind;
    /** The case to open when the agent clicks the notification (null: the group is not a Case id). */
    caseId: string | null;
    title: string;
    body: string;
}
export const ATTENTION_TITLE_MAX = 200;
export const ATTENTION_BODY_MAX = 500;
export type WidgetMessageType = keyof WidgetPayloads;
export type WidgetMessage = { [K in WidgetMessageType]: Envelope<K, WidgetPayloads[K]> }[WidgetMessageType];

// ---- host → widget -------------------------------------------------------------------------------
/**
 * Where the Tencent Web SDK connects when the deployment routes it through its own proxy (relay settings
 * TENCENT_SDK_PROXY_SERVER / _FILE_UPLOAD_PROXY / _FILE_DOWNLOAD_PROXY; the sandbox: the fake's gateway).
 * Given to the SDK's documented `create()` options of the same names. Absent = Tencent's own endpoints.
 */
export interface SdkEndpoints {
    proxyServer?: string;
    fileUploadProxy?: string;
    fileDownloadProxy?: string;
}

export interface SessionPayload extends SdkEndpoints {
    sdkAppId: number;
    userId: string;
    userSig: string;
    /** epoch ms */
    expiresAt: number;
    /** The Salesforce user's name and first name (Quick Text merge fields `{!User.Name}` / `{!User.FirstName}`). */
    userName?: string;
    userFirstName?: string;
}

export type HistoryElement =
    | { type: 'text'; text: string }
    | { type: 'image'; url: string; width: number; height: number }
    | { type: 'file'; url: string; name: string; size: number }
    | { type: 'custom'; data: string }
    | { type: 'unsupported' };

export interface HistoryMessage {
    seq: number;
    random: number;
    from: string;
    /** epoch ms */
    time: number;
    elements: HistoryElement[];
}

/** The relay's `GET /v1/groups/{groupId}/messages` page, oldest first. */
export interface HistoryPage {
    groupId: string;
    messages: HistoryMessage[];
    nextBefore: number | null;
    isFinished: boolean;
}

/**
 * The Salesforce user's language and formats (Aura `$Locale`): `language` is the user's language (`zh_CN`,
 * `en_US`), `locale` the user's locale for dates and numbers, `timeZone` an IANA zone (`Asia/Shanghai`).
 */
export interface LocalePayload {
    language: string;
    locale: string;
    timeZone: string;
}

/** Desktop notifications as the host can offer them: on/off (the agent's choice), blocked by the browser, or none. */
export type DesktopNotificationState = 'on' | 'off' | 'blocked' | 'unsupported';

export interface HostPayloads {
    session: SessionPayload;
    locale: LocalePayload;
    notifications: { desktop: DesktopNotificationState };
    /** The utility panel was opened (true) or minimized (false): a minimized widget is not being read. */
    utilityVisibility: { visible: boolean };
    focusCase: { caseId: string };
    history: { caseId: string; page: HistoryPage };
    sessionError: { message: string };
    historyError: { caseId: string; message: string };
    quickTextResults: QuickTextResultsPayload;
    quickTextError: QuickTextErrorPayload;
}
export type HostMessageType = keyof HostPayloads;
export type HostMessage = { [K in HostMessageType]: Envelope<K, HostPayloads[K]> }[HostMessageType];

export function widgetMessage<K extends WidgetMessageType>(
    type: K,
    payload: WidgetPayloads[K],
    id?: string,
): Envelope<K, WidgetPayloads[K]> {
    const message: Envelope<K, WidgetPayloads[K]> = {
        protocol: PROTOCOL_NAME,
        version: PROTOCOL_VERSION,
        type,
        payload,
    };
    if (id !== undefined) message.id = id;
    return message;
}
