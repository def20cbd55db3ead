import type { AccountState, GroupState, MemberState } from '../chat-state.js';
import type { FakeMessageView } from '../messages.js';

/**
 * The shapes the Web SDK reads, in the REST-style keys it translates with its per-command key maps
 * (`MsgBody`→`elements`, `ToGroupId`→`to`, `GroupInfo`→`groupProfile`, …). One builder per shape.
 */

/** Group tip operation types (TencentCloudChat.TYPES.GRP_TIP_*). */
export const TIP = { MEMBER_JOIN: 1, MEMBER_QUIT: 2, MEMBER_KICKED_OUT: 3, GROUP_PROFILE_UPDATED: 6 } as const;
/** Group system notice operation types (TencentCloudChat.TYPES.GRP_SYS_NOTICE_*). */
export const NOTICE = { KICKED_OUT: 4, GROUP_DISMISSED: 5, INVITED: 7 } as const;
/** `EventArray[].Event` numbers of `im_open_push.msg_push`. */
export const PUSH_EVENT = { GROUP_MESSAGE: 3, GROUP_TIP: 4, GROUP_SYSTEM_NOTICE: 5, GROUP_PROFILE_TIP: 6 } as const;
/** `KickoutMsgNotify.KickType`: 1 another login of the same account, 3 kicked by the REST API. */
export const KICK_TYPE = { MULTIPLE_ACCOUNT: 1, REST_API: 3 } as const;

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** A group message as group_msg_get, getmsg and msg_push carry it. */
export function sdkGroupMessage(
    message: FakeMessageView,
    group: GroupState,
    sender: AccountState | undefined,
    senderTinyId: string,
): Record<string, unknown> {
    return {
        From_Account: message.from,
        TinyId: senderTinyId,
        MsgClientTime: message.clientTime ?? seconds(message.time),
        ToGroupId: group.groupId,
        GroupInfo: { GroupId: group.groupId, GroupType: group.type, From_AccountNick: sender?.nick ?? '' },
        From_AccountNick: sender?.nick ?? '',
        From_AccountHeadurl: sender?.faceUrl ?? '',
        MsgSeq: message.seq,
        MsgRandom: message.random,
        MsgTimeStamp: seconds(message.time),
        MsgPriority: 1,
        IsPlaceMsg: 0,
        MsgBody: message.msgBody,
        NeedReadReceipt: message.needReadReceipt === true ? 1 : 0,
        OnlineOnlyFlag: message.seq === 0 ? 1 : 0,
    };
}

/**
 * The read-receipt notice (Event 5) to a message's sender: the SDK finds its message by TinyId-MsgClientTime-MsgRandom
 * and emits MESSAGE_READ_RECEIPT_RECEIVED with the counts.
 */
export function sdkReceiptNotice(
    group: GroupState,
    message: FakeMessageView,
    senderTinyId: string,
    counts: Record<string, unknown>,
    random: number,
    nowMs: number,
): Record<string, unknown> {
    return sdkGroupControl(
        group,
        random,
        nowMs,
        {
            GroupMsgReceiptList: [
                {
                    ...counts,
                    TinyId: senderTinyId,
                    MsgClientTime: message.clientTime ?? seconds(message.time),
                    MsgRandom: message.random,
                },
            ],
        },
        message.from,
    );
}

/**
 * A group tip (Event 4/6, addressed to the group) or a group system notice (Event 5, addressed to one account).
 * Tips carry the group's latest message seq (they do not take a seq of their own here); `random` tells them apart.
 */
export function sdkGroupControl(
    group: GroupState,
    random: number,
    nowMs: number,
    body: Record<string, unknown>,
    noticeTo?: string,
): Record<string, unknown> {
    const item: Record<string, unknown> = {
        From_Account: '@TIM#SYSTEM',
        GroupInfo: { GroupId: group.groupId, GroupType: group.type },
        MsgSeq: Math.max(group.nextSeq - 1, 0),
        MsgRandom: random,
        MsgTimeStamp: seconds(nowMs),
        MsgBody: body,
        // Tips and notices are not chat messages: they do not add to the unread count.
        SendMsgControl: { NoUnread: 1 },
    };
    if (noticeTo !== undefined) item['To_Account'] = noticeTo;
    else item['ToGroupId'] = group.groupId;
    return item;
}

/** The group profile get_joined_group_list and get_group_self_member_info return. */
export function sdkGroupProfile(group: GroupState, member: MemberState | undefined): Record<string, unknown> {
    return {
        GroupId: group.groupId,
        Type: group.type,
        Name: group.name,
        Introduction: group.introduction,
        Notification: group.notification,
        FaceUrl: group.faceUrl,
        Owner_Account: group.owner ?? '',
        CreateTime: seconds(group.createdAt),
        MemberNum: group.members.size,
        MaxMemberNum: group.maxMemberCount,
        ApplyJoinOption: group.applyJoinOption,
        NextMsgSeq: group.nextSeq,
        ShutUpAllMember: group.muteAll ? 'On' : 'Off',
        SelfInfo: member
            ? {
                  Role: member.role,
                  JoinTime: seconds(member.joinTime),
                  MsgSeq: member.readSeq,
                  MsgFlag: 'AcceptAndNotify',
              }
            : {},
    };
}

export function sdkMember(member: MemberState): Record<string, unknown> {
    return {
        Member_Account: member.account,
        Role: member.role,
        JoinTime: seconds(member.joinTime),
        MsgSeq: member.readSeq,
        MsgFlag: 'AcceptAndNotify',
        ShutUpUntil: 0,
        NameCard: '',
    };
}
