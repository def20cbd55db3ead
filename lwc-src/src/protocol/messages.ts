/**
 * The widget ↔ host protocol, version 1 (docs/contracts.md "Widget ↔ host protocol").
 * Every message is an envelope `{protocol:"tim-bar", version:1, type, id?, payload}`.
 * The Aura host (force-app/main/default/aura/tim_utilities_bar) implements the same shapes in its helper.
 */
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
}
export type WidgetMessageType = keyof WidgetPayloads;
export type WidgetMessage = { [K in WidgetMessageType]: Envelope<K, WidgetPayloads[K]> }[WidgetMessageType];

// ---- host → widget -------------------------------------------------------------------------------
/**
 * Which chat implementation a session is for. Absent = the real Tencent service (the only thing the Aura host
 * ever sends). `scripted` (tests) and `sandbox` (local WebSocket fake) are honoured only when the widget page
 * itself is served from a loopback origin: see src/chat/client-selection.ts.
 */
export type EndpointKind = 'scripted' | 'sandbox';
export interface EndpointSpec {
    kind: EndpointKind;
    /** sandbox: ws:// or wss:// URL of the local fake. */
    url?: string;
    /** scripted: name of the built-in fixture to load. */
    fixture?: string;
}

export interface SessionPayload {
    sdkAppId: number;
    userId: string;
    userSig: string;
    /** epoch ms */
    expiresAt: number;
    endpoint?: EndpointSpec;
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
