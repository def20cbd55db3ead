import type { EndpointKind, EndpointSpec } from '../protocol/messages';
import type { ChatClient } from './chat-client';

export type ClientKind = 'tencent' | EndpointKind;
export type ClientFactory = (endpoint: EndpointSpec | undefined) => ChatClient;
export type ClientSelection = { ok: true; kind: ClientKind; create: () => ChatClient } | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * True when the widget page itself is served from this machine (tests, `npm start` sandbox). Inside Salesforce the
 * page is served from the container's https origin, so this is false there.
 */
export function isLoopbackPage(pageUrl: string): boolean {
    try {
        const url = new URL(pageUrl);
        return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname);
    } catch {
        return false;
    }
}

/**
 * THE selection point for the chat implementation:
 *  - a session without `endpoint` → the Tencent client (the Aura host never sends `endpoint`);
 *  - `endpoint.kind` "scripted" / "sandbox" → that client, but ONLY when the widget page is on a loopback origin.
 *    A production page therefore cannot be switched to a fake service, whatever a host sends.
 * Implementations register in src/chat/client-registry.ts (a later sandbox client adds itself there).
 */
export function selectClient(
    endpoint: EndpointSpec | undefined,
    pageUrl: string,
    factories: Partial<Record<ClientKind, ClientFactory>>,
): ClientSelection {
    const kind: ClientKind = endpoint ? endpoint.kind : 'tencent';
    if (kind !== 'tencent' && !isLoopbackPage(pageUrl)) {
        return { ok: false, reason: `The "${kind}" chat endpoint is only available on a local test page.` };
    }
    const factory = factories[kind];
    if (!factory) return { ok: false, reason: `No "${kind}" chat implementation in this build.` };
    return { ok: true, kind, create: () => factory(endpoint) };
}
