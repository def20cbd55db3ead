/// <reference lib="dom" />
/**
 * The customer page's chat connection: the fake Tencent Chat's WebSocket (docs/fakes.md "Real-time channel",
 * protocol v1) — the sandbox stand-in for the Tencent Chat SDK a real customer app would use.
 */

import type { RelayMessage } from '../http-clients.js';

/** A group message on the WebSocket: the relay's message form plus its group. */
export type WireMessage = RelayMessage & { groupId: string };

export interface RealtimeHandlers {
    onState(state: 'connecting' | 'connected' | 'reconnecting' | 'offline', detail?: string): void;
    onMessage(m: WireMessage): void;
    onGroupEvent(event: string, frame: Record<string, unknown>): void;
}

export class RealtimeError extends Error {
    constructor(
        message: string,
        readonly code: number | string,
    ) {
        super(message);
    }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function randomUint32(): number {
    const a = new Uint32Array(1);
    crypto.getRandomValues(a);
    return a[0] ?? 0;
}

export class Realtime {
    private socket: WebSocket | null = null;
    private ready = false;
    private stopped = false;
    private attempts = 0;
    private nextId = 0;
    private readonly pending = new Map<
        string,
        { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }
    >();

    constructor(
        private readonly url: string,
        private readonly handlers: RealtimeHandlers,
    ) {}

    start(): void {
        this.stopped = false;
        this.open();
    }

    stop(): void {
        this.stopped = true;
        this.socket?.close(1000);
        this.socket = null;
    }

    private open(): void {
        this.handlers.onState(this.attempts === 0 ? 'connecting' : 'reconnecting');
        const socket = new WebSocket(this.url);
        this.socket = socket;
        socket.onmessage = (ev) => {
            let frame: unknown;
            try {
                frame = JSON.parse(String(ev.data));
            } catch {
                return;
            }
            if (!isRecord(frame) || frame.v !== 1) return;
            if (frame.type === 'ready') {
                this.ready = true;
                this.attempts = 0;
                this.handlers.onState('connected');
            } else if (frame.type === 'loginFailed') {
                this.stopped = true;
                this.handlers.onState(
                    'offline',
                    `Sign-in refused (${String(frame.code)}): ${String(frame.message ?? '')}`,
                );
            } else if (frame.type === 'reply') {
                const p = this.pending.get(String(frame.id));
                if (!p) return;
                this.pending.delete(String(frame.id));
                if (frame.ok === true && isRecord(frame.result)) p.resolve(frame.result);
                else {
                    const err = isRecord(frame.error) ? frame.error : {};
                    p.reject(
                        new RealtimeError(
                            String(err.message ?? 'request failed'),
                            typeof err.code === 'number' ? err.code : 0,
                        ),
                    );
                }
            } else if (frame.type === 'event') {
                if (frame.event === 'message' && isRecord(frame.message))
                    this.handlers.onMessage(frame.message as unknown as WireMessage);
                else if (frame.event === 'kicked') {
                    this.stopped = true;
                    this.handlers.onState('offline', 'This chat was opened in another window.');
                } else this.handlers.onGroupEvent(String(frame.event), frame);
            }
        };
        socket.onclose = () => {
            if (this.socket !== socket) return;
            this.ready = false;
            this.socket = null;
            for (const p of this.pending.values()) p.reject(new RealtimeError('connection lost', 'CONNECTION_LOST'));
            this.pending.clear();
            if (this.stopped) return;
            const delay = Math.min(15000, 500 * 2 ** this.attempts++);
            this.handlers.onState('reconnecting');
            setTimeout(() => {
                if (!this.stopped) this.open();
            }, delay);
        };
    }

    request(op: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
        const socket = this.socket;
        if (!socket || !this.ready) return Promise.reject(new RealtimeError('Not connected', 'NOT_CONNECTED'));
        const id = `c${++this.nextId}`;
        return new Promise((resolve, reject) => {
            this.pending.set(id, { resolve, reject });
            socket.send(JSON.stringify({ ...args, v: 1, id, op }));
        });
    }
}
