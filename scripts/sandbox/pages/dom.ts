/// <reference lib="dom" />
/**
 * DOM helpers for the demo pages: elements are built with textContent only (never innerHTML), so chat text and
 * Salesforce data are always shown as text.
 */

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attrs: Record<string, string | number | boolean | undefined> = {},
    ...children: Child[]
): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
        if (v === undefined || v === false) continue;
        if (k === 'text') node.textContent = String(v);
        else if (k === 'className') node.className = String(v);
        else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) {
        if (c === null || c === undefined || c === false) continue;
        node.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
    const node = document.getElementById(id);
    if (!node) throw new Error(`missing #${id}`);
    return node as T;
}

export function show(node: HTMLElement, text?: string): void {
    if (text !== undefined) node.textContent = text;
    node.hidden = false;
}

export function hide(node: HTMLElement): void {
    node.hidden = true;
}

/** Only http(s) URLs become links. */
export function safeHref(url: string): string | null {
    try {
        const u = new URL(url, location.href);
        return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch {
        return null;
    }
}

export function timeLabel(ms: number): string {
    return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export interface ApiError {
    status: number;
    code: string;
    message: string;
}

/** JSON fetch; non-2xx answers reject with the relay-style `{error:{code,message}}` details. */
export async function api<T>(
    method: string,
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
): Promise<T> {
    const init: RequestInit = { method, headers: { accept: 'application/json', ...headers } };
    if (body !== undefined) {
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    const res = await fetch(url, init);
    const text = await res.text();
    let parsed: unknown = null;
    try {
        parsed = text ? JSON.parse(text) : null;
    } catch {
        parsed = null;
    }
    if (!res.ok) {
        const e = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
        const err: ApiError = {
            status: res.status,
            code: typeof e?.code === 'string' ? e.code : `HTTP_${res.status}`,
            message: typeof e?.message === 'string' ? e.message : `HTTP ${res.status}`,
        };
        // eslint-disable-next-line @typescript-eslint/only-throw-error -- ApiError is a plain record the pages read by field
        throw err;
    }
    return parsed as T;
}

export function errorMessage(e: unknown): string {
    if (e && typeof e === 'object' && 'message' in e) return String(e.message);
    return String(e);
}
