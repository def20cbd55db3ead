import type { ChatClient, ChatClientEvent, ChatClientEvents } from '../chat-client';
import type {
    ChatConversation,
    ChatMessage,
    ChatSession,
    ConnectionState,
    MessagePage,
    OutgoingFile,
} from '../chat-types';
import { EventHub } from '../event-hub';
import {
    isRecord,
    parseWireGroup,
    parseWireMessage,
    toChatMessage,
    toConversation,
    WIRE_VERSION,
    type WireElement,
    type WireMessage,
} from './sandbox-wire';

/**
 * ChatClient over the sandbox fake's WebSocket (`/sandbox/tencent/ws`, docs/fakes.md "Real-time channel").
 * Selected by a session with `endpoint: {kind: "sandbox", url}` on a loopback page only (client-selection.ts).
 *
 * - login opens `url?sdkappid=&userid=&usersig=`; `ready` → connected. A renewed session for the same user keeps
 *   the socket (the fake checks the UserSig at connect only) and is used for the next reconnect.
 * - an unexpected close → `reconnecting`, reconnect with exponential backoff; after a reconnect the conversation
 *   list is re-read and announced (events missed while offline).
 * - `groupJoined` / `groupLeft` / `groupDismissed` / `groupUpdated` → `conversationsChanged` with the COMPLETE list
 *   from `listGroups` (left/dismissed groups are absent; `muteAll` → `muted`).
 * - `kicked` → kickedOut('multipleAccount'), no reconnect. A rejected login with an expired/invalid UserSig →
 *   sessionExpiring.
 * - sendText/sendFile draw a random uint32 once per clientId and reuse it on resend (the fake drops a duplicate).
 * - sendFile uploads to `POST /sandbox/uploads` on the same host, then sends an image/file element with the URL.
 */

/** The subset of the browser WebSocket the client uses (tests pass a fake). */
export interface SocketLike {
    readonly readyState: number;
    send(data: string): void;
    close(code?: number, reason?: string): void;
    onopen: ((ev: unknown) => void) | null;
    onmessage: ((ev: { data: unknown }) => void) | null;
    onclose: ((ev: { code: number; reason: string }) => void) | null;
    onerror: ((ev: unknown) => void) | null;
}

export interface Timers {
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

export interface SandboxClientOptions {
    createSocket?: (url: string) => SocketLike;
    fetch?: (
        input: string,
        init: { method: string; headers: Record<string, string>; body: Blob },
    ) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
    timers?: Timers;
    /** uint32 source for message randoms. */
    randomUint32?: () => number;
    requestTimeoutMs?: number;
    loginTimeoutMs?: number;
    backoffBaseMs?: number;
    backoffMaxMs?: number;
    pageSize?: number;
}

/** Tencent codes meaning "the UserSig is expired or invalid": ask the host for a new session. */
const SIG_EXPIRED_CODES = new Set([70001, 70003, 70009, 70013, 70014]);
const OPEN = 1;
const CLOSE_LOGIN_FAILED = 4001;
const CLOSE_KICKED = 4003;
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;

export class SandboxError extends Error {
    constructor(
        message: string,
        readonly code: number | string,
    ) {
        super(message);
        this.name = 'SandboxError';
    }
}

interface Pending {
    resolve: (result: Record<string, unknown>) => void;
    reject: (e: Error) => void;
    timer: unknown;
}

interface Unsent {
    groupId: string;
    random: number;
    elements: WireElement[] | null;
    file: OutgoingFile | null;
}

interface Connection {
    socket: SocketLike;
    ready: boolean;
}

function defaultRandomUint32(): number {
    const a = new Uint32Array(1);
    globalThis.crypto.getRandomValues(a);
    return a[0] ?? 0;
}

export class SandboxChatClient implements ChatClient {
    private readonly hub = new EventHub();
    private readonly createSocket: (url: string) => SocketLike;
    private readonly timers: Timers;
    private readonly randomUint32: () => number;
    private readonly requestTimeoutMs: number;
    private readonly loginTimeoutMs: number;
    private readonly backoffBaseMs: number;
    private readonly backoffMaxMs: number;
    private readonly pageSize: number;
    private session: ChatSession | null = null;
    private conn: Connection | null = null;
    private everConnected = false;
    private attempts = 0;
    private reconnectTimer: unknown = null;
    private nextId = 0;
    private readonly pending = new Map<string, Pending>();
    private readonly unsent = new Map<string, Unsent>();
    private readonly lastSeq = new Map<string, number>();

    constructor(
        private readonly url: string,
        private readonly options: SandboxClientOptions = {},
    ) {
        this.createSocket = options.createSocket ?? ((u) => new WebSocket(u) as unknown as SocketLike);
        this.timers = options.timers ?? {
            setTimeout: (fn, ms) => setTimeout(fn, ms),
            clearTimeout: (h) => clearTimeout(h as number),
        };
        this.randomUint32 = options.randomUint32 ?? defaultRandomUint32;
        this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
        this.loginTimeoutMs = options.loginTimeoutMs ?? 10_000;
        this.backoffBaseMs = options.backoffBaseMs ?? 500;
        this.backoffMaxMs = options.backoffMaxMs ?? 15_000;
        this.pageSize = options.pageSize ?? 20;
    }

    on<E extends ChatClientEvent>(event: E, handler: ChatClientEvents[E]): () => void {
        return this.hub.on(event, handler);
    }

    // ---- login lifecycle ------------------------------------------------------------------------
    async login(session: ChatSession): Promise<void> {
        const sameUser =
            this.session !== null &&
            this.session.userId === session.userId &&
            this.session.sdkAppId === session.sdkAppId;
        this.session = session;
        if (sameUser && this.conn?.ready) return; // renewal: the open socket stays valid
        this.cancelReconnect();
        this.dropConnection();
        this.emitState(this.everConnected ? 'reconnecting' : 'connecting');
        try {
            await this.connect(session);
        } catch (e) {
            this.emitState('offline');
            throw e;
        }
    }

    async logout(): Promise<void> {
        this.session = null;
        this.cancelReconnect();
        this.dropConnection();
        this.emitState('offline');
    }

    private socketUrl(session: ChatSession): string {
        let u: URL;
        try {
            u = new URL(this.url);
        } catch {
            throw new SandboxError('The sandbox chat endpoint URL is invalid.', 'BAD_ENDPOINT');
        }
        if (u.protocol !== 'ws:' && u.protocol !== 'wss:')
            throw new SandboxError('The sandbox chat endpoint must be a ws:// or wss:// URL.', 'BAD_ENDPOINT');
        u.searchParams.set('sdkappid', String(session.sdkAppId));
        u.searchParams.set('userid', session.userId);
        u.searchParams.set('usersig', session.userSig);
        return u.toString();
    }

    /** Opens a socket and resolves on `ready`; rejects on `loginFailed`, a close before ready, or a timeout. */
    private connect(session: ChatSession): Promise<void> {
        const url = this.socketUrl(session);
        return new Promise<void>((resolve, reject) => {
            const socket = this.createSocket(url);
            const conn: Connection = { socket, ready: false };
            this.conn = conn;
            let settled = false;
            const settle = (err: Error | null): void => {
                if (settled) return;
                settled = true;
                this.timers.clearTimeout(timer);
                if (err) reject(err);
                else resolve();
            };
            const timer = this.timers.setTimeout(() => {
                if (this.conn === conn) this.dropConnection();
                settle(new SandboxError('The sandbox chat service did not answer the login.', 'LOGIN_TIMEOUT'));
            }, this.loginTimeoutMs);

            socket.onmessage = (ev) => {
                if (this.conn !== conn) return;
                const frame = parseFrame(ev.data);
                if (!frame) return;
                if (frame.type === 'ready') {
                    conn.ready = true;
                    const reconnected = this.everConnected;
                    this.everConnected = true;
                    this.attempts = 0;
                    this.emitState('connected');
                    settle(null);
                    if (reconnected) void this.announceConversations();
                } else if (frame.type === 'loginFailed') {
                    const code = typeof frame.code === 'number' ? frame.code : 0;
                    if (SIG_EXPIRED_CODES.has(code)) this.hub.emit('sessionExpiring');
                    settle(
                        new SandboxError(
                            `Sign-in refused (${code}): ${typeof frame.message === 'string' ? frame.message : ''}`,
                            code,
                        ),
                    );
                } else {
                    this.onFrame(frame);
                }
            };
            socket.onerror = () => {
                // A close event always follows; it decides what happens.
            };
            socket.onclose = (ev) => {
                if (this.conn !== conn) return; // closed on purpose
                this.conn = null;
                this.failPending(new SandboxError('The chat connection was lost.', 'CONNECTION_LOST'));
                if (!settled) {
                    settle(
                        new SandboxError(
                            ev.code === CLOSE_LOGIN_FAILED
                                ? 'Sign-in refused.'
                                : 'Could not reach the sandbox chat service.',
                            ev.code,
                        ),
                    );
                    // First login: the caller gets the error. A failed reconnect keeps trying.
                    if (this.attempts > 0 && ev.code !== CLOSE_LOGIN_FAILED) this.scheduleReconnect();
                    return;
                }
                if (ev.code === CLOSE_KICKED) return; // the kicked event already told the widget
                if (ev.code === CLOSE_LOGIN_FAILED) {
                    // Refused (e.g. expired UserSig on a reconnect): wait for a new session from the host.
                    this.emitState('offline');
                    return;
                }
                this.scheduleReconnect();
            };
        });
    }

    private scheduleReconnect(): void {
        const session = this.session;
        if (!session || this.reconnectTimer !== null) return;
        this.emitState('reconnecting');
        const delay = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** this.attempts);
        this.attempts++;
        this.reconnectTimer = this.timers.setTimeout(() => {
            this.reconnectTimer = null;
            const current = this.session;
            if (!current || this.conn) return;
            this.connect(current).catch(() => {
                if (!this.conn && this.session && this.reconnectTimer === null) this.emitState('offline');
            });
        }, delay);
    }

    private cancelReconnect(): void {
        if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
        this.reconnectTimer = null;
        this.attempts = 0;
    }

    /** Closes the current socket on purpose (no reconnect) and fails its requests. */
    private dropConnection(): void {
        const conn = this.conn;
        this.conn = null;
        if (conn) {
            try {
                conn.socket.close(1000, 'client closed');
            } catch {
                // already closed
            }
        }
        this.failPending(new SandboxError('The chat connection was closed.', 'CONNECTION_CLOSED'));
    }

    private emitState(state: ConnectionState): void {
        this.hub.emit('connectionState', state);
    }

    // ---- incoming frames ------------------------------------------------------------------------
    private onFrame(frame: Record<string, unknown>): void {
        if (frame.type === 'reply') {
            const id = typeof frame.id === 'string' ? frame.id : String(frame.id);
            const p = this.pending.get(id);
            if (!p) return;
            this.pending.delete(id);
            this.timers.clearTimeout(p.timer);
            if (frame.ok === true && isRecord(frame.result)) p.resolve(frame.result);
            else {
                const err = isRecord(frame.error) ? frame.error : {};
                const code = typeof err.code === 'number' ? err.code : 0;
                p.reject(new SandboxError(typeof err.message === 'string' ? err.message : 'request failed', code));
            }
            return;
        }
        if (frame.type !== 'event') return;
        switch (frame.event) {
            case 'message': {
                const m = parseWireMessage(frame.message);
                if (!m) return;
                this.noteSeq(m.groupId, m.seq);
                this.hub.emit('message', toChatMessage(m, this.session?.userId ?? ''));
                return;
            }
            // Membership or profile (mute, name, introduction) changed: announce the complete list again; a group the
            // user left or that was dismissed is simply not in it any more.
            case 'groupJoined':
            case 'groupLeft':
            case 'groupDismissed':
            case 'groupUpdated':
                if (
                    (frame.event === 'groupLeft' || frame.event === 'groupDismissed') &&
                    typeof frame.groupId === 'string'
                )
                    this.lastSeq.delete(frame.groupId);
                void this.announceConversations();
                return;
            case 'kicked': {
                const conn = this.conn;
                this.conn = null; // the server closes it with 4003: no reconnect
                this.failPending(new SandboxError('Signed in elsewhere.', 'KICKED'));
                if (conn) conn.socket.close(1000, 'kicked');
                this.emitState('offline');
                this.hub.emit('kickedOut', 'multipleAccount');
                return;
            }
            default:
                return;
        }
    }

    /** Emits the FULL current list (groups the user left are absent from it). */
    private async announceConversations(): Promise<void> {
        try {
            this.hub.emit('conversationsChanged', await this.conversations());
        } catch {
            // offline: the next reconnect announces again
        }
    }

    private noteSeq(groupId: string, seq: number): void {
        if (seq > (this.lastSeq.get(groupId) ?? 0)) this.lastSeq.set(groupId, seq);
    }

    // ---- requests -------------------------------------------------------------------------------
    private request(op: string, args: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
        const conn = this.conn;
        if (!conn || !conn.ready || conn.socket.readyState !== OPEN) {
            return Promise.reject(new SandboxError('Not connected to the sandbox chat service.', 'NOT_CONNECTED'));
        }
        const id = `r${++this.nextId}`;
        return new Promise((resolve, reject) => {
            const timer = this.timers.setTimeout(() => {
                this.pending.delete(id);
                reject(new SandboxError(`The sandbox chat service did not answer (${op}).`, 'TIMEOUT'));
            }, this.requestTimeoutMs);
            this.pending.set(id, { resolve, reject, timer });
            conn.socket.send(JSON.stringify({ ...args, v: WIRE_VERSION, id, op }));
        });
    }

    private failPending(e: Error): void {
        for (const p of this.pending.values()) {
            this.timers.clearTimeout(p.timer);
            p.reject(e);
        }
        this.pending.clear();
    }

    async conversations(): Promise<ChatConversation[]> {
        const result = await this.request('listGroups');
        const list = Array.isArray(result.groups) ? result.groups : [];
        const out: ChatConversation[] = [];
        for (const raw of list) {
            const g = parseWireGroup(raw);
            if (!g) continue;
            if (g.lastMessage) this.noteSeq(g.groupId, g.lastMessage.seq);
            out.push(toConversation(g));
        }
        return out;
    }

    async getMessages(groupId: string, cursor: string | null): Promise<MessagePage> {
        const args: Record<string, unknown> = { groupId, count: this.pageSize };
        if (cursor !== null) {
            const before = decodeCursor(cursor);
            if (before === null) throw new SandboxError('Invalid page cursor.', 'BAD_CURSOR');
            args.beforeSeq = before;
        }
        const result = await this.request('getMessages', args);
        const selfId = this.session?.userId ?? '';
        const messages: ChatMessage[] = [];
        for (const raw of Array.isArray(result.messages) ? result.messages : []) {
            const m = parseWireMessage(raw);
            if (!m) continue;
            this.noteSeq(m.groupId, m.seq);
            messages.push(toChatMessage(m, selfId));
        }
        const next = typeof result.nextBeforeSeq === 'number' ? result.nextBeforeSeq : null;
        if (result.isFinished === true || next === null) return { messages, cursor: null, done: true };
        return { messages, cursor: encodeCursor(next), done: false };
    }

    async sendText(groupId: string, text: string, clientId: string): Promise<ChatMessage> {
        const item: Unsent = {
            groupId,
            random: this.randomUint32() >>> 0,
            elements: [{ type: 'text', text }],
            file: null,
        };
        this.unsent.set(clientId, item);
        return this.deliver(clientId, item);
    }

    async sendFile(groupId: string, file: OutgoingFile, clientId: string): Promise<ChatMessage> {
        const item: Unsent = { groupId, random: this.randomUint32() >>> 0, elements: null, file };
        this.unsent.set(clientId, item);
        return this.deliver(clientId, item);
    }

    async resend(clientId: string): Promise<ChatMessage> {
        const item = this.unsent.get(clientId);
        if (!item) throw new SandboxError('Nothing to resend for ' + clientId, 'NOTHING_TO_RESEND');
        return this.deliver(clientId, item);
    }

    async markRead(groupId: string): Promise<void> {
        let seq = this.lastSeq.get(groupId);
        if (seq === undefined) {
            await this.getMessages(groupId, null);
            seq = this.lastSeq.get(groupId) ?? 0;
        }
        await this.request('markRead', { groupId, seq });
    }

    private async deliver(clientId: string, item: Unsent): Promise<ChatMessage> {
        try {
            if (!item.elements && item.file) item.elements = [await this.upload(item.file)];
            const result = await this.request('sendMessage', {
                groupId: item.groupId,
                random: item.random,
                elements: item.elements,
            });
            const m: WireMessage | null = parseWireMessage(result.message);
            if (!m) throw new SandboxError('The sandbox chat service sent a malformed reply.', 'BAD_REPLY');
            this.unsent.delete(clientId);
            this.noteSeq(m.groupId, m.seq);
            return toChatMessage(m, this.session?.userId ?? '', clientId);
        } catch (e) {
            const code = (e as { code?: unknown }).code;
            if (typeof code === 'number' && SIG_EXPIRED_CODES.has(code)) this.hub.emit('sessionExpiring');
            throw e;
        }
    }

    /** `POST /sandbox/uploads` on the WebSocket's host: the sandbox stores the bytes and returns a URL. */
    private async upload(outgoing: OutgoingFile): Promise<WireElement> {
        const file = outgoing.file;
        if (file.size > MAX_UPLOAD_BYTES)
            throw new SandboxError(
                `Files can be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB in the sandbox.`,
                'FILE_TOO_LARGE',
            );
        const base = new URL(this.url);
        base.protocol = base.protocol === 'wss:' ? 'https:' : 'http:';
        const target = new URL('/sandbox/uploads', base.origin);
        target.searchParams.set('name', file.name.slice(0, 200) || 'file');
        const doFetch = this.options.fetch ?? ((input, init) => fetch(input, init));
        const res = await doFetch(target.toString(), {
            method: 'POST',
            headers: { 'content-type': 'application/octet-stream' },
            body: file,
        });
        const body: unknown = await res.json().catch(() => null);
        if (!res.ok || !isRecord(body) || typeof body.url !== 'string') {
            const message =
                isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string'
                    ? body.error.message
                    : `HTTP ${res.status}`;
            throw new SandboxError('Upload failed: ' + message, 'UPLOAD_FAILED');
        }
        const name = typeof body.name === 'string' ? body.name : file.name;
        const size = typeof body.size === 'number' ? body.size : file.size;
        return outgoing.kind === 'image'
            ? { type: 'image', url: body.url, width: 0, height: 0 }
            : { type: 'file', url: body.url, name, size };
    }
}

function parseFrame(data: unknown): Record<string, unknown> | null {
    if (typeof data !== 'string') return null;
    try {
        const v: unknown = JSON.parse(data);
        return isRecord(v) && v.v === WIRE_VERSION ? v : null;
    } catch {
        return null;
    }
}

/** Cursors are opaque to the widget: `b<seq>` = "messages before this seq". */
function encodeCursor(beforeSeq: number): string {
    return `b${beforeSeq}`;
}

function decodeCursor(cursor: string): number | null {
    const m = /^b(\d{1,15})$/.exec(cursor);
    return m ? Number(m[1]) : null;
}
