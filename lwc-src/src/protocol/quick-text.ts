/**
 * The Quick Text part of the widget ↔ host protocol (docs/contracts.md "Widget ↔ host protocol"): the widget asks
 * `quickTextSearch {requestId, query}`, the host answers `quickTextResults {requestId, items}` or
 * `quickTextError {requestId, message}`. The Aura helper checks the same limits on its side.
 */
export const QUICK_TEXT_QUERY_MAX = 80;
export const QUICK_TEXT_MAX_ITEMS = 20;
export const QUICK_TEXT_REQUEST_ID = /^[A-Za-z0-9_-]{1,40}$/;
const RECORD_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
const NAME_MAX = 255;
const MESSAGE_MAX = 4096;
const CATEGORY_MAX = 255;

/** One Quick Text record as the host gives it (QuickText Id, Name, Message, Category). */
export interface QuickTextItem {
    id: string;
    name: string;
    message: string;
    category?: string;
}

export interface QuickTextSearchPayload {
    requestId: string;
    query: string;
}
export interface QuickTextResultsPayload {
    requestId: string;
    items: QuickTextItem[];
}
export interface QuickTextErrorPayload {
    requestId: string;
    message: string;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isRequestId = (v: unknown): v is string => typeof v === 'string' && QUICK_TEXT_REQUEST_ID.test(v);

function parseItem(raw: unknown): QuickTextItem | null {
    if (!isObj(raw)) return null;
    if (typeof raw.id !== 'string' || !RECORD_ID.test(raw.id)) return null;
    if (!isText(raw.name, NAME_MAX) || raw.name.trim() === '' || !isText(raw.message, MESSAGE_MAX)) return null;
    const item: QuickTextItem = { id: raw.id, name: raw.name, message: raw.message };
    if (raw.category !== undefined && raw.category !== null) {
        if (!isText(raw.category, CATEGORY_MAX)) return null;
        if (raw.category !== '') item.category = raw.category;
    }
    return item;
}

export function parseQuickTextResults(p: Obj): Parsed<QuickTextResultsPayload> {
    if (!isRequestId(p.requestId)) return { ok: false, reason: 'quickTextResults.requestId must be a request id' };
    if (!Array.isArray(p.items) || p.items.length > QUICK_TEXT_MAX_ITEMS)
        return { ok: false, reason: `quickTextResults.items must be an array of at most ${QUICK_TEXT_MAX_ITEMS}` };
    const items: QuickTextItem[] = [];
    for (const raw of p.items) {
        const item = parseItem(raw);
        if (!item) return { ok: false, reason: 'quickTextResults.items contains a malformed Quick Text' };
        items.push(item);
    }
    return { ok: true, value: { requestId: p.requestId, items } };
}

export function parseQuickTextError(p: Obj): Parsed<QuickTextErrorPayload> {
    if (!isRequestId(p.requestId) || !isText(p.message, 1000))
        return { ok: false, reason: 'quickTextError needs requestId and message' };
    return { ok: true, value: { requestId: p.requestId, message: p.message } };
}
