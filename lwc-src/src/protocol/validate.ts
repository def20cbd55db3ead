import type {
    HistoryElement,
    HistoryMessage,
    HistoryPage,
    DesktopNotificationState,
    HostMessage,
    LocalePayload,
    SdkEndpoints,
    SessionPayload,
} from './messages';
import { PROTOCOL_NAME, PROTOCOL_VERSION } from './messages';
import { parseQuickTextError, parseQuickTextResults } from './quick-text';
import { toCaseId18 } from './salesforce-id';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

type Obj = Record<string, unknown>;
const MAX_TEXT = 12000;
const MAX_PAGE_MESSAGES = 200;

function isObj(v: unknown): v is Obj {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isStr(v: unknown, min: number, max: number): v is string {
    return typeof v === 'string' && v.length >= min && v.length <= max;
}
function isInt(v: unknown, min: number): v is number {
    return typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
}
function fail<T>(reason: string): ParseResult<T> {
    return { ok: false, reason };
}

const ENDPOINT_SCHEMES: Record<keyof SdkEndpoints, RegExp> = {
    proxyServer: /^wss?:\/\/[^\s]+$/,
    fileUploadProxy: /^https?:\/\/[^\s]+$/,
    fileDownloadProxy: /^https?:\/\/[^\s]+$/,
};

/** The optional SDK proxy endpoints of a session: absent, or a ws(s) / http(s) URL each. */
function parseEndpoints(p: Obj): ParseResult<SdkEndpoints> {
    const endpoints: SdkEndpoints = {};
    for (const key of Object.keys(ENDPOINT_SCHEMES) as Array<keyof SdkEndpoints>) {
        const v = p[key];
        if (v === undefined || v === null) continue;
        if (!isStr(v, 1, 2048) || !ENDPOINT_SCHEMES[key].test(v))
            return fail(`${key} must be a URL of the right scheme`);
        endpoints[key] = v;
    }
    return { ok: true, value: endpoints };
}

/** The optional agent names of a session (for Quick Text merge fields); a malformed one is left out. */
function parseUserNames(p: Obj): Pick<SessionPayload, 'userName' | 'userFirstName'> {
    const names: Pick<SessionPayload, 'userName' | 'userFirstName'> = {};
    if (isStr(p.userName, 1, 121) && p.userName.trim()) names.userName = p.userName.trim();
    if (isStr(p.userFirstName, 1, 40) && p.userFirstName.trim()) names.userFirstName = p.userFirstName.trim();
    return names;
}

export function parseSession(p: Obj): ParseResult<SessionPayload> {
    if (!isInt(p.sdkAppId, 1)) return fail('sdkAppId must be a positive integer');
    if (!isStr(p.userId, 1, 32)) return fail('userId must be 1..32 chars');
    if (!isStr(p.userSig, 1, 8192)) return fail('userSig must be a non-empty string');
    if (!isInt(p.expiresAt, 1)) return fail('expiresAt must be epoch milliseconds');
    const endpoints = parseEndpoints(p);
    if (!endpoints.ok) return endpoints;
    const session: SessionPayload = {
        sdkAppId: p.sdkAppId,
        userId: p.userId,
        userSig: p.userSig,
        expiresAt: p.expiresAt,
        ...endpoints.value,
        ...parseUserNames(p),
    };
    return { ok: true, value: session };
}

function parseElement(e: unknown): HistoryElement | null {
    if (!isObj(e)) return null;
    switch (e.type) {
        case 'text':
            return isStr(e.text, 0, MAX_TEXT) ? { type: 'text', text: e.text } : null;
        case 'image':
            return isStr(e.url, 0, 4096)
                ? {
                      type: 'image',
                      url: e.url,
                      width: isInt(e.width, 0) ? e.width : 0,
                      height: isInt(e.height, 0) ? e.height : 0,
                  }
                : null;
        case 'file':
            return isStr(e.url, 0, 4096) && isStr(e.name, 0, 512)
                ? { type: 'file', url: e.url, name: e.name, size: isInt(e.size, 0) ? e.size : 0 }
                : null;
        case 'custom':
            return isStr(e.data, 0, MAX_TEXT) ? { type: 'custom', data: e.data } : null;
        default:
            // A newer relay may add element kinds: show them as "unsupported" instead of dropping the message.
            return typeof e.type === 'string' ? { type: 'unsupported' } : null;
    }
}

function parseHistoryMessage(m: unknown): HistoryMessage | null {
    if (!isObj(m) || !isInt(m.seq, 1) || !isStr(m.from, 0, 64) || !isInt(m.time, 0) || !Array.isArray(m.elements))
        return null;
    const elements: HistoryElement[] = [];
    for (const raw of m.elements) {
        const el = parseElement(raw);
        if (el === null) return null;
        elements.push(el);
    }
    return { seq: m.seq, random: isInt(m.random, 0) ? m.random : 0, from: m.from, time: m.time, elements };
}

export function parseHistoryPage(p: unknown): ParseResult<HistoryPage> {
    if (!isObj(p)) return fail('page must be an object');
    if (!isStr(p.groupId, 1, 48)) return fail('page.groupId must be a string');
    if (!Array.isArray(p.messages) || p.messages.length > MAX_PAGE_MESSAGES)
        return fail('page.messages must be an array of at most 200');
    const messages: HistoryMessage[] = [];
    for (const raw of p.messages) {
        const m = parseHistoryMessage(raw);
        if (m === null) return fail('page.messages contains a malformed message');
        messages.push(m);
    }
    if (p.nextBefore !== null && !isInt(p.nextBefore, 0)) return fail('page.nextBefore must be an integer or null');
    if (typeof p.isFinished !== 'boolean') return fail('page.isFinished must be a boolean');
    return { ok: true, value: { groupId: p.groupId, messages, nextBefore: p.nextBefore, isFinished: p.isFinished } };
}

/** Salesforce language / locale keys (`en_US`, `zh_CN`, `zh-Hans-CN`, `de`). */
const LOCALE_TAG = /^[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,3}$/;
/** IANA zone names (`Asia/Shanghai`, `America/Argentina/Buenos_Aires`, `GMT`, `Etc/GMT+8`). */
const TIME_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;
const DESKTOP_STATES: Record<DesktopNotificationState, true> = {
    on: true,
    off: true,
    blocked: true,
    unsupported: true,
};

export function parseLocale(p: Obj): ParseResult<LocalePayload> {
    if (!isStr(p.language, 2, 20) || !LOCALE_TAG.test(p.language))
        return fail('locale.language must be a language key');
    if (!isStr(p.locale, 2, 20) || !LOCALE_TAG.test(p.locale)) return fail('locale.locale must be a locale key');
    if (!isStr(p.timeZone, 1, 64) || !TIME_ZONE.test(p.timeZone)) return fail('locale.timeZone must be an IANA zone');
    return { ok: true, value: { language: p.language, locale: p.locale, timeZone: p.timeZone } };
}

function isDesktopState(v: unknown): v is DesktopNotificationState {
    return typeof v === 'string' && Object.prototype.hasOwnProperty.call(DESKTOP_STATES, v);
}

function parseCaseId(v: unknown): string | null {
    return typeof v === 'string' ? toCaseId18(v) : null;
}

/**
 * Validates anything that arrives from the host. Only well-formed v1 host→widget messages pass; the caller
 * ignores (and logs) the rest. Case ids come back normalised to their 18-char form.
 */
export function parseHostMessage(raw: unknown): ParseResult<HostMessage> {
    if (!isObj(raw)) return fail('not an object');
    if (raw.protocol !== PROTOCOL_NAME) return fail('unknown protocol');
    if (raw.version !== PROTOCOL_VERSION) return fail(`unsupported version ${String(raw.version)}`);
    if (raw.id !== undefined && !isStr(raw.id, 1, 64)) return fail('id must be a short string');
    if (!isObj(raw.payload)) return fail('payload must be an object');
    const p = raw.payload;
    const base = {
        protocol: PROTOCOL_NAME,
        version: PROTOCOL_VERSION,
        ...(raw.id !== undefined ? { id: raw.id } : {}),
    } as const;
    switch (raw.type) {
        case 'session': {
            const s = parseSession(p);
            return s.ok ? { ok: true, value: { ...base, type: 'session', payload: s.value } } : s;
        }
        case 'locale': {
            const l = parseLocale(p);
            return l.ok ? { ok: true, value: { ...base, type: 'locale', payload: l.value } } : l;
        }
        case 'notifications':
            return isDesktopState(p.desktop)
                ? { ok: true, value: { ...base, type: 'notifications', payload: { desktop: p.desktop } } }
                : fail('notifications.desktop must be on, off, blocked or unsupported');
        case 'utilityVisibility':
            return typeof p.visible === 'boolean'
                ? { ok: true, value: { ...base, type: 'utilityVisibility', payload: { visible: p.visible } } }
                : fail('utilityVisibility.visible must be a boolean');
        case 'focusCase': {
            const caseId = parseCaseId(p.caseId);
            return caseId
                ? { ok: true, value: { ...base, type: 'focusCase', payload: { caseId } } }
                : fail('focusCase.caseId must be a Case id');
        }
        case 'history': {
            const caseId = parseCaseId(p.caseId);
            if (!caseId) return fail('history.caseId must be a Case id');
            const page = parseHistoryPage(p.page);
            return page.ok
                ? { ok: true, value: { ...base, type: 'history', payload: { caseId, page: page.value } } }
                : page;
        }
        case 'sessionError':
            return isStr(p.message, 0, 1000)
                ? { ok: true, value: { ...base, type: 'sessionError', payload: { message: p.message } } }
                : fail('sessionError.message must be a string');
        case 'historyError': {
            const caseId = parseCaseId(p.caseId);
            if (!caseId || !isStr(p.message, 0, 1000)) return fail('historyError needs caseId and message');
            return { ok: true, value: { ...base, type: 'historyError', payload: { caseId, message: p.message } } };
        }
        case 'quickTextResults': {
            const r = parseQuickTextResults(p);
            return r.ok ? { ok: true, value: { ...base, type: 'quickTextResults', payload: r.value } } : r;
        }
        case 'quickTextError': {
            const r = parseQuickTextError(p);
            return r.ok ? { ok: true, value: { ...base, type: 'quickTextError', payload: r.value } } : r;
        }
        default:
            return fail(`unknown type ${typeof raw.type === 'string' ? raw.type.slice(0, 40) : typeof raw.type}`);
    }
}
