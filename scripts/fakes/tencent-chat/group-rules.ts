import { randomBytes } from 'node:crypto';
import { TencentError, TencentErrorCode } from './errors.js';

/** REST group type names (Private = Work, ChatRoom = Meeting in the newer naming). */
export const GROUP_TYPES = ['Private', 'Public', 'ChatRoom', 'AVChatRoom', 'Community'] as const;
export type GroupType = (typeof GROUP_TYPES)[number];

export const APPLY_JOIN_OPTIONS = ['FreeAccess', 'NeedPermission', 'DisableApply'] as const;
export type ApplyJoinOption = (typeof APPLY_JOIN_OPTIONS)[number];

export type MemberRole = 'Owner' | 'Admin' | 'Member';

export function isGroupType(value: unknown): value is GroupType {
    return typeof value === 'string' && (GROUP_TYPES as readonly string[]).includes(value);
}

export function isApplyJoinOption(value: unknown): value is ApplyJoinOption {
    return typeof value === 'string' && (APPLY_JOIN_OPTIONS as readonly string[]).includes(value);
}

/**
 * Work (Private), Public and AVChatRoom groups do not show a new member the messages sent before they
 * joined; Meeting (ChatRoom) and Community groups do.
 */
export function hidesHistoryBeforeJoin(type: GroupType): boolean {
    return type === 'Private' || type === 'Public' || type === 'AVChatRoom';
}

/** AVChatRoom messages are not stored (no roaming history, no group_msg_get_simple). */
export function storesHistory(type: GroupType): boolean {
    return type !== 'AVChatRoom';
}

/** Default member limits by group type (the free edition's numbers; large enough for tests). */
export function defaultMaxMembers(type: GroupType): number {
    switch (type) {
        case 'Private':
            return 200;
        case 'Public':
            return 2000;
        case 'ChatRoom':
            return 10000;
        case 'AVChatRoom':
            return Number.MAX_SAFE_INTEGER;
        case 'Community':
            return 100000;
    }
}

/** Default ApplyJoinOption by type (Private groups do not accept applications). */
export function defaultApplyJoinOption(type: GroupType): ApplyJoinOption {
    return type === 'Private' ? 'DisableApply' : type === 'Public' ? 'NeedPermission' : 'FreeAccess';
}

const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/** Custom GroupId rules: printable ASCII, at most 48 bytes, not starting with "@TGS#". */
export function assertCustomGroupId(groupId: string): void {
    if (groupId.length === 0 || groupId.length > 48 || !PRINTABLE_ASCII.test(groupId)) {
        throw new TencentError(TencentErrorCode.INVALID_GROUP_ID, 'GroupId must be 1-48 bytes of printable ASCII');
    }
    if (groupId.startsWith('@TGS#')) {
        throw new TencentError(TencentErrorCode.INVALID_GROUP_ID, 'a custom GroupId must not start with @TGS#');
    }
}

/** GroupId given to an existing-group command: must be a string that could be a group id. */
export function requireGroupIdParam(value: unknown): string {
    if (typeof value !== 'string' || value.length === 0) {
        throw new TencentError(TencentErrorCode.INVALID_PARAM, 'GroupId is required');
    }
    if (value.length > 48 || !PRINTABLE_ASCII.test(value)) {
        throw new TencentError(TencentErrorCode.INVALID_GROUP_ID, 'GroupId is not a valid group id');
    }
    return value;
}

/** Generated group ids look like Tencent's: "@TGS#" + a type digit + 9 upper-case letters/digits. */
export function generateGroupId(type: GroupType): string {
    const typeDigit = { Private: '1', Public: '2', ChatRoom: '3', AVChatRoom: 'a', Community: '_' }[type];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    const bytes = randomBytes(9);
    let suffix = '';
    for (const byte of bytes) suffix += alphabet[byte % alphabet.length];
    return `@TGS#${typeDigit}${suffix}`;
}

/** UserID rules: non-empty, at most 32 bytes. */
export function isValidUserId(value: unknown): value is string {
    return typeof value === 'string' && value.length > 0 && Buffer.byteLength(value, 'utf8') <= 32;
}

/** Group name: at most 30 bytes (UTF-8). */
export const MAX_GROUP_NAME_BYTES = 30;

/** Group introduction: at most 240 bytes (UTF-8), create_group and modify_group_base_info; longer → 10004. */
export const MAX_GROUP_INTRODUCTION_BYTES = 240;

/** Group notification: at most 300 bytes (UTF-8). */
export const MAX_GROUP_NOTIFICATION_BYTES = 300;
