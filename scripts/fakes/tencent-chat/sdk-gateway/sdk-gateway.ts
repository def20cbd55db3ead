import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { ChatEvent, ChatState } from '../chat-state.js';
import { TencentError, TencentErrorCode } from '../errors.js';
import { verifyUserSig } from '../usersig.js';
import { SdkCommands } from './sdk-commands.js';
import type { SdkFileStore } from './file-store.js';
import {
    KICK_TYPE,
    NOTICE,
    PUSH_EVENT,
    TIP,
    sdkGroupControl,
    sdkGroupMessage,
    sdkReceiptNotice,
} from './sdk-wire-shapes.js';
import { receiptCount } from './read-receipts.js';
import { SERVCMD } from './servcmds.js';
import { errorReplyFrame, parseRequestFrame, pushFrame, replyFrame } from './wire.js';
import type { Body, RequestFrame } from './wire.js';

const OPEN = 1;
/** Seconds between the SDK's `wshello` frames. */
export const HELLO_INTERVAL_S = 30;

export interface SdkGatewayDeps {
    sdkAppId: number;
    secretKey: string;
    now: () => number;
    state: ChatState;
    files: SdkFileStore;
}

/** One WebSocket of one SDK instance. */
export interface SdkConnection {
    socket: WebSocket;
    binary: boolean;
    instanceId: string;
    userId: string | null;
    a2: string | null;
    kicked: boolean;
}

interface A2Session {
    userId: string;
    tinyId: string;
}

/**
 * The fake's gateway for the unmodified Tencent Chat Web SDK (`proxyServer`): the SDK's login, sync, conversation,
 * group, message and upload commands over the same ChatState as the REST API, and the pushes the real service sends
 * when the state changes (messages, tips, system notices, kick-out).
 */
export class SdkGateway {
    /** logged-in connection per account (one instance per account, like the default multi-login policy) */
    private readonly online = new Map<string, SdkConnection>();
    private readonly a2Sessions = new Map<string, A2Session>();
    private readonly tinyIds = new Map<string, string>();
    private pushSeq = 1;
    private controlSeq = 1;
    private instanceNumber = 1;
    private readonly commands: SdkCommands;

    constructor(private readonly deps: SdkGatewayDeps) {
        this.commands = new SdkCommands(deps.state, deps.files, deps.now, (userId) => this.tinyIdOf(userId));
        deps.state.onEvent((event) => this.dispatch(event));
    }

    /** Adopts a WebSocket opened on `/binfo` (binary frames) or `/info` (text frames). */
    attach(socket: WebSocket, opts: { binary: boolean; instanceId: string }): void {
        const connection: SdkConnection = { socket, ...opts, userId: null, a2: null, kicked: false };
        socket.on('message', (data, isBinary) => {
            const raw = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
            this.onFrame(connection, isBinary ? raw : raw.toString('utf8'));
        });
        socket.on('close', () => {
            if (connection.userId && this.online.get(connection.userId) === connection)
                this.online.delete(connection.userId);
        });
    }

    /** Closes the account's socket without ending its session, like a network drop (the SDK reconnects with a2). */
    dropConnection(userId: string): void {
        this.online.get(userId)?.socket.terminate();
    }

    isOnline(userId: string): boolean {
        return this.online.has(userId);
    }

    /** REST `im_open_login_svc/kick`: the account's SDK gets KICKED_OUT (REST_API_Kick) and its session ends. */
    kick(userId: string): void {
        const connection = this.online.get(userId);
        if (connection) this.forceOffline(connection, KICK_TYPE.REST_API);
        for (const [a2, session] of this.a2Sessions) if (session.userId === userId) this.a2Sessions.delete(a2);
    }

    closeAll(): void {
        for (const connection of this.online.values()) connection.socket.close(1001, 'server closing');
        this.online.clear();
        this.a2Sessions.clear();
    }

    private send(connection: SdkConnection, text: string): void {
        if (connection.socket.readyState !== OPEN) return;
        connection.socket.send(connection.binary ? Buffer.from(text, 'utf8') : text);
    }

    private push(userId: string, body: Body, except?: SdkConnection): void {
        const connection = this.online.get(userId);
        if (!connection || connection === except || connection.kicked) return;
        this.send(connection, pushFrame(SERVCMD.PUSH, this.pushSeq++, body));
    }

    private onFrame(connection: SdkConnection, data: Buffer | string): void {
        let frame: RequestFrame;
        try {
            frame = parseRequestFrame(data);
        } catch {
            connection.socket.close(1003, 'not an SDK frame');
            return;
        }
        try {
            const body = this.answer(connection, frame);
            if (body !== null) this.send(connection, replyFrame(frame.head, body));
        } catch (error) {
            if (!(error instanceof TencentError)) throw error;
            this.send(connection, errorReplyFrame(frame.head, error.code, error.info));
        }
    }

    /** The reply body, or null for frames that get no reply. */
    private answer(connection: SdkConnection, frame: RequestFrame): Body | null {
        const { head } = frame;
        switch (head.servcmd) {
            case SERVCMD.LOGIN:
                return this.login(connection, frame);
            case SERVCMD.HEARTBEAT:
                return {};
            case SERVCMD.TELEMETRY:
                return {};
        }
        if (connection.kicked) {
            // A kicked SDK logs out; then the socket ends.
            if (head.servcmd === SERVCMD.LOGOUT) {
                setTimeout(() => connection.socket.close(1000, 'kicked out'), 50);
                return {};
            }
            if (head.servcmd === SERVCMD.HELLO)
                throw new TencentError(1002, 'kicked out: the account logged in elsewhere');
            throw new TencentError(TencentErrorCode.SIG_EXPIRED, 'the session ended');
        }
        const userId = this.requireSession(connection, frame);
        switch (head.servcmd) {
            case SERVCMD.LOGOUT:
                this.online.delete(userId);
                if (connection.a2) this.a2Sessions.delete(connection.a2);
                connection.userId = null;
                connection.a2 = null;
                return {};
            case SERVCMD.HELLO:
                return {};
            case SERVCMD.SEND_GROUP_MESSAGE:
                return this.commands.sendGroupMessage(userId, frame.body, connection);
            case SERVCMD.UPLOAD_SIGNATURE:
                return this.commands.uploadSignature(userId, frame.body);
            default:
                return this.commands.run(userId, head.servcmd, frame.body);
        }
    }

    /**
     * The account a request acts for. Requests carry the session's a2 (and tinyid); upload-signature requests carry
     * the UserSig instead, which must verify for the same account.
     */
    private requireSession(connection: SdkConnection, frame: RequestFrame): string {
        const { head } = frame;
        if (!connection.userId || !connection.a2)
            throw new TencentError(TencentErrorCode.ACCOUNT_OR_SIG_MISSING, 'not logged in');
        if (head.a2 !== undefined) {
            const tinyId = this.tinyIds.get(connection.userId);
            if (head.a2 !== connection.a2 || (head.tinyid !== undefined && head.tinyid !== tinyId))
                throw new TencentError(TencentErrorCode.SIG_VERIFY, 'a2 does not match this session');
            return connection.userId;
        }
        if (head.usersig === undefined || head.identifier !== connection.userId)
            throw new TencentError(TencentErrorCode.ACCOUNT_OR_SIG_MISSING, 'a2 or usersig is required');
        const check = verifyUserSig({
            userSig: head.usersig,
            identifier: connection.userId,
            sdkAppId: this.deps.sdkAppId,
            secretKey: this.deps.secretKey,
            nowMs: this.deps.now(),
        });
        if (!check.ok) throw new TencentError(check.code, check.info);
        return connection.userId;
    }

    private login(connection: SdkConnection, frame: RequestFrame): Body {
        const { head } = frame;
        let identifier: string;
        if (head.a2) {
            // A reconnecting SDK logs in again with the A2Key (and TinyId) it was given, without a UserSig.
            const session = this.a2Sessions.get(head.a2);
            if (
                !session ||
                (head.identifier && head.identifier !== session.userId) ||
                (head.tinyid && head.tinyid !== session.tinyId)
            )
                throw new TencentError(TencentErrorCode.SIG_EXPIRED, 'a2 expired or unknown; log in with a UserSig');
            identifier = session.userId;
        } else {
            if (!head.identifier)
                throw new TencentError(TencentErrorCode.ACCOUNT_OR_SIG_MISSING, 'identifier is required');
            identifier = head.identifier;
            if (head.sdkappid !== this.deps.sdkAppId)
                throw new TencentError(
                    TencentErrorCode.SDKAPPID_UNKNOWN,
                    `sdkappid ${String(head.sdkappid)} does not exist`,
                );
            if (!head.usersig) throw new TencentError(TencentErrorCode.ACCOUNT_OR_SIG_MISSING, 'usersig is required');
            const check = verifyUserSig({
                userSig: head.usersig,
                identifier,
                sdkAppId: this.deps.sdkAppId,
                secretKey: this.deps.secretKey,
                nowMs: this.deps.now(),
            });
            if (!check.ok) throw new TencentError(check.code, check.info);
        }
        // Like the real service: logging in with a valid UserSig registers the account.
        if (!this.deps.state.hasAccount(identifier)) this.deps.state.importAccount(identifier);
        const previous = this.online.get(identifier);
        if (previous && previous !== connection) {
            if (previous.instanceId === connection.instanceId) previous.socket.close(1000, 'replaced');
            else this.forceOffline(previous, KICK_TYPE.MULTIPLE_ACCOUNT);
        }
        const tinyId = this.tinyIdOf(identifier);
        const a2 = head.a2 ?? randomBytes(24).toString('hex');
        this.a2Sessions.set(a2, { userId: identifier, tinyId });
        connection.userId = identifier;
        connection.a2 = a2;
        this.online.set(identifier, connection);
        return {
            A2Key: a2,
            TinyId: tinyId,
            InstId: this.instanceNumber++,
            HelloInterval: HELLO_INTERVAL_S,
            TimeStamp: Math.floor(this.deps.now() / 1000),
        };
    }

    private tinyIdOf(userId: string): string {
        let tinyId = this.tinyIds.get(userId);
        if (!tinyId) {
            tinyId = String(144115200000000000n + BigInt(this.tinyIds.size + 1));
            this.tinyIds.set(userId, tinyId);
        }
        return tinyId;
    }

    /** Sends the kick-out notice and ends the connection's session (its a2 stops working). */
    private forceOffline(connection: SdkConnection, kickType: number): void {
        this.send(
            connection,
            pushFrame(SERVCMD.FORCE_OFFLINE, this.pushSeq++, {
                EventArray: [{ Event: 9, C2cNotifyMsgArray: [{ KickoutMsgNotify: { KickType: kickType } }] }],
            }),
        );
        connection.kicked = true;
        if (connection.a2) this.a2Sessions.delete(connection.a2);
        if (connection.userId && this.online.get(connection.userId) === connection)
            this.online.delete(connection.userId);
    }

    private dispatch(event: ChatEvent): void {
        const group = this.deps.state.groups.get(event.groupId);
        if (!group) return;
        const now = this.deps.now();
        const control = (body: Record<string, unknown>, to?: string) =>
            sdkGroupControl(group, this.controlSeq++, now, body, to);
        /** One tip or system notice (to the member itself when `addressed`) pushed to `account`. */
        const tip = (account: string, pushEvent: number, body: Record<string, unknown>, addressed = false) =>
            this.push(account, {
                EventArray: [
                    {
                        Event: pushEvent,
                        GroupTips: [control({ Operator_Account: '', ...body }, addressed ? account : undefined)],
                    },
                ],
            });
        switch (event.kind) {
            case 'message':
            case 'online': {
                const item = sdkGroupMessage(
                    event.message,
                    group,
                    this.deps.state.accounts.get(event.message.from),
                    this.tinyIdOf(event.message.from),
                );
                const except = event.origin as SdkConnection | undefined;
                for (const account of group.members.keys())
                    this.push(
                        account,
                        { EventArray: [{ Event: PUSH_EVENT.GROUP_MESSAGE, GroupMsgArray: [item] }] },
                        except,
                    );
                return;
            }
            case 'receipts':
                for (const seq of event.seqs) {
                    const message = group.messages.find((m) => m.seq === seq);
                    if (!message) continue;
                    const notice = sdkReceiptNotice(
                        group,
                        message,
                        this.tinyIdOf(message.from),
                        receiptCount(group, seq),
                        this.controlSeq++,
                        now,
                    );
                    this.push(message.from, {
                        EventArray: [{ Event: PUSH_EVENT.GROUP_SYSTEM_NOTICE, GroupTips: [notice] }],
                    });
                }
                return;
            case 'joined':
                // The new members get the "invited" notice; every member, the new ones included, gets the "joined"
                // tip (it opens the conversation for them).
                for (const account of event.accounts)
                    tip(account, PUSH_EVENT.GROUP_SYSTEM_NOTICE, { OpType: NOTICE.INVITED }, true);
                for (const account of group.members.keys())
                    tip(account, PUSH_EVENT.GROUP_TIP, {
                        OpType: TIP.MEMBER_JOIN,
                        List_Account: event.accounts,
                        MemberNum: group.members.size,
                    });
                return;
            case 'left':
                for (const account of event.accounts)
                    tip(account, PUSH_EVENT.GROUP_SYSTEM_NOTICE, { OpType: NOTICE.KICKED_OUT }, true);
                for (const account of group.members.keys())
                    tip(account, PUSH_EVENT.GROUP_TIP, {
                        OpType: TIP.MEMBER_KICKED_OUT,
                        List_Account: event.accounts,
                        MemberNum: group.members.size,
                    });
                return;
            case 'dismissed':
                for (const account of event.accounts)
                    tip(account, PUSH_EVENT.GROUP_SYSTEM_NOTICE, { OpType: NOTICE.GROUP_DISMISSED }, true);
                return;
            case 'updated':
                for (const account of event.accounts)
                    tip(account, PUSH_EVENT.GROUP_PROFILE_TIP, {
                        OpType: TIP.GROUP_PROFILE_UPDATED,
                        MsgGroupNewInfo: {
                            GroupName: group.name,
                            GroupIntroduction: group.introduction,
                            ShutupAll: group.muteAll ? 1 : 0,
                        },
                    });
                return;
        }
    }
}
