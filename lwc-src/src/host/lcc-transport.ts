import * as LCC from 'lightning-container';
import type { HostTransport } from './host-transport';

/**
 * The production transport: the `lightning-container` npm module. That module only forwards to the global
 * `LCC.onlineSupport` object which the lightning:container frame provides (it never posts to the parent itself,
 * and silently does nothing when the global is missing), so availability is checked on the same global.
 */
export function createLccTransport(): HostTransport {
    return {
        isAvailable(): boolean {
            const g = globalThis as { LCC?: { onlineSupport?: unknown } };
            return (
                typeof g.LCC === 'object' &&
                g.LCC !== null &&
                typeof g.LCC.onlineSupport === 'object' &&
                g.LCC.onlineSupport !== null
            );
        },
        send(message: unknown): void {
            LCC.sendMessage(message);
        },
        onMessage(handler: (message: unknown) => void): () => void {
            LCC.addMessageHandler(handler);
            return () => LCC.removeMessageHandler(handler);
        },
    };
}
