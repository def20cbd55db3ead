import type { WebSocket } from 'ws';
import { TencentError, TencentErrorCode } from './errors.js';

/** Version of the fake's WebSocket protocol (docs/fakes.md). */
export const REALTIME_PROTOCOL_VERSION = 1;

/** Close codes the fake uses. */
export const CLOSE_LOGIN_FAILED = 4001;
export const CLOSE_KICKED = 4003;

const OPEN = 1;

interface Connection {
    userId: string;
    socket: WebSocket;
}

type ClientFrame = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The fake's JSON WebSocket for the Messaging-mode sandbox pages: one connection per user (a second login kicks the
 * first), request/reply ops registered by other modules (the C2C ops of c2c.ts) and frames they push. Group chat is
 * not here: agents and customers use the real Web SDK through the SDK gateway (sdk-gateway/).
 */
export class RealtimeHub {
    private readonly connections = new Map<string, Connection>();
    /** ops added by other modules (c2c.ts) */
    private readonly extraOps = new Map<string, (userId: string, frame: ClientFrame) => Record<string, unknown>>();

    /** Adopts an authenticated socket for `userId`; an earlier connection of the same user is kicked. */
    attach(userId: string, socket: WebSocket, nowMs: number): void {
        const previous = this.connections.get(userId);
        if (previous) {
            this.send(previous.socket, { type: 'event', event: 'kicked', reason: 'multipleAccount' });
            previous.socket.close(CLOSE_KICKED, 'multipleAccount');
        }
        const connection: Connection = { userId, socket };
        this.connections.set(userId, connection);
        socket.on('message', (data) => this.onFrame(connection, data.toString()));
        socket.on('close', () => {
            if (this.connections.get(userId) === connection) this.connections.delete(userId);
        });
        this.send(socket, { type: 'ready', userId, serverTime: nowMs });
    }

    /** Sends a login failure and closes the socket. */
    reject(socket: WebSocket, code: number, message: string): void {
        this.send(socket, { type: 'loginFailed', code, message });
        socket.close(CLOSE_LOGIN_FAILED, 'login failed');
    }

    registerOp(name: string, op: (userId: string, frame: ClientFrame) => Record<string, unknown>): void {
        this.extraOps.set(name, op);
    }

    /** Pushes a frame to `userId` when connected. */
    push(userId: string, frame: Record<string, unknown>): void {
        this.sendTo(userId, frame);
    }

    isConnected(userId: string): boolean {
        return this.connections.has(userId);
    }

    closeAll(): void {
        for (const connection of this.connections.values()) connection.socket.close(1001, 'server closing');
        this.connections.clear();
    }

    private send(socket: WebSocket, frame: Record<string, unknown>): void {
        if (socket.readyState === OPEN) socket.send(JSON.stringify({ v: REALTIME_PROTOCOL_VERSION, ...frame }));
    }

    private sendTo(userId: string, frame: Record<string, unknown>, except?: WebSocket): void {
        const connection = this.connections.get(userId);
        if (connection && connection.socket !== except) this.send(connection.socket, frame);
    }

    private onFrame(connection: Connection, text: string): void {
        let frame: unknown;
        try {
            frame = JSON.parse(text);
        } catch {
            this.send(connection.socket, {
                type: 'reply',
                id: null,
                ok: false,
                error: { code: TencentErrorCode.JSON_PARSE, message: 'frame is not JSON' },
            });
            return;
        }
        const id =
            isRecord(frame) && (typeof frame['id'] === 'string' || typeof frame['id'] === 'number')
                ? frame['id']
                : null;
        try {
            if (!isRecord(frame)) throw new TencentError(TencentErrorCode.INVALID_PARAM, 'frame must be a JSON object');
            if (frame['v'] !== REALTIME_PROTOCOL_VERSION)
                throw new TencentError(TencentErrorCode.INVALID_PARAM, `v must be ${REALTIME_PROTOCOL_VERSION}`);
            const result = this.runOp(connection, frame);
            this.send(connection.socket, { type: 'reply', id, ok: true, result });
        } catch (error) {
            if (!(error instanceof TencentError)) throw error;
            this.send(connection.socket, {
                type: 'reply',
                id,
                ok: false,
                error: { code: error.code, message: error.info },
            });
        }
    }

    private runOp(connection: Connection, frame: ClientFrame): Record<string, unknown> {
        const userId = connection.userId;
        switch (frame['op']) {
            case 'ping':
                return { pong: true };
            default: {
                const extra = typeof frame['op'] === 'string' ? this.extraOps.get(frame['op']) : undefined;
                if (extra) return extra(userId, frame);
                throw new TencentError(
                    TencentErrorCode.GROUP_UNKNOWN_COMMAND,
                    `unknown op ${JSON.stringify(frame['op'])}`,
                );
            }
        }
    }
}
