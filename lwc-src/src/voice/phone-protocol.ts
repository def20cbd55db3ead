/**
 * The phone protocol, version 1: `postMessage` between the agent phone page (served by the relay, on the relay's
 * origin, framed in the console) and the console phone host (Salesforce side, the `tim_phone_bar` utility item).
 * Every message is `{protocol:"tim-phone", version:1, type, payload}`. Each side checks `event.origin` against the
 * one origin it expects (the page: the console origins the relay allows; the host: the relay origin) and `event.source`
 * against the window it talks to, then parses with the functions below; anything else is dropped.
 *
 * No secret travels in a URL: the host frames the page with a one-time ticket only, and hands the TCCC login token to
 * the page with `phoneSession` after the page says `phoneReady`.
 */
export const PHONE_PROTOCOL = 'tim-phone';
export const PHONE_PROTOCOL_VERSION = 1;

/** TCCC `sessionEnded.closeBy`. */
export const CLOSE_BY = ['seat', 'client', 'admin'] as const;
export type CloseBy = (typeof CLOSE_BY)[number];

export const PHONE_STATES = ['loading', 'ready', 'tokenExpired', 'error'] as const;
export type PhoneState = (typeof PHONE_STATES)[number];

/** page → host */
export interface PagePayloads {
    /** The page has loaded and waits for `phoneSession`. */
    phoneReady: Record<string, never>;
    /** The SDK's state; `tokenExpired` asks the host for a new session. */
    phoneStatus: { state: PhoneState; message?: string };
    /** TCCC `callIn`: an inbound call rings for this agent. */
    callIn: {
        sessionId: string;
        callerPhoneNumber: string;
        calleePhoneNumber: string;
        protectedCaller: boolean;
        callerLocation?: string;
    };
    /** TCCC `userAccessed`: the agent answered. */
    callAnswered: { sessionId: string };
    /** TCCC `transfer`: the call moved to a skill group or another seat. */
    callTransferred: { sessionId: string; skillGroupId?: string; userId?: string };
    /** TCCC `sessionEnded`; `duration` in seconds. */
    callEnded: { sessionId: string; duration: number; closeBy: CloseBy };
}

/** host → page */
export interface HostPayloads {
    /** What the relay's `POST /v1/agents/voice-session` answered, handed over by postMessage (never in a URL). */
    phoneSession: { sdkUrl: string; token: string; sdkAppId: number; seatUserId: string; expiresAt: number };
    /** The screen pop settled on this Case for the call: the page logs the call's events on it. */
    callLinked: { sessionId: string; caseId: string };
}

export type PageMessageType = keyof PagePayloads;
export type HostMessageType = keyof HostPayloads;

interface PhoneEnvelope<T extends string, P> {
    protocol: typeof PHONE_PROTOCOL;
    version: typeof PHONE_PROTOCOL_VERSION;
    type: T;
    payload: P;
}
export type PageMessage = { [K in PageMessageType]: PhoneEnvelope<K, PagePayloads[K]> }[PageMessageType];
export type HostMessage = { [K in HostMessageType]: PhoneEnvelope<K, HostPayloads[K]> }[HostMessageType];

export function pageMessage<K extends PageMessageType>(type: K, payload: PagePayloads[K]): PageMessage {
    return { protocol: PHONE_PROTOCOL, version: PHONE_PROTOCOL_VERSION, type, payload } as PageMessage;
}

export function hostMessage<K extends HostMessageType>(type: K, payload: HostPayloads[K]): HostMessage {
    return { protocol: PHONE_PROTOCOL, version: PHONE_PROTOCOL_VERSION, type, payload } as HostMessage;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const optStr = (v: unknown, max: number): boolean => v === undefined || isStr(v, max);
const SESSION_ID = 128;
/** A Salesforce Case id, 15 or 18 characters, key prefix 500. */
const CASE_ID = /^500[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/;
/** Caller and callee numbers as TCCC gives them: digits with an optional +, or masked with `*` when protected. */
const PHONE_NUMBER = /^\+?[0-9*]{1,32}$/;

function envelope(data: unknown): { type: string; payload: Obj } | null {
    if (!isObj(data) || data.protocol !== PHONE_PROTOCOL || data.version !== PHONE_PROTOCOL_VERSION) return null;
    if (typeof data.type !== 'string' || !isObj(data.payload)) return null;
    return { type: data.type, payload: data.payload };
}

/** A message from the page, or null when it is not a valid phone-protocol page message. */
export function parsePageMessage(data: unknown): PageMessage | null {
    const e = envelope(data);
    if (!e) return null;
    const p = e.payload;
    switch (e.type) {
        case 'phoneReady':
            return pageMessage('phoneReady', {});
        case 'phoneStatus':
            if (!PHONE_STATES.includes(p.state as PhoneState) || !optStr(p.message, 500)) return null;
            return pageMessage('phoneStatus', {
                state: p.state as PhoneState,
                ...(p.message === undefined ? {} : { message: p.message as string }),
            });
        case 'callIn':
            if (!isStr(p.sessionId, SESSION_ID) || typeof p.protectedCaller !== 'boolean') return null;
            if (typeof p.callerPhoneNumber !== 'string' || !PHONE_NUMBER.test(p.callerPhoneNumber)) return null;
            if (typeof p.calleePhoneNumber !== 'string' || !PHONE_NUMBER.test(p.calleePhoneNumber)) return null;
            if (!optStr(p.callerLocation, 200)) return null;
            return pageMessage('callIn', {
                sessionId: p.sessionId,
                callerPhoneNumber: p.callerPhoneNumber,
                calleePhoneNumber: p.calleePhoneNumber,
                protectedCaller: p.protectedCaller,
                ...(p.callerLocation === undefined ? {} : { callerLocation: p.callerLocation as string }),
            });
        case 'callAnswered':
            return isStr(p.sessionId, SESSION_ID) ? pageMessage('callAnswered', { sessionId: p.sessionId }) : null;
        case 'callTransferred':
            if (!isStr(p.sessionId, SESSION_ID) || !optStr(p.skillGroupId, 64) || !optStr(p.userId, 128)) return null;
            return pageMessage('callTransferred', {
                sessionId: p.sessionId,
                ...(p.skillGroupId === undefined ? {} : { skillGroupId: p.skillGroupId as string }),
                ...(p.userId === undefined ? {} : { userId: p.userId as string }),
            });
        case 'callEnded':
            if (!isStr(p.sessionId, SESSION_ID) || !CLOSE_BY.includes(p.closeBy as CloseBy)) return null;
            if (typeof p.duration !== 'number' || !Number.isFinite(p.duration) || p.duration < 0) return null;
            return pageMessage('callEnded', {
                sessionId: p.sessionId,
                duration: Math.round(p.duration),
                closeBy: p.closeBy as CloseBy,
            });
        default:
            return null;
    }
}

/** A message from the host, or null when it is not a valid phone-protocol host message. */
export function parseHostMessage(data: unknown): HostMessage | null {
    const e = envelope(data);
    if (!e) return null;
    const p = e.payload;
    switch (e.type) {
        case 'phoneSession': {
            if (!isStr(p.sdkUrl, 2048) || !/^https:\/\/|^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(p.sdkUrl))
                return null;
            if (!isStr(p.token, 8192) || !isStr(p.seatUserId, 128)) return null;
            if (typeof p.sdkAppId !== 'number' || !Number.isSafeInteger(p.sdkAppId) || p.sdkAppId <= 0) return null;
            if (typeof p.expiresAt !== 'number' || !Number.isSafeInteger(p.expiresAt) || p.expiresAt <= 0) return null;
            return hostMessage('phoneSession', {
                sdkUrl: p.sdkUrl,
                token: p.token,
                sdkAppId: p.sdkAppId,
                seatUserId: p.seatUserId,
                expiresAt: p.expiresAt,
            });
        }
        case 'callLinked':
            if (!isStr(p.sessionId, SESSION_ID) || typeof p.caseId !== 'string' || !CASE_ID.test(p.caseId)) return null;
            return hostMessage('callLinked', { sessionId: p.sessionId, caseId: p.caseId });
        default:
            return null;
    }
}
