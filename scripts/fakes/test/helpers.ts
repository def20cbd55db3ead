import { createRequire } from 'node:module';
import WebSocket from 'ws';

/** The official Node UserSig library (CommonJS, untyped): used to prove the fake accepts real signatures. */
interface TlsSigApi {
    genSig(userId: string, expireSeconds: number): string;
}
const require = createRequire(import.meta.url);
const tlsSig = require('tls-sig-api-v2') as { Api: new (sdkAppId: number, key: string) => TlsSigApi };

export function officialUserSig(sdkAppId: number, secretKey: string, userId: string, expireSeconds = 86400): string {
    return new tlsSig.Api(sdkAppId, secretKey).genSig(userId, expireSeconds);
}

export const APP = {
    sdkAppId: 1400000001,
    secretKey: 'test-secret-key-0123456789abcdef',
    admin: 'administrator',
} as const;

/** Calls a Tencent REST command as the admin (or with overridden query parts). */
export async function tencentCall(
    baseUrl: string,
    command: string,
    body: unknown,
    query: Record<string, string> = {},
): Promise<{ status: number; json: Record<string, unknown> }> {
    const params = new URLSearchParams({
        sdkappid: String(APP.sdkAppId),
        identifier: APP.admin,
        usersig: officialUserSig(APP.sdkAppId, APP.secretKey, APP.admin),
        random: String(Math.floor(Math.random() * 4294967295)),
        contenttype: 'json',
        ...query,
    });
    const response = await fetch(`${baseUrl}/v4/${command}?${params.toString()}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
        json = JSON.parse(text) as Record<string, unknown>;
    } catch {
        json = { raw: text };
    }
    return { status: response.status, json };
}

export type Frame = Record<string, unknown>;

/** A WebSocket client that queues every frame so tests can await the next one matching a predicate. */
export class WsClient {
    readonly frames: Frame[] = [];
    private waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
    private nextId = 1;
    closeCode: number | undefined;
    readonly closed: Promise<number>;

    private constructor(readonly socket: WebSocket) {
        socket.on('message', (data) => {
            const frame = JSON.parse(data.toString()) as Frame;
            this.frames.push(frame);
            this.waiters = this.waiters.filter((w) => {
                if (!w.match(frame)) return true;
                w.resolve(frame);
                return false;
            });
        });
        this.closed = new Promise((resolve) => {
            socket.on('close', (code) => {
                this.closeCode = code;
                resolve(code);
            });
        });
    }

    static async connect(url: string): Promise<WsClient> {
        const socket = new WebSocket(url);
        const client = new WsClient(socket);
        await new Promise<void>((resolve, reject) => {
            socket.once('open', () => resolve());
            socket.once('error', reject);
        });
        return client;
    }

    /** Resolves with the first frame (already received or future) that matches. */
    next(match: (f: Frame) => boolean, timeoutMs = 3000): Promise<Frame> {
        const seen = this.frames.find(match);
        if (seen) {
            this.frames.splice(this.frames.indexOf(seen), 1);
            return Promise.resolve(seen);
        }
        return new Promise((resolve, reject) => {
            const timer = setTimeout(
                () => reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`)),
                timeoutMs,
            );
            this.waiters.push({
                match,
                resolve: (f) => {
                    clearTimeout(timer);
                    this.frames.splice(this.frames.indexOf(f), 1);
                    resolve(f);
                },
            });
        });
    }

    event(name: string, timeoutMs?: number): Promise<Frame> {
        return this.next((f) => f['type'] === 'event' && f['event'] === name, timeoutMs);
    }

    async request(op: string, args: Record<string, unknown> = {}): Promise<Frame> {
        const id = `r${this.nextId++}`;
        const reply = this.next((f) => f['type'] === 'reply' && f['id'] === id);
        this.socket.send(JSON.stringify({ v: 1, id, op, ...args }));
        return reply;
    }

    close(): void {
        this.socket.close();
    }
}

export function wsUrl(baseUrl: string, userId: string, userSig: string, sdkAppId: number = APP.sdkAppId): string {
    const params = new URLSearchParams({ sdkappid: String(sdkAppId), userid: userId, usersig: userSig });
    return `${baseUrl.replace(/^http/, 'ws')}/ws?${params.toString()}`;
}
