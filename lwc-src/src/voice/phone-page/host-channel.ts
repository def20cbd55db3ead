/**
 * The page's side of the phone protocol's channel to the console host (phone-protocol.ts).
 *
 * Which console origin framed the page is learned, not guessed: `phoneReady` is posted to each allowed console origin
 * (the browser delivers it only where the parent's origin matches, so nothing reaches any other origin), and the first
 * valid message from `window.parent` whose origin is allowed pins the origin. From then on the page posts only to
 * that origin and accepts only messages from it and from `window.parent`; anything else, or anything that does not
 * parse as a host message, is dropped.
 */
import { pageMessage, parseHostMessage, parsePageMessage, type HostMessage, type PageMessage } from '../phone-protocol';
import type { PagePayloads } from '../phone-protocol';

export interface HostWindow {
    postMessage(message: unknown, targetOrigin: string): void;
}

export class HostChannel {
    private pinned: string | null = null;
    private readonly handlers: Array<(m: HostMessage) => void> = [];

    constructor(
        private readonly parent: HostWindow,
        private readonly allowedOrigins: readonly string[],
    ) {}

    /** The console origin the page talks to, once known. */
    get origin(): string | null {
        return this.pinned;
    }

    onMessage(handler: (m: HostMessage) => void): void {
        this.handlers.push(handler);
    }

    /** Feed every `message` event of the window here. */
    receive(event: { origin: string; source: unknown; data: unknown }): boolean {
        if (event.source !== this.parent) return false;
        if (this.pinned !== null ? event.origin !== this.pinned : !this.allowedOrigins.includes(event.origin))
            return false;
        const message = parseHostMessage(event.data);
        if (!message) return false;
        this.pinned ??= event.origin;
        for (const h of this.handlers) h(message);
        return true;
    }

    /** Posts a page message (validated by the protocol's own parser first); before the origin is known, only phoneReady. */
    send<K extends keyof PagePayloads>(type: K, payload: PagePayloads[K]): boolean {
        const message: PageMessage | null = parsePageMessage(pageMessage(type, payload));
        if (!message) return false;
        if (this.pinned !== null) {
            this.parent.postMessage(message, this.pinned);
            return true;
        }
        if (type !== 'phoneReady') return false;
        for (const origin of this.allowedOrigins) this.parent.postMessage(message, origin);
        return true;
    }
}
