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
}
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

export interface HostPayloads {
    session: SessionPayload;
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
