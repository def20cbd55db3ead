import type { ChatState, GroupState, MemberState } from './chat-state.js';
import { TencentError, TencentErrorCode } from './errors.js';
import {
    MAX_GROUP_INTRODUCTION_BYTES,
    MAX_GROUP_NAME_BYTES,
    MAX_GROUP_NOTIFICATION_BYTES,
    assertCustomGroupId,
    isApplyJoinOption,
    isGroupType,
    isValidUserId,
    requireGroupIdParam,
} from './group-rules.js';
import type { MemberRole } from './group-rules.js';
import { parseRestMsgBody, restToElement, toRestListedMessage } from './messages.js';

type Body = Record<string, unknown>;
/** A command handler returns the extra response fields; errors are thrown as TencentError. */
export type CommandHandler = (body: Body, state: ChatState) => Record<string, unknown>;

export interface CommandContext {
    adminIdentifier: string;
}

function invalid(info: string): TencentError {
    return new TencentError(TencentErrorCode.INVALID_PARAM, info);
}

function optionalString(body: Body, key: string, maxBytes?: number): string | undefined {
    const value = body[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw invalid(`${key} must be a string`);
    if (maxBytes !== undefined && Buffer.byteLength(value, 'utf8') > maxBytes)
        throw invalid(`${key} exceeds ${maxBytes} bytes`);
    return value;
}

/** body[key] as an array of 1 to `max` items. */
function boundedArray(body: Body, key: string, max: number): unknown[] {
    const value = body[key];
    if (!Array.isArray(value) || value.length === 0) throw invalid(`${key} must be a non-empty array`);
    if (value.length > max) throw invalid(`${key} has ${value.length} items; at most ${max} are allowed`);
    return value;
}

/** The optional texts of a group that create_group and modify_group_base_info both take (only those given). */
function groupTexts(body: Body): { introduction?: string; notification?: string; faceUrl?: string } {
    const texts: { introduction?: string; notification?: string; faceUrl?: string } = {};
    const introduction = optionalString(body, 'Introduction', MAX_GROUP_INTRODUCTION_BYTES);
    const notification = optionalString(body, 'Notification', MAX_GROUP_NOTIFICATION_BYTES);
    const faceUrl = optionalString(body, 'FaceUrl', 100);
    if (introduction !== undefined) texts.introduction = introduction;
    if (notification !== undefined) texts.notification = notification;
    if (faceUrl !== undefined) texts.faceUrl = faceUrl;
    return texts;
}

function stringArray(body: Body, key: string, max: number): string[] {
    return boundedArray(body, key, max).map((item, index) => {
        if (typeof item !== 'string' || item.length === 0) throw invalid(`${key}[${index}] must be a non-empty string`);
        return item;
    });
}

function memberAccounts(body: Body, key: string, max: number): string[] {
    return boundedArray(body, key, max).map((item, index) => {
        const account = typeof item === 'object' && item !== null ? (item as Body)['Member_Account'] : undefined;
        if (typeof account !== 'string' || account.length === 0)
            throw invalid(`${key}[${index}].Member_Account is required`);
        return account;
    });
}

function integerParam(
    body: Body,
    key: string,
    opts: { required: boolean; min: number; max: number },
): number | undefined {
    const value = body[key];
    if (value === undefined) {
        if (opts.required) throw invalid(`${key} is required`);
        return undefined;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < opts.min || value > opts.max) {
        throw invalid(`${key} must be an integer from ${opts.min} to ${opts.max}`);
    }
    return value;
}

function muteSwitch(body: Body): boolean | undefined {
    const raw = body['MuteAllMember'] ?? body['ShutUpAllMember'];
    if (raw === undefined) return undefined;
    if (raw === 'On') return true;
    if (raw === 'Off') return false;
    throw invalid(`${body['MuteAllMember'] !== undefined ? 'MuteAllMember' : 'ShutUpAllMember'} must be "On" or "Off"`);
}

function memberInfo(member: MemberState): Record<string, unknown> {
    return {
        Member_Account: member.account,
        Role: member.role,
        JoinTime: Math.floor(member.joinTime / 1000),
        MsgSeq: member.readSeq,
        MsgFlag: 'AcceptAndNotify',
        LastSendMsgTime: 0,
        ShutUpUntil: 0,
        NameCard: '',
    };
}

function groupInfo(group: GroupState, includeMembers: boolean): Record<string, unknown> {
    const lastMessage = group.messages.at(-1);
    const info: Record<string, unknown> = {
        GroupId: group.groupId,
        ErrorCode: 0,
        ErrorInfo: '',
        Type: group.type,
        Name: group.name,
        Introduction: group.introduction,
        Notification: group.notification,
        FaceUrl: group.faceUrl,
        Owner_Account: group.owner ?? '',
        CreateTime: Math.floor(group.createdAt / 1000),
        LastInfoTime: Math.floor(group.createdAt / 1000),
        LastMsgTime: lastMessage ? Math.floor(lastMessage.time / 1000) : 0,
        NextMsgSeq: group.nextSeq,
        MemberNum: group.members.size,
        MaxMemberNum: group.maxMemberCount,
        ApplyJoinOption: group.applyJoinOption,
        ShutUpAllMember: group.muteAll ? 'On' : 'Off',
        MuteAllMember: group.muteAll ? 'On' : 'Off',
    };
    if (includeMembers) info['MemberList'] = [...group.members.values()].map(memberInfo);
    return info;
}

/** Handlers for every REST command the fake supports, keyed "service/command". */
export function createCommandHandlers(ctx: CommandContext): Map<string, CommandHandler> {
    const handlers = new Map<string, CommandHandler>();

    handlers.set('im_open_login_svc/account_import', (body, state) => {
        // Current docs name the field UserID; the older name Identifier is still accepted.
        const userId = body['UserID'] ?? body['Identifier'];
        if (!isValidUserId(userId)) {
            throw new TencentError(
                TencentErrorCode.ACCOUNT_INVALID_PARAM,
                'UserID is required and must be at most 32 bytes',
            );
        }
        const nick = body['Nick'];
        const faceUrl = body['FaceUrl'];
        if (nick !== undefined && typeof nick !== 'string')
            throw new TencentError(TencentErrorCode.ACCOUNT_INVALID_PARAM, 'Nick must be a string');
        if (faceUrl !== undefined && typeof faceUrl !== 'string')
            throw new TencentError(TencentErrorCode.ACCOUNT_INVALID_PARAM, 'FaceUrl must be a string');
        state.importAccount(userId, nick, faceUrl);
        return {};
    });

    handlers.set('im_open_login_svc/multiaccount_import', (body, state) => {
        const accounts = body['Accounts'];
        if (!Array.isArray(accounts) || accounts.length === 0 || accounts.length > 100) {
            throw new TencentError(TencentErrorCode.ACCOUNT_INVALID_PARAM, 'Accounts must hold 1 to 100 UserIDs');
        }
        const failed: string[] = [];
        for (const account of accounts) {
            if (isValidUserId(account)) state.importAccount(account);
            else failed.push(String(account));
        }
        return { FailAccounts: failed };
    });

    handlers.set('im_open_login_svc/account_check', (body, state) => {
        const items = body['CheckItem'];
        if (!Array.isArray(items) || items.length === 0 || items.length > 100) {
            throw new TencentError(TencentErrorCode.ACCOUNT_INVALID_PARAM, 'CheckItem must hold 1 to 100 items');
        }
        const resultItem = items.map((item, index) => {
            const userId = typeof item === 'object' && item !== null ? (item as Body)['UserID'] : undefined;
            if (typeof userId !== 'string')
                throw new TencentError(
                    TencentErrorCode.ACCOUNT_INVALID_PARAM,
                    `CheckItem[${index}].UserID is required`,
                );
            return {
                UserID: userId,
                ResultCode: 0,
                ResultInfo: '',
                AccountStatus: state.hasAccount(userId) ? 'Imported' : 'NotImported',
            };
        });
        return { ResultItem: resultItem };
    });

    // Profiles (standard fields only; the relay uses Tag_Profile_IM_Nick).
    const PROFILE_TAGS: Record<string, 'nick' | 'faceUrl'> = {
        Tag_Profile_IM_Nick: 'nick',
        Tag_Profile_IM_Image: 'faceUrl',
    };
    const MAX_NICK_BYTES = 500;

    handlers.set('profile/portrait_get', (body, state) => {
        const accounts = body['To_Account'];
        const tags = body['TagList'];
        if (
            !Array.isArray(accounts) ||
            accounts.length === 0 ||
            accounts.length > 100 ||
            !accounts.every((a) => typeof a === 'string')
        ) {
            throw new TencentError(TencentErrorCode.PROFILE_INVALID_PARAM, 'To_Account must hold 1 to 100 UserIDs');
        }
        if (!Array.isArray(tags) || tags.length === 0 || !tags.every((t) => typeof t === 'string')) {
            throw new TencentError(TencentErrorCode.PROFILE_INVALID_PARAM, 'TagList must hold at least one tag');
        }
        const missing = accounts.find((a) => !state.hasAccount(a));
        if (missing !== undefined)
            throw new TencentError(TencentErrorCode.PROFILE_ACCOUNT_NOT_FOUND, `account ${missing} does not exist`);
        const items = accounts.map((userId) => {
            const account = state.accounts.get(userId)!;
            const profile = tags
                .filter((tag) => PROFILE_TAGS[tag] !== undefined)
                .map((tag) => ({ Tag: tag, Value: account[PROFILE_TAGS[tag]!] }));
            return { To_Account: userId, ProfileItem: profile, ResultCode: 0, ResultInfo: '' };
        });
        return { UserProfileItem: items };
    });

    handlers.set('profile/portrait_set', (body, state) => {
        const userId = body['From_Account'];
        const items = body['ProfileItem'];
        if (typeof userId !== 'string' || userId === '')
            throw new TencentError(TencentErrorCode.PROFILE_INVALID_PARAM, 'From_Account is required');
        if (!Array.isArray(items) || items.length === 0)
            throw new TencentError(TencentErrorCode.PROFILE_INVALID_PARAM, 'ProfileItem must hold at least one item');
        if (!state.hasAccount(userId))
            throw new TencentError(TencentErrorCode.PROFILE_ACCOUNT_NOT_FOUND, `account ${userId} does not exist`);
        let nick: string | undefined;
        let faceUrl: string | undefined;
        items.forEach((item, index) => {
            const tag = typeof item === 'object' && item !== null ? (item as Body)['Tag'] : undefined;
            const value = typeof item === 'object' && item !== null ? (item as Body)['Value'] : undefined;
            const field = typeof tag === 'string' ? PROFILE_TAGS[tag] : undefined;
            if (field === undefined)
                throw new TencentError(
                    TencentErrorCode.PROFILE_INVALID_PARAM,
                    `ProfileItem[${index}].Tag is not a supported standard field`,
                );
            if (typeof value !== 'string')
                throw new TencentError(
                    TencentErrorCode.PROFILE_INVALID_PARAM,
                    `ProfileItem[${index}].Value must be a string`,
                );
            if (field === 'nick' && Buffer.byteLength(value, 'utf8') > MAX_NICK_BYTES)
                throw new TencentError(
                    TencentErrorCode.PROFILE_INVALID_PARAM,
                    `ProfileItem[${index}].Value is longer than ${MAX_NICK_BYTES} bytes`,
                );
            if (field === 'nick') nick = value;
            else faceUrl = value;
        });
        state.importAccount(userId, nick, faceUrl);
        return {};
    });

    handlers.set('group_open_http_svc/create_group', (body, state) => {
        const type = body['Type'];
        if (type === undefined) throw invalid('Type is required');
        if (!isGroupType(type)) throw invalid('Type must be Private, Public, ChatRoom, AVChatRoom or Community');
        const name = body['Name'];
        if (typeof name !== 'string' || name.length === 0) throw invalid('Name is required');
        if (Buffer.byteLength(name, 'utf8') > MAX_GROUP_NAME_BYTES)
            throw invalid(`Name exceeds ${MAX_GROUP_NAME_BYTES} bytes`);
        const groupId = body['GroupId'];
        if (groupId !== undefined) {
            if (typeof groupId !== 'string') throw invalid('GroupId must be a string');
            assertCustomGroupId(groupId);
        }
        const owner = body['Owner_Account'];
        if (owner !== undefined && (typeof owner !== 'string' || owner.length === 0))
            throw invalid('Owner_Account must be a non-empty string');
        const applyJoinOption = body['ApplyJoinOption'];
        if (applyJoinOption !== undefined && !isApplyJoinOption(applyJoinOption)) {
            throw invalid('ApplyJoinOption must be FreeAccess, NeedPermission or DisableApply');
        }
        const members: Array<{ account: string; role: MemberRole }> = [];
        if (body['MemberList'] !== undefined) {
            const list = body['MemberList'];
            if (!Array.isArray(list)) throw invalid('MemberList must be an array');
            if (list.length > 100) throw invalid('MemberList has more than 100 members');
            list.forEach((item, index) => {
                const entry = typeof item === 'object' && item !== null ? (item as Body) : {};
                const account = entry['Member_Account'];
                if (typeof account !== 'string' || account.length === 0)
                    throw invalid(`MemberList[${index}].Member_Account is required`);
                const role = entry['Role'];
                if (role !== undefined && role !== 'Admin')
                    throw invalid(`MemberList[${index}].Role can only be Admin`);
                members.push({ account, role: role === 'Admin' ? 'Admin' : 'Member' });
            });
        }
        if (type === 'AVChatRoom' && members.length > 0) throw invalid('MemberList is not supported for AVChatRoom');
        const input: Parameters<ChatState['createGroup']>[0] = { type, name, members };
        if (groupId !== undefined) input.groupId = groupId;
        if (owner !== undefined) input.owner = owner;
        if (applyJoinOption !== undefined) input.applyJoinOption = applyJoinOption;
        Object.assign(input, groupTexts(body));
        const maxMembers = integerParam(body, 'MaxMemberCount', { required: false, min: 1, max: 1_000_000 });
        if (maxMembers !== undefined) input.maxMemberCount = maxMembers;
        return { GroupId: state.createGroup(input) };
    });

    handlers.set('group_open_http_svc/get_group_info', (body, state) => {
        const ids = stringArray(body, 'GroupIdList', 50);
        const filter = body['ResponseFilter'];
        const memberFilter =
            typeof filter === 'object' && filter !== null ? (filter as Body)['MemberInfoFilter'] : undefined;
        const baseFilter =
            typeof filter === 'object' && filter !== null ? (filter as Body)['GroupBaseInfoFilter'] : undefined;
        // Without a filter the member list comes back; with a filter only when MemberInfoFilter asks for it.
        const includeMembers = filter === undefined || Array.isArray(memberFilter);
        const groupInfoList = ids.map((id) => {
            const group = state.groups.get(id);
            if (!group || group.dismissed) {
                const badId = id.length > 48 || !/^[\x21-\x7e]+$/.test(id);
                return badId
                    ? { GroupId: id, ErrorCode: TencentErrorCode.INVALID_GROUP_ID, ErrorInfo: 'invalid group id' }
                    : {
                          GroupId: id,
                          ErrorCode: TencentErrorCode.GROUP_NOT_FOUND,
                          ErrorInfo: 'group does not exist or was dismissed',
                      };
            }
            const info = groupInfo(group, includeMembers);
            if (Array.isArray(baseFilter)) {
                const keep = new Set<string>([
                    'GroupId',
                    'ErrorCode',
                    'ErrorInfo',
                    'MemberList',
                    ...baseFilter.filter((f): f is string => typeof f === 'string'),
                ]);
                for (const key of Object.keys(info)) if (!keep.has(key)) delete info[key];
            }
            return info;
        });
        return { GroupInfo: groupInfoList };
    });

    handlers.set('group_open_http_svc/get_group_member_info', (body, state) => {
        const group = state.requireLiveGroup(requireGroupIdParam(body['GroupId']));
        if (group.type === 'AVChatRoom')
            throw new TencentError(
                TencentErrorCode.PERMISSION_DENIED,
                'AVChatRoom groups do not support get_group_member_info',
            );
        const limit = integerParam(body, 'Limit', { required: false, min: 0, max: 6000 }) ?? 6000;
        const offset = integerParam(body, 'Offset', { required: false, min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 0;
        const all = [...group.members.values()];
        const page = all.slice(offset, offset + (limit === 0 ? 6000 : limit));
        return { MemberNum: all.length, MemberList: page.map(memberInfo) };
    });

    handlers.set('group_open_http_svc/add_group_member', (body, state) => {
        const groupId = requireGroupIdParam(body['GroupId']);
        const accounts = memberAccounts(body, 'MemberList', 300);
        const silence = body['Silence'];
        if (silence !== undefined && silence !== 0 && silence !== 1) throw invalid('Silence must be 0 or 1');
        const results = state.addMembers(groupId, accounts);
        return { MemberList: results.map((r) => ({ Member_Account: r.account, Result: r.result })) };
    });

    handlers.set('group_open_http_svc/delete_group_member', (body, state) => {
        const groupId = requireGroupIdParam(body['GroupId']);
        const accounts = stringArray(body, 'MemberToDel_Account', 100);
        const silence = body['Silence'];
        if (silence !== undefined && silence !== 0 && silence !== 1) throw invalid('Silence must be 0 or 1');
        optionalString(body, 'Reason', 256);
        state.deleteMembers(groupId, accounts);
        return {};
    });

    handlers.set('group_open_http_svc/destroy_group', (body, state) => {
        state.destroyGroup(requireGroupIdParam(body['GroupId']));
        return {};
    });

    handlers.set('group_open_http_svc/modify_group_base_info', (body, state) => {
        const groupId = requireGroupIdParam(body['GroupId']);
        const changes: Parameters<ChatState['modifyGroup']>[1] = {};
        const name = optionalString(body, 'Name', MAX_GROUP_NAME_BYTES);
        if (name !== undefined) {
            if (name.length === 0) throw invalid('Name must not be empty');
            changes.name = name;
        }
        const mute = muteSwitch(body);
        if (mute !== undefined) changes.muteAll = mute;
        const applyJoinOption = body['ApplyJoinOption'];
        if (applyJoinOption !== undefined) {
            if (!isApplyJoinOption(applyJoinOption))
                throw invalid('ApplyJoinOption must be FreeAccess, NeedPermission or DisableApply');
            changes.applyJoinOption = applyJoinOption;
        }
        Object.assign(changes, groupTexts(body));
        const max = integerParam(body, 'MaxMemberNum', { required: false, min: 1, max: 1_000_000 });
        if (max !== undefined) changes.maxMemberCount = max;
        state.modifyGroup(groupId, changes);
        return {};
    });

    handlers.set('group_open_http_svc/send_group_msg', (body, state) => {
        const groupId = requireGroupIdParam(body['GroupId']);
        const random = integerParam(body, 'Random', { required: true, min: 0, max: 4294967295 })!;
        const msgBody = parseRestMsgBody(body['MsgBody']);
        const fromAccount = body['From_Account'];
        if (fromAccount !== undefined && (typeof fromAccount !== 'string' || fromAccount.length === 0)) {
            throw invalid('From_Account must be a non-empty string');
        }
        const from = fromAccount ?? ctx.adminIdentifier;
        const { message } = state.sendMessage({
            groupId,
            from,
            random,
            msgBody,
            elements: msgBody.map(restToElement),
            byAdmin: from === ctx.adminIdentifier,
        });
        return { MsgTime: Math.floor(message.time / 1000), MsgSeq: message.seq };
    });

    handlers.set('group_open_http_svc/group_msg_get_simple', (body, state) => {
        const groupId = requireGroupIdParam(body['GroupId']);
        const group = state.requireLiveGroup(groupId);
        if (group.type === 'AVChatRoom')
            throw new TencentError(TencentErrorCode.PERMISSION_DENIED, 'AVChatRoom groups do not store history');
        // Tencent returns at most 20 per request; a larger ReqMsgNumber is served 20 at a time.
        const requested = integerParam(body, 'ReqMsgNumber', { required: true, min: 1, max: 4294967295 })!;
        const maxSeq = integerParam(body, 'ReqMsgSeq', { required: false, min: 0, max: Number.MAX_SAFE_INTEGER });
        const { messages, finished } = state.messagesBefore(group, maxSeq, Math.min(requested, 20));
        return { GroupId: group.groupId, IsFinished: finished ? 1 : 0, RspMsgList: messages.map(toRestListedMessage) };
    });

    return handlers;
}
