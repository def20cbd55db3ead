import type { HostMessage, WidgetMessageType, WidgetPayloads } from '../protocol/messages';
import { widgetMessage } from '../protocol/messages';
import { parseHostMessage } from '../protocol/validate';
import type { HostTransport } from './host-transport';
import type { Logger } from '../logger';

/** Typed, validated protocol on top of a raw transport. Invalid incoming messages are logged and dropped. */
export class HostBridge {
    private unsubscribe: (() => void) | null = null;

    constructor(
        private readonly transport: HostTransport,
        private readonly logger: Logger,
    ) {}

    isAvailable(): boolean {
        return this.transport.isAvailable();
    }

    listen(handler: (message: HostMessage) => void): void {
        this.stop();
        this.unsubscribe = this.transport.onMessage((raw) => {
            const parsed = parseHostMessage(raw);
            if (parsed.ok) handler(parsed.value);
            else this.logger.warn('tim-bar: ignored host message', parsed.reason);
        });
    }

    send<K extends WidgetMessageType>(type: K, payload: WidgetPayloads[K]): void {
        this.transport.send(widgetMessage(type, payload));
    }

    stop(): void {
        this.unsubscribe?.();
        this.unsubscribe = null;
    }
}
