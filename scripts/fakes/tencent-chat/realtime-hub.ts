import type { WebSocket } from 'ws';
import type { ChatEvent, ChatState, GroupState, MemberState } from './chat-state.js';
import { TencentError, TencentErrorCode } from './errors.js';
import { elementToRest, parseElements, parseRestMsgBody, toWireMessage } from './messages.js';
import type { FakeMessageView } from './messages.js';

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

function integerField(
    frame: ClientFrame,
    key: string,
    opts: { required: boolean; min: number; max: number },
): number | undefined {
    const value = frame[key];
    if (value === undefined || value === null) {
        if (opts.required) throw new TencentError(TencentErrorCode.INVALID_PARAM, `${key} is required`);
        return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < opts.min || value > opts.max) {
        throw new TencentError(
            TencentErrorCode.INVALID_PARAM,
            `${key} must be an integer from ${opts.min} to ${opts.max}`,
        );
    }
    return value;
}

function groupIdField(frame: ClientFrame): string {
    const value = frame['groupId'];
    if (typeof value !== 'string' || value.length === 0)
        throw new TencentError(TencentErrorCode.INVALID_PARAM, 'groupId is required');
    return value;
}

/**
 * The real-time channel local chat clients use instead of Tencent's own WebSocket: one connection per user
 * (a second login kicks the first), request/reply ops, and pushed events for messages and membership changes.
 */
export class RealtimeHub {
    private readonly connections = new Map<string, Connection>();
    /** ops added by other modules (c2c.ts) */
    private readonly extraOps = new Map<string, (userId: string, frame: ClientFrame) => Record<string, unknown>>();

    constructor(private readonly state: ChatState) {
        state.onEvent((event) => this.dispatch(event));
    }

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

    private dispatch(event: ChatEvent): void {
        switch (event.kind) {
            case 'message': {
                const group = this.state.groups.get(event.groupId);
                if (!group) return;
                const wire = toWireMessage(event.message);
                const except = event.origin as WebSocket | undefined;
                for (const account of group.members.keys()) {
                    this.sendTo(
                        account,
                        { type: 'event', event: 'message', groupId: event.groupId, message: wire },
                        except,
                    );
                }
                return;
            }
            case 'joined':
                for (const account of event.accounts)
                    this.sendTo(account, { type: 'event', event: 'groupJoined', groupId: event.groupId });
                return;
            case 'left':
                for (const account of event.accounts)
                    this.sendTo(account, { type: 'event', event: 'groupLeft', groupId: event.groupId });
                return;
            case 'dismissed':
                for (const account of event.accounts)
                    this.sendTo(account, { type: 'event', event: 'groupDismissed', groupId: event.groupId });
                return;
            case 'updated': {
                const group = this.state.groups.get(event.groupId);
                if (!group) return;
                for (const account of event.accounts) {
                    this.sendTo(account, {
                        type: 'event',
                        event: 'groupUpdated',
                        groupId: event.groupId,
                        muteAll: group.muteAll,
                        name: group.name,
                        introduction: group.introduction,
                    });
                }
                return;
            }
        }
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

    private memberOf(userId: string, groupId: string): { group: GroupState; member: MemberState } {
        const group = this.state.requireLiveGroup(groupId);
        const member = group.members.get(userId);
        if (!member)
            throw new TencentError(TencentErrorCode.PERMISSION_DENIED, `${userId} is not a member of group ${groupId}`);
        return { group, member };
    }

    private visibleMessages(group: GroupState, member: MemberState): FakeMessageView[] {
        const first = this.state.firstVisibleSeq(group, member);
        return group.messages.filter((m) => m.seq >= first);
    }

    private runOp(connection: Connection, frame: ClientFrame): Record<string, unknown> {
        const userId = connection.userId;
        switch (frame['op']) {
            case 'ping':
                return { pong: true };
            case 'listGroups': {
                const groups = [...this.state.groups.values()]
                    .filter((group) => !group.dismissed && group.members.has(userId))
                    .map((group) => {
                        const member = group.members.get(userId)!;
                        const visible = this.visibleMessages(group, member);
                        const last = visible.at(-1);
                        return {
                            groupId: group.groupId,
                            type: group.type,
                            name: group.name,
                            introduction: group.introduction,
                            muteAll: group.muteAll,
                            role: member.role,
                            readSeq: member.readSeq,
                            unread: visible.filter((m) => m.seq > member.readSeq && m.from !== userId).length,
                            lastMessage: last ? toWireMessage(last) : null,
                        };
                    });
                return { groups };
            }
            case 'getMessages': {
                const { group, member } = this.memberOf(userId, groupIdField(frame));
                const beforeSeq = integerField(frame, 'beforeSeq', {
                    required: false,
                    min: 1,
                    max: Number.MAX_SAFE_INTEGER,
                });
                const count = integerField(frame, 'count', { required: false, min: 1, max: 100 }) ?? 15;
                const visible = this.visibleMessages(group, member).filter(
                    (m) => beforeSeq === undefined || m.seq < beforeSeq,
                );
                const page = visible.slice(-count);
                const isFinished = page.length === visible.length;
                return {
                    groupId: group.groupId,
                    messages: page.map(toWireMessage),
                    isFinished,
                    nextBeforeSeq: isFinished ? null : page[0]!.seq,
                };
            }
            case 'sendMessage': {
                const groupId = groupIdField(frame);
                const random = integerField(frame, 'random', { required: true, min: 0, max: 4294967295 })!;
                const elements = parseElements(frame['elements']);
                const { message } = this.state.sendMessage({
                    groupId,
                    from: userId,
                    random,
                    elements,
                    msgBody: parseRestMsgBody(elements.map(elementToRest)),
                    byAdmin: false,
                    origin: connection.socket,
                });
                return { message: toWireMessage(message) };
            }
            case 'markRead': {
                const { group, member } = this.memberOf(userId, groupIdField(frame));
                const seq = integerField(frame, 'seq', { required: true, min: 0, max: Number.MAX_SAFE_INTEGER })!;
                member.readSeq = Math.max(member.readSeq, Math.min(seq, group.nextSeq - 1));
                return { groupId: group.groupId, readSeq: member.readSeq };
            }
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
