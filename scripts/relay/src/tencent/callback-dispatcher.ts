/**
 * Routes authenticated Tencent webhooks to handlers by CallbackCommand. Handlers run after the HTTP answer was sent
 * (Tencent waits for no work); failures are logged and counted, never answered. Other features register their own
 * commands (`register('Group.CallbackAfterSendMsg', …)`).
 */
import type { Log } from '../logger.js';
import type { RelayMetrics } from '../metrics/registry.js';

export type CallbackBody = Record<string, unknown>;
export type CallbackHandler = (body: CallbackBody) => Promise<void>;

export class CallbackDispatcher {
    private readonly handlers = new Map<string, CallbackHandler[]>();
    private readonly running = new Set<Promise<void>>();

    constructor(
        private readonly log: Log,
        private readonly metrics?: RelayMetrics,
    ) {}

    register(command: string, handler: CallbackHandler): void {
        this.handlers.set(command, [...(this.handlers.get(command) ?? []), handler]);
    }

    handles(command: string): boolean {
        return this.handlers.has(command);
    }

    /** Runs the command's handlers on the next turn of the event loop (after the reply is written). */
    dispatch(command: string, body: CallbackBody): void {
        const handlers = this.handlers.get(command) ?? [];
        for (const handler of handlers) {
            const run = new Promise<void>((resolve) => setImmediate(resolve))
                .then(() => handler(body))
                .then(
                    () => this.metrics?.upstreamCalls.inc({ service: 'tencent_callback', op: command, outcome: 'ok' }),
                    (err: unknown) => {
                        this.metrics?.upstreamCalls.inc({ service: 'tencent_callback', op: command, outcome: 'error' });
                        this.log.error(
                            { command, err: err instanceof Error ? err.message : String(err) },
                            'tencent callback handler failed',
                        );
                    },
                )
                .finally(() => this.running.delete(run));
            this.running.add(run);
        }
    }

    /** Resolves when every handler started so far has finished (shutdown, tests). */
    async idle(): Promise<void> {
        while (this.running.size > 0) await Promise.all([...this.running]);
    }
}
