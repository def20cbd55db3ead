import type { HostTransport } from '../../host/host-transport';
import type { Logger } from '../../logger';
import type { WidgetMessage } from '../../protocol/messages';

export class FakeTransport implements HostTransport {
    readonly sent: WidgetMessage[] = [];
    available = true;
    private handler: ((m: unknown) => void) | null = null;

    isAvailable(): boolean {
        return this.available;
    }
    send(message: unknown): void {
        this.sent.push(message as WidgetMessage);
    }
    onMessage(handler: (m: unknown) => void): () => void {
        this.handler = handler;
        return () => {
            this.handler = null;
        };
    }
    /** The host sends a (raw) message to the widget. */
    deliver(message: unknown): void {
        this.handler?.(message);
    }
    host(type: string, payload: unknown): void {
        this.deliver({ protocol: 'tim-bar', version: 1, type, payload });
    }
    ofType<T extends WidgetMessage['type']>(type: T): Extract<WidgetMessage, { type: T }>[] {
        return this.sent.filter((m): m is Extract<WidgetMessage, { type: T }> => m.type === type);
    }
}

export class MemoryLogger implements Logger {
    readonly warnings: string[] = [];
    readonly errors: string[] = [];
    warn(message: string, detail?: unknown): void {
        this.warnings.push(`${message} ${JSON.stringify(detail ?? '')}`);
    }
    error(message: string, detail?: unknown): void {
        this.errors.push(`${message} ${JSON.stringify(detail ?? '')}`);
    }
}

/** Lets pending promise callbacks run (with or without fake timers). */
export async function flush(times = 5): Promise<void> {
    for (let i = 0; i < times; i++) await Promise.resolve();
}
