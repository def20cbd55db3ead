import { FaultQueue } from '../shared/fault-queue.js';
import { StandaloneServer, type FakeServer } from '../shared/standalone-server.js';
import { ChatState } from './chat-state.js';
import type { GroupState } from './chat-state.js';
import type { ApplyJoinOption, GroupType, MemberRole } from './group-rules.js';
import type { FakeMessageView } from './messages.js';
import { parseRestMsgBody, restToElement } from './messages.js';
import { createTencentPlugin } from './plugin.js';
import type { RecordedTencentCall, TencentFault } from './plugin.js';
import { RealtimeHub } from './realtime-hub.js';
import { createCommandHandlers } from './rest-commands.js';
import { SdkFileStore } from './sdk-gateway/file-store.js';
import { SdkGateway } from './sdk-gateway/sdk-gateway.js';
import { requireUserIdParam } from './sdk-gateway/kick.js';
import { encodeUserSig } from './usersig.js';
import { CallbackSender, type CallbackTarget } from './callback-sender.js';
import { C2CMessaging } from './c2c.js';

export type { FakeElement, FakeMessageView, RestMsgElement } from './messages.js';
export type { ApplyJoinOption, GroupType, MemberRole } from './group-rules.js';
export type { RecordedTencentCall, TencentFault } from './plugin.js';
export { REALTIME_PROTOCOL_VERSION, CLOSE_KICKED, CLOSE_LOGIN_FAILED } from './realtime-hub.js';
export { TencentErrorCode } from './errors.js';
export { decodeUserSig, encodeUserSig, verifyUserSig, userSigContent, userSigHmac } from './usersig.js';
export type { UserSigFields, UserSigCheck } from './usersig.js';
export type { CallbackTarget, CallbackDelivery } from './callback-sender.js';
export type { C2CMessageView } from './c2c.js';

export interface FakeTencentChatOptions {
    sdkAppId: number;
    secretKey: string;
    adminIdentifier: string;
    /** clock in epoch ms; default Date.now */
    now?: () => number;
    /** where webhooks go (C2C callbacks); settable later with `callbacks.setTarget` */
    callbacks?: CallbackTarget;
    /**
     * The app has group read receipts (Pro / Pro Plus / Enterprise edition with the console switch on); default true.
     * Settable later with `setReadReceipts`.
     */
    readReceipts?: boolean;
}

export interface FakeGroupMemberView {
    account: string;
    role: MemberRole;
    /** first seq this member sees in groups that hide earlier history */
    joinSeq: number;
    /** epoch ms */
    joinTime: number;
    readSeq: number;
}

export interface FakeGroupView {
    groupId: string;
    type: GroupType;
    name: string;
    /** the group introduction as set (the relay writes case JSON here); '' when unset */
    introduction: string;
    owner: string | undefined;
    applyJoinOption: ApplyJoinOption;
    muteAll: boolean;
    dismissed: boolean;
    /** epoch ms */
    createdAt: number;
    nextSeq: number;
    members: FakeGroupMemberView[];
}

export interface FakeAccountView {
    userId: string;
    nick: string;
    faceUrl: string;
}

/** Routes: `POST /v4/:service/:command` and `GET /ws`; `calls` records the REST calls. */
export interface FakeTencentChat extends FakeServer<TencentFault, RecordedTencentCall> {
    getGroup(groupId: string): FakeGroupView | undefined;
    hasAccount(userId: string): boolean;
    /** an imported account with its profile (Nick, FaceUrl) */
    getAccount(userId: string): FakeAccountView | undefined;
    /** stored messages of a group, oldest first */
    groupMessages(groupId: string): FakeMessageView[];
    /** seeding helper: same effect as send_group_msg with From_Account `from` (a long conversation in one step) */
    seedMessage(groupId: string, from: string, text: string): void;
    /** seeding helper: same effect as account_import */
    importAccount(userId: string, nick?: string): void;
    /** a UserSig for `identifier` signed with this fake's key (tests, sandbox pages) */
    userSig(identifier: string, expireSeconds?: number): string;
    /** true while `userId` has an open WebSocket (legacy realtime channel or a logged-in Web SDK) */
    isOnline(userId: string): boolean;
    /** drops the Web SDK socket of `userId` like a network failure; the SDK reconnects and logs in again with its a2 */
    dropSdkConnection(userId: string): void;
    /** turns the app's group read receipts on or off (the edition/console setting; see `readReceipts`) */
    setReadReceipts(on: boolean): void;
    /** forgets accounts (except the admin), groups, messages, calls and faults; closes WebSockets */
    reset(): void;
    /** one-to-one messages (c2c.ts) */
    c2c: C2CMessaging;
    /** webhook sender (callback-sender.ts) */
    callbacks: CallbackSender;
}

function groupView(group: GroupState): FakeGroupView {
    return {
        groupId: group.groupId,
        type: group.type,
        name: group.name,
        introduction: group.introduction,
        owner: group.owner,
        applyJoinOption: group.applyJoinOption,
        muteAll: group.muteAll,
        dismissed: group.dismissed,
        createdAt: group.createdAt,
        nextSeq: group.nextSeq,
        members: [...group.members.values()].map((m) => ({ ...m })),
    };
}

export function createFakeTencentChat(opts: FakeTencentChatOptions): FakeTencentChat {
    const now = opts.now ?? Date.now;
    const state = new ChatState(opts.adminIdentifier, now);
    state.readReceipts = opts.readReceipts ?? true;
    const hub = new RealtimeHub();
    const files = new SdkFileStore();
    const gateway = new SdkGateway({ sdkAppId: opts.sdkAppId, secretKey: opts.secretKey, now, state, files });
    const handlers = createCommandHandlers({ adminIdentifier: opts.adminIdentifier });
    // im_open_login_svc/kick: ends the account's SDK session (KICKED_OUT with REST_API_Kick).
    handlers.set('im_open_login_svc/kick', (body) => {
        gateway.kick(requireUserIdParam(body['UserID']));
        return {};
    });
    const faults = new FaultQueue<TencentFault>();
    const calls: RecordedTencentCall[] = [];
    let seeded = 0;
    const callbacks = new CallbackSender(opts.sdkAppId, now);
    callbacks.setTarget(opts.callbacks ?? null);
    const c2c = new C2CMessaging(state, callbacks, opts.adminIdentifier, now);
    // Every group message (REST send_group_msg, the Web SDK through the gateway, seeding) fires the after-send
    // callback like the real service: the sender's platform, the group, the message as stored.
    state.onEvent((event) => {
        if (event.kind !== 'message') return;
        const group = state.groups.get(event.groupId);
        const m = event.message;
        callbacks.send(
            'Group.CallbackAfterSendMsg',
            {
                GroupId: event.groupId,
                Type: group?.type ?? 'Public',
                From_Account: m.from,
                Operator_Account: m.from,
                Random: m.random,
                MsgSeq: m.seq,
                MsgTime: Math.floor(m.time / 1000),
                OnlineOnlyFlag: 0,
                MsgBody: m.msgBody,
                EventTime: now(),
            },
            event.origin ? 'Web' : 'RESTAPI',
        );
    });
    c2c.setPush((userId, frame) => hub.push(userId, frame));
    for (const [name, op] of c2c.ops()) hub.registerOp(name, op);
    const plugin = createTencentPlugin({
        sdkAppId: opts.sdkAppId,
        secretKey: opts.secretKey,
        adminIdentifier: opts.adminIdentifier,
        now,
        state,
        hub,
        gateway,
        files,
        handlers: new Map([...handlers, ...c2c.commands()]),
        faults,
        calls,
    });
    const server = new StandaloneServer(plugin);

    return {
        plugin,
        listen: (port, host) => server.listen(port, host),
        close: async () => {
            hub.closeAll();
            await server.close();
        },
        faults: { inject: (f) => faults.inject(f), clear: () => faults.clear() },
        calls,
        getGroup: (groupId) => {
            const group = state.groups.get(groupId);
            return group ? groupView(group) : undefined;
        },
        hasAccount: (userId) => state.hasAccount(userId),
        getAccount: (userId) => {
            const account = state.accounts.get(userId);
            return account ? { ...account } : undefined;
        },
        groupMessages: (groupId) => [...(state.groups.get(groupId)?.messages ?? [])],
        importAccount: (userId, nick) => state.importAccount(userId, nick),
        seedMessage: (groupId, from, text) => {
            const msgBody = parseRestMsgBody([{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }]);
            seeded += 1;
            state.sendMessage({
                groupId,
                from,
                random: seeded,
                msgBody,
                elements: msgBody.map(restToElement),
                byAdmin: from === opts.adminIdentifier,
            });
        },
        userSig: (identifier, expireSeconds = 86400) =>
            encodeUserSig({
                sdkAppId: opts.sdkAppId,
                secretKey: opts.secretKey,
                identifier,
                expireSeconds,
                time: Math.floor(now() / 1000),
            }),
        dropSdkConnection: (userId) => gateway.dropConnection(userId),
        setReadReceipts: (on) => {
            state.readReceipts = on;
        },
        isOnline: (userId) => hub.isConnected(userId) || gateway.isOnline(userId),
        c2c,
        callbacks,
        reset: () => {
            hub.closeAll();
            gateway.closeAll();
            files.clear();
            state.reset();
            c2c.reset();
            faults.clear();
            calls.length = 0;
        },
    };
}
