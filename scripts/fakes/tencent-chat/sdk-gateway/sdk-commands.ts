import type { ChatState, GroupState, MemberState } from '../chat-state.js';
import { TencentError, TencentErrorCode } from '../errors.js';
import { parseRestMsgBody, restToElement } from '../messages.js';
import type { SdkFileStore } from './file-store.js';
import { ReadReceipts } from './read-receipts.js';
import { sdkGroupMessage, sdkGroupProfile, sdkMember } from './sdk-wire-shapes.js';
import { SERVCMD } from './servcmds.js';
import type { Body } from './wire.js';

/** `IsFinished` of group_msg_get: 1 = more pages, 2 = no older messages. */
const HISTORY_MORE = 1;
const HISTORY_FINISHED = 2;
const MAX_HISTORY_PAGE = 20;
/**
 * Origin of the fake's COS-like file URLs. The SDK swaps it for `fileUploadProxy` when uploading and for
 * `fileDownloadProxy` when showing a file, so `<proxy>/upload/<key>` and `<proxy>/files/<key>` reach the gateway's
 * file store; without the proxies the URLs are unreachable, like COS offline. Messages store the https URL.
 */
export const FILE_ORIGIN = 'https://cos.fake-tencent.invalid';

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function groupIdOf(body: Body): string {
    const groupId = body['GroupId'];
    if (typeof groupId !== 'string' || groupId.length === 0 || groupId.length > 48)
        throw new TencentError(TencentErrorCode.INVALID_PARAM, 'GroupId is required');
    return groupId;
}

function optionalInt(body: Body, key: string, min: number, max: number): number | undefined {
    const value = body[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
        throw new TencentError(TencentErrorCode.INVALID_PARAM, `${key} must be an integer from ${min} to ${max}`);
    return value;
}

/** The SDK's data commands for one logged-in account, over ChatState. */
export class SdkCommands {
    private readonly receipts: ReadReceipts;

    constructor(
        private readonly state: ChatState,
        private readonly files: SdkFileStore,
        private readonly now: () => number,
        private readonly tinyIdOf: (userId: string) => string,
    ) {
        this.receipts = new ReadReceipts(state);
    }

    run(userId: string, servcmd: string, body: Body): Body {
        switch (servcmd) {
            case SERVCMD.SYNC:
                // Group messages are not part of the C2C sync: the SDK reads them through the conversation list.
                return { Cookie: '', SyncFlag: 2, MsgList: [] };
            case SERVCMD.PUSH_ACK:
                return {};
            case SERVCMD.CONVERSATIONS:
                return this.conversations(userId);
            case SERVCMD.CONVERSATION_GROUPS:
                return { GroupList: [] };
            case SERVCMD.JOINED_GROUPS:
                return this.joinedGroups(userId);
            case SERVCMD.COMMUNITY_JOINED_GROUPS:
                return { GroupIdList: [], TotalCount: 0 };
            case SERVCMD.GROUP_PROFILE:
                return this.groupProfiles(userId, body);
            case SERVCMD.GROUP_MEMBERS:
                return this.groupMembers(userId, body, false);
            case SERVCMD.GROUP_MEMBER_PROFILE:
                return this.groupMembers(userId, body, true);
            case SERVCMD.GROUP_HISTORY:
                return this.history(userId, body);
            case SERVCMD.READ_REPORT:
                return this.readReport(userId, body);
            case SERVCMD.READ_RECEIPT_REPORT:
                return this.receipts.report(userId, body);
            case SERVCMD.READ_RECEIPT_COUNTS:
                return this.receipts.counts(userId, body);
            case SERVCMD.GROUP_NOTIFY:
                return { GroupNotifyList: [] };
            case SERVCMD.PROFILES:
                return this.profiles(body);
            case SERVCMD.BLOCKLIST:
                return { BlackListItem: [], StartIndex: 0, CurruentSequence: 0, CompleteFlag: 1 };
            case SERVCMD.CLOUD_CONFIG:
                return { int32_error_code: 0, str_json_config: '{}', uint32_expired_time: 86400, uint64_version: 0 };
            case SERVCMD.PURCHASE_BITS:
                return { int32_error_code: 0, str_purchase_bits: '', uint32_expired_time: 86400 };
            default:
                throw new TencentError(TencentErrorCode.UNKNOWN_RESOURCE, `the fake does not implement ${servcmd}`);
        }
    }

    private memberOf(userId: string, groupId: string): { group: GroupState; member: MemberState } {
        const group = this.state.requireLiveGroup(groupId);
        const member = group.members.get(userId);
        if (!member)
            throw new TencentError(TencentErrorCode.PERMISSION_DENIED, `${userId} is not a member of group ${groupId}`);
        return { group, member };
    }

    private joinedGroupsOf(userId: string): Array<{ group: GroupState; member: MemberState }> {
        const out: Array<{ group: GroupState; member: MemberState }> = [];
        for (const group of this.state.groups.values()) {
            const member = group.members.get(userId);
            if (!group.dismissed && member) out.push({ group, member });
        }
        return out;
    }

    private unread(group: GroupState, member: MemberState, userId: string): number {
        const first = this.state.firstVisibleSeq(group, member);
        return group.messages.filter((m) => m.seq >= first && m.seq > member.readSeq && m.from !== userId).length;
    }

    private conversations(userId: string): Body {
        const items = this.joinedGroupsOf(userId).map(({ group, member }) => {
            const first = this.state.firstVisibleSeq(group, member);
            const last = group.messages.filter((m) => m.seq >= first).at(-1);
            const item: Record<string, unknown> = {
                Type: 2,
                ToAccount: group.groupId,
                GroupNick: group.name,
                GroupImage: group.faceUrl,
                GroupType: group.type,
                UnreadMsgCount: this.unread(group, member, userId),
                MsgGroupReadedSeq: member.readSeq,
                GroupNextMsgSeq: group.nextSeq,
                Time: Math.floor((last?.time ?? member.joinTime) / 1000),
                MsgSeq: last?.seq ?? 0,
                MsgGroupFromAccount: last?.from ?? '',
                LastMsg: { MsgBody: last ? last.msgBody : [] },
            };
            return item;
        });
        return { SessionItem: items, CompleteFlag: 1, TimeStamp: Math.floor(this.now() / 1000), StartIndex: 0 };
    }

    private joinedGroups(userId: string): Body {
        const groups = this.joinedGroupsOf(userId).map(({ group, member }) => ({
            ...sdkGroupProfile(group, member),
            MuteAllMember: group.muteAll ? 'On' : 'Off',
        }));
        return { GroupIdList: groups, TotalCount: groups.length };
    }

    private groupProfiles(userId: string, body: Body): Body {
        const ids = body['GroupIdList'];
        if (!Array.isArray(ids)) throw new TencentError(TencentErrorCode.INVALID_PARAM, 'GroupIdList must be an array');
        const groups = ids.map((id) => {
            const groupId = String(id);
            const group = this.state.groups.get(groupId);
            if (!group || group.dismissed)
                return { GroupId: groupId, ErrorCode: TencentErrorCode.GROUP_NOT_FOUND, ErrorInfo: 'group not found' };
            const member = group.members.get(userId);
            // Work groups are private: only members read their profile.
            if (!member && group.type === 'Private')
                return { GroupId: groupId, ErrorCode: TencentErrorCode.PERMISSION_DENIED, ErrorInfo: 'not a member' };
            return { ...sdkGroupProfile(group, member), ErrorCode: 0, ErrorInfo: '' };
        });
        return { GroupInfo: groups };
    }

    private groupMembers(userId: string, body: Body, specified: boolean): Body {
        const { group } = this.memberOf(userId, groupIdOf(body));
        let members = [...group.members.values()];
        if (specified) {
            const wanted = body['Member_List_Account'];
            if (!Array.isArray(wanted))
                throw new TencentError(TencentErrorCode.INVALID_PARAM, 'Member_List_Account must be an array');
            members = members.filter((m) => wanted.includes(m.account));
        }
        return { MemberNum: group.members.size, MemberList: members.map(sdkMember), Next: '' };
    }

    /** group_msg_get: newest first from `ReqMsgSeq` down, never before the caller's join point in Work/Public groups. */
    private history(userId: string, body: Body): Body {
        const { group, member } = this.memberOf(userId, groupIdOf(body));
        const count = optionalInt(body, 'ReqMsgNumber', 1, 1000) ?? 15;
        const from = optionalInt(body, 'ReqMsgSeq', 0, Number.MAX_SAFE_INTEGER);
        const first = this.state.firstVisibleSeq(group, member);
        const top = from === undefined || from === 0 ? group.nextSeq - 1 : from;
        const eligible = group.messages.filter((m) => m.seq >= first && m.seq <= top).reverse();
        const page = eligible.slice(0, Math.min(count, MAX_HISTORY_PAGE));
        const finished = page.length === eligible.length;
        const oldest = page.at(-1);
        return {
            GroupId: group.groupId,
            IsFinished: finished ? HISTORY_FINISHED : HISTORY_MORE,
            NextReqMsgSeq: finished || !oldest ? 0 : oldest.seq - 1,
            RspMsgList: page.map((m) =>
                sdkGroupMessage(m, group, this.state.accounts.get(m.from), this.tinyIdOf(m.from)),
            ),
        };
    }

    private readReport(userId: string, body: Body): Body {
        const { group, member } = this.memberOf(userId, groupIdOf(body));
        const seq = optionalInt(body, 'MsgReadedSeq', 0, Number.MAX_SAFE_INTEGER);
        if (seq === undefined) throw new TencentError(TencentErrorCode.INVALID_PARAM, 'MsgReadedSeq is required');
        member.readSeq = Math.max(member.readSeq, Math.min(seq, group.nextSeq - 1));
        return {};
    }

    private profiles(body: Body): Body {
        const wanted = body['UserItem'];
        if (!Array.isArray(wanted)) throw new TencentError(TencentErrorCode.INVALID_PARAM, 'UserItem must be an array');
        const items = wanted
            .map((item) => (isRecord(item) ? item['To_Account'] : undefined))
            .filter((a): a is string => typeof a === 'string')
            .map((account) => {
                const profile = this.state.accounts.get(account);
                return {
                    To_Account: account,
                    ResultCode: profile ? 0 : 40003,
                    ProfileItem: profile
                        ? [
                              { Tag: 'Tag_Profile_IM_Nick', Value: profile.nick },
                              { Tag: 'Tag_Profile_IM_Image', Value: profile.faceUrl },
                          ]
                        : [],
                };
            });
        return { UserProfileItem: items };
    }

    sendGroupMessage(userId: string, body: Body, origin: object): Body {
        const groupId = groupIdOf(body);
        const random = optionalInt(body, 'Random', 0, 4294967295);
        if (random === undefined) throw new TencentError(TencentErrorCode.INVALID_PARAM, 'Random is required');
        const msgBody = parseRestMsgBody(body['MsgBody']);
        const clientTime = optionalInt(body, 'MsgClientTime', 0, 4294967295);
        const input = {
            groupId,
            from: userId,
            random,
            msgBody,
            elements: msgBody.map(restToElement),
            byAdmin: false,
            origin,
            needReadReceipt: body['NeedReadReceipt'] === 1,
            ...(clientTime !== undefined ? { clientTime } : {}),
        };
        // sendMessage(m, {onlineUserOnly: true}): delivered to who is online now, never stored or counted.
        const message =
            body['OnlineOnlyFlag'] === 1 ? this.state.sendOnlineMessage(input) : this.state.sendMessage(input).message;
        return { MsgSeq: message.seq, MsgTime: Math.floor(message.time / 1000) };
    }

    /** im_cos_msg.simple_sig: one upload slot per requested file, uploaded by PUT through `fileUploadProxy`. */
    uploadSignature(userId: string, body: Body): Body {
        const objects = body['rpt_upload_object'];
        const list = Array.isArray(objects) && objects.length > 0 ? objects : [{}];
        const preSig = list.slice(0, 10).map((entry, index) => {
            const item = isRecord(entry) ? entry : {};
            const name = typeof item['str_file_name'] === 'string' ? item['str_file_name'] : 'file';
            const key = this.files.reserve(userId, name);
            return {
                uint32_file_id: typeof item['uint32_file_id'] === 'number' ? item['uint32_file_id'] : index + 1,
                str_upload_url: `${FILE_ORIGIN}/upload/${key}`,
                str_download_url: `${FILE_ORIGIN}/files/${key}`,
                str_file_key: key,
            };
        });
        return { rpt_pre_sig: preSig, str_final_ip: '' };
    }
}
