import { TencentError, TencentErrorCode } from './errors.js';
import {
    defaultApplyJoinOption,
    defaultMaxMembers,
    generateGroupId,
    hidesHistoryBeforeJoin,
    storesHistory,
} from './group-rules.js';
import type { ApplyJoinOption, GroupType, MemberRole } from './group-rules.js';
import type { FakeElement, FakeMessageView, RestMsgElement } from './messages.js';

/** Same sender + same Random + same body within this window is a duplicate (Tencent: 5 minutes). */
export const DEDUPE_WINDOW_MS = 5 * 60 * 1000;

export interface MemberState {
    account: string;
    role: MemberRole;
    /** first message seq this member can see in groups that hide earlier history */
    joinSeq: number;
    /** epoch ms */
    joinTime: number;
    /** highest seq the member marked read */
    readSeq: number;
}

export interface GroupState {
    groupId: string;
    type: GroupType;
    name: string;
    owner: string | undefined;
    applyJoinOption: ApplyJoinOption;
    introduction: string;
    notification: string;
    faceUrl: string;
    maxMemberCount: number;
    muteAll: boolean;
    dismissed: boolean;
    /** epoch ms */
    createdAt: number;
    /** seq the next message gets */
    nextSeq: number;
    members: Map<string, MemberState>;
    messages: FakeMessageView[];
    /** Read receipts: members who sent `group_msg_receipt` for a message, by seq (messages asking for one only). */
    readers: Map<number, Set<string>>;
}

export interface AccountState {
    userId: string;
    nick: string;
    faceUrl: string;
}

/** What changed, for the real-time channel. `origin` is an opaque tag of the WebSocket that caused it. */
export type ChatEvent =
    | { kind: 'message'; groupId: string; message: FakeMessageView; origin?: object }
    /** An online-only message: pushed to the members online now, never stored, counted or called back. */
    | { kind: 'online'; groupId: string; message: FakeMessageView; origin?: object }
    /** Members read messages that asked for a read receipt (`seqs`); the senders get the new counts. */
    | { kind: 'receipts'; groupId: string; seqs: number[] }
    | { kind: 'joined'; groupId: string; accounts: string[] }
    | { kind: 'left'; groupId: string; accounts: string[] }
    | { kind: 'dismissed'; groupId: string; accounts: string[] }
    | { kind: 'updated'; groupId: string; accounts: string[] };

export type AddMemberResult = 0 | 1 | 2;

export interface CreateGroupInput {
    type: GroupType;
    name: string;
    groupId?: string;
    owner?: string;
    members: Array<{ account: string; role: MemberRole }>;
    applyJoinOption?: ApplyJoinOption;
    introduction?: string;
    notification?: string;
    faceUrl?: string;
    maxMemberCount?: number;
}

export interface SendInput {
    groupId: string;
    from: string;
    random: number;
    msgBody: RestMsgElement[];
    elements: FakeElement[];
    /** true when the app admin sends (REST without From_Account, or From_Account = admin) */
    byAdmin: boolean;
    origin?: object;
    /** The sender asks for read receipts (kept only where the app has them, see ChatState.readReceipts). */
    needReadReceipt?: boolean;
    /** The sending client's own time of the message (s), part of the Web SDK's message id. */
    clientTime?: number;
}

/**
 * The fake's chat data and its rules: accounts, groups, members and messages. Knows nothing of HTTP.
 */
export class ChatState {
    readonly accounts = new Map<string, AccountState>();
    readonly groups = new Map<string, GroupState>();
    /**
     * Whether the app has group read receipts: Tencent sells them with the Pro / Pro Plus / Enterprise editions, and
     * the console switch "Group Message Read Receipts" must name the group type. Off = a message's request for a
     * receipt is dropped and the receipt commands fail (ReadReceipts).
     */
    readReceipts = true;
    private readonly listeners: Array<(event: ChatEvent) => void> = [];

    constructor(
        private readonly adminIdentifier: string,
        private readonly now: () => number,
    ) {
        this.reset();
    }

    /** Adds a listener for state changes (the legacy realtime hub and the SDK gateway both listen). */
    onEvent(listener: (event: ChatEvent) => void): void {
        this.listeners.push(listener);
    }

    reset(): void {
        this.accounts.clear();
        this.groups.clear();
        this.accounts.set(this.adminIdentifier, { userId: this.adminIdentifier, nick: '', faceUrl: '' });
    }

    importAccount(userId: string, nick?: string, faceUrl?: string): void {
        const existing = this.accounts.get(userId);
        this.accounts.set(userId, {
            userId,
            nick: nick ?? existing?.nick ?? '',
            faceUrl: faceUrl ?? existing?.faceUrl ?? '',
        });
    }

    hasAccount(userId: string): boolean {
        return this.accounts.has(userId);
    }

    /** A group that exists and is not dismissed, or 10010. */
    requireLiveGroup(groupId: string): GroupState {
        const group = this.groups.get(groupId);
        if (!group || group.dismissed) {
            throw new TencentError(
                TencentErrorCode.GROUP_NOT_FOUND,
                `group ${groupId} does not exist or was dismissed`,
            );
        }
        return group;
    }

    createGroup(input: CreateGroupInput): string {
        let groupId = input.groupId;
        if (groupId !== undefined) {
            const existing = this.groups.get(groupId);
            // A dismissed group's custom id can be created again (the relay recreates a reopened case's group).
            if (existing && !existing.dismissed) {
                throw new TencentError(
                    TencentErrorCode.GROUP_ID_ALREADY_YOURS,
                    `GroupId ${groupId} is already used and you created it; you can use it directly`,
                );
            }
        } else {
            do groupId = generateGroupId(input.type);
            while (this.groups.has(groupId));
        }
        const unknown = [input.owner, ...input.members.map((m) => m.account)].filter(
            (account): account is string => account !== undefined && !this.accounts.has(account),
        );
        if (unknown.length > 0) {
            throw new TencentError(
                TencentErrorCode.GROUP_ACCOUNT_NOT_FOUND,
                `account not imported: ${unknown.join(', ')}`,
            );
        }
        const now = this.now();
        const group: GroupState = {
            groupId,
            type: input.type,
            name: input.name,
            owner: input.owner,
            applyJoinOption: input.applyJoinOption ?? defaultApplyJoinOption(input.type),
            introduction: input.introduction ?? '',
            notification: input.notification ?? '',
            faceUrl: input.faceUrl ?? '',
            maxMemberCount: input.maxMemberCount ?? defaultMaxMembers(input.type),
            muteAll: false,
            dismissed: false,
            createdAt: now,
            nextSeq: 1,
            members: new Map(),
            messages: [],
            readers: new Map(),
        };
        if (input.owner !== undefined) {
            group.members.set(input.owner, {
                account: input.owner,
                role: 'Owner',
                joinSeq: 1,
                joinTime: now,
                readSeq: 0,
            });
        }
        for (const member of input.members) {
            if (group.members.has(member.account)) continue;
            group.members.set(member.account, {
                account: member.account,
                role: member.role,
                joinSeq: 1,
                joinTime: now,
                readSeq: 0,
            });
        }
        if (group.members.size > group.maxMemberCount) {
            throw new TencentError(TencentErrorCode.GROUP_FULL, 'the group is full');
        }
        this.groups.set(groupId, group);
        this.emit({ kind: 'joined', groupId, accounts: [...group.members.keys()] });
        return groupId;
    }

    addMembers(groupId: string, accounts: string[]): Array<{ account: string; result: AddMemberResult }> {
        const group = this.requireLiveGroup(groupId);
        if (group.type === 'AVChatRoom') {
            throw new TencentError(
                TencentErrorCode.PERMISSION_DENIED,
                'AVChatRoom groups do not support add_group_member',
            );
        }
        const fresh = accounts.filter((account) => this.accounts.has(account) && !group.members.has(account));
        if (group.members.size + new Set(fresh).size > group.maxMemberCount) {
            throw new TencentError(TencentErrorCode.GROUP_FULL, 'the group is full');
        }
        const now = this.now();
        const added: string[] = [];
        const results = accounts.map((account) => {
            if (!this.accounts.has(account)) return { account, result: 0 as const };
            if (group.members.has(account)) return { account, result: 2 as const };
            group.members.set(account, {
                account,
                role: 'Member',
                joinSeq: group.nextSeq,
                joinTime: now,
                readSeq: group.nextSeq - 1,
            });
            added.push(account);
            return { account, result: 1 as const };
        });
        if (added.length > 0) this.emit({ kind: 'joined', groupId, accounts: added });
        return results;
    }

    deleteMembers(groupId: string, accounts: string[]): void {
        const group = this.requireLiveGroup(groupId);
        if (group.owner !== undefined && accounts.includes(group.owner)) {
            throw new TencentError(
                TencentErrorCode.INVALID_PARAM,
                'MemberToDel_Account: the group owner cannot be removed',
            );
        }
        const removed = accounts.filter((account) => group.members.delete(account));
        if (removed.length > 0) this.emit({ kind: 'left', groupId, accounts: removed });
    }

    destroyGroup(groupId: string): void {
        const group = this.requireLiveGroup(groupId);
        group.dismissed = true;
        this.emit({ kind: 'dismissed', groupId, accounts: [...group.members.keys()] });
    }

    modifyGroup(
        groupId: string,
        changes: {
            name?: string;
            muteAll?: boolean;
            applyJoinOption?: ApplyJoinOption;
            introduction?: string;
            notification?: string;
            faceUrl?: string;
            maxMemberCount?: number;
        },
    ): void {
        const group = this.requireLiveGroup(groupId);
        if (changes.name !== undefined) group.name = changes.name;
        if (changes.muteAll !== undefined) group.muteAll = changes.muteAll;
        if (changes.applyJoinOption !== undefined) group.applyJoinOption = changes.applyJoinOption;
        if (changes.introduction !== undefined) group.introduction = changes.introduction;
        if (changes.notification !== undefined) group.notification = changes.notification;
        if (changes.faceUrl !== undefined) group.faceUrl = changes.faceUrl;
        if (changes.maxMemberCount !== undefined) group.maxMemberCount = changes.maxMemberCount;
        this.emit({ kind: 'updated', groupId, accounts: [...group.members.keys()] });
    }

    /** Sends (or recognises a duplicate of) a message. Membership and mute rules apply to non-admin senders. */
    sendMessage(input: SendInput): { message: FakeMessageView; duplicate: boolean } {
        const group = this.requireSender(input);
        const now = this.now();
        const bodyKey = JSON.stringify(input.msgBody);
        const duplicate = group.messages.find(
            (m) =>
                m.from === input.from &&
                m.random === input.random &&
                now - m.time <= DEDUPE_WINDOW_MS &&
                JSON.stringify(m.msgBody) === bodyKey,
        );
        if (duplicate) return { message: duplicate, duplicate: true };
        const message: FakeMessageView = {
            groupId: group.groupId,
            seq: group.nextSeq,
            random: input.random,
            from: input.from,
            time: now,
            elements: input.elements,
            msgBody: input.msgBody,
        };
        if (input.clientTime !== undefined) message.clientTime = input.clientTime;
        if (input.needReadReceipt === true && this.readReceipts) {
            message.needReadReceipt = true;
            group.readers.set(message.seq, new Set());
        }
        group.nextSeq += 1;
        if (storesHistory(group.type)) group.messages.push(message);
        const sender = group.members.get(input.from);
        if (sender) sender.readSeq = Math.max(sender.readSeq, message.seq);
        const event: ChatEvent = { kind: 'message', groupId: group.groupId, message };
        if (input.origin) event.origin = input.origin;
        this.emit(event);
        return { message, duplicate: false };
    }

    /**
     * An online-only message (the Web SDK's `sendMessage(m, {onlineUserOnly: true})`): same sender rules, but it takes
     * no seq, is not stored (no history, no unread count, no after-send callback) and only reaches members online now.
     */
    sendOnlineMessage(input: SendInput): FakeMessageView {
        const group = this.requireSender(input);
        const message: FakeMessageView = {
            groupId: group.groupId,
            seq: 0,
            random: input.random,
            from: input.from,
            time: this.now(),
            elements: input.elements,
            msgBody: input.msgBody,
        };
        if (input.clientTime !== undefined) message.clientTime = input.clientTime;
        const event: ChatEvent = { kind: 'online', groupId: group.groupId, message };
        if (input.origin) event.origin = input.origin;
        this.emit(event);
        return message;
    }

    /** Records that `reader` read these messages (each must ask for a receipt); tells the senders. */
    markReceipts(groupId: string, reader: string, seqs: readonly number[]): void {
        const group = this.requireLiveGroup(groupId);
        const changed: number[] = [];
        for (const seq of seqs) {
            const readers = group.readers.get(seq);
            const message = group.messages.find((m) => m.seq === seq);
            if (!readers || !message || message.from === reader || readers.has(reader)) continue;
            readers.add(reader);
            changed.push(seq);
        }
        if (changed.length > 0) this.emit({ kind: 'receipts', groupId, seqs: changed });
    }

    private requireSender(input: SendInput): GroupState {
        const group = this.requireLiveGroup(input.groupId);
        if (input.byAdmin) return group;
        if (!this.accounts.has(input.from)) {
            throw new TencentError(TencentErrorCode.GROUP_ACCOUNT_NOT_FOUND, `account not imported: ${input.from}`);
        }
        const member = group.members.get(input.from);
        if (!member) {
            throw new TencentError(
                TencentErrorCode.PERMISSION_DENIED,
                `${input.from} is not a member of group ${group.groupId}`,
            );
        }
        if (group.muteAll && member.role === 'Member') {
            throw new TencentError(TencentErrorCode.MUTED, 'all members are muted in this group');
        }
        return group;
    }

    /** Messages with seq ≤ maxSeq (latest when undefined) and ≥ minSeq, newest first, at most `count`. */
    messagesBefore(
        group: GroupState,
        maxSeq: number | undefined,
        count: number,
        minSeq = 1,
    ): { messages: FakeMessageView[]; finished: boolean } {
        const eligible = group.messages.filter((m) => m.seq >= minSeq && (maxSeq === undefined || m.seq <= maxSeq));
        const newestFirst = eligible.slice().reverse();
        const page = newestFirst.slice(0, count);
        return { messages: page, finished: page.length === newestFirst.length };
    }

    /** First seq a member may read. */
    firstVisibleSeq(group: GroupState, member: MemberState): number {
        return hidesHistoryBeforeJoin(group.type) ? member.joinSeq : 1;
    }

    private emit(event: ChatEvent): void {
        for (const listener of this.listeners) listener(event);
    }
}
