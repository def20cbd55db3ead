/**
 * Tencent Chat error codes used by the fake, with the meaning Tencent documents for them
 * (REST API public error codes and the group service's error table).
 */
export const TencentErrorCode = {
    /** 60002: HTTP parse error; check the request URL format. */
    HTTP_PARSE: 60002,
    /** 60003: HTTP request JSON parse error. */
    JSON_PARSE: 60003,
    /** 60004: account or signature error in the URL or JSON body. */
    ACCOUNT_OR_SIG_MISSING: 60004,
    /** 60009: request resource error; check the request URL. */
    UNKNOWN_RESOURCE: 60009,
    /** 60010: the request needs App admin permission. */
    ADMIN_REQUIRED: 60010,
    /** 60012: the REST call needs an SDKAppID. */
    SDKAPPID_MISSING: 60012,
    /** 70001: UserSig expired. */
    SIG_EXPIRED: 70001,
    /** 70003: UserSig could not be parsed (e.g. truncated). */
    SIG_PARSE: 70003,
    /** 70009: UserSig verification failed (signed with another key). */
    SIG_VERIFY: 70009,
    /** 70013: the UserID in the request differs from the one in the UserSig. */
    SIG_IDENTIFIER_MISMATCH: 70013,
    /** 70014: the SDKAppID in the request differs from the one in the UserSig. */
    SIG_SDKAPPID_MISMATCH: 70014,
    /** 70020: SDKAppID does not exist. */
    SDKAPPID_UNKNOWN: 70020,
    /** 70107: the account was not imported. */
    ACCOUNT_NOT_IMPORTED: 70107,
    /** 70402: account service: invalid parameter. */
    ACCOUNT_INVALID_PARAM: 70402,
    /** 40001: profile service: invalid request parameter (ErrorInfo says which). */
    PROFILE_INVALID_PARAM: 40001,
    /** 40003: profile service: the requested account does not exist (not imported). */
    PROFILE_ACCOUNT_NOT_FOUND: 40003,
    /** 10003: group service: wrong command name. */
    GROUP_UNKNOWN_COMMAND: 10003,
    /** 10004: group service: invalid parameter (ErrorInfo names the field). */
    INVALID_PARAM: 10004,
    /** 10007: insufficient permission (e.g. sender is not a member, op not supported for group type). */
    PERMISSION_DENIED: 10007,
    /** 10010: group does not exist, or existed and was dismissed. */
    GROUP_NOT_FOUND: 10010,
    /** 10014: group is full. */
    GROUP_FULL: 10014,
    /** 10015: invalid group ID. */
    INVALID_GROUP_ID: 10015,
    /** 10017: cannot send: muted. */
    MUTED: 10017,
    /** 10019: the requested account does not exist (not imported). */
    GROUP_ACCOUNT_NOT_FOUND: 10019,
    /** 10025: this GroupId was already created by the caller (the app admin). */
    GROUP_ID_ALREADY_YOURS: 10025,
    /** 80002: message too long. */
    MESSAGE_TOO_LONG: 80002,
} as const;

/** Thrown by handlers; the route turns it into `{ActionStatus:"FAIL", ErrorCode, ErrorInfo}`. */
export class TencentError extends Error {
    constructor(
        readonly code: number,
        readonly info: string,
    ) {
        super(`${code}: ${info}`);
        this.name = 'TencentError';
    }
}

export interface TencentFailBody {
    ActionStatus: 'FAIL';
    ErrorCode: number;
    ErrorInfo: string;
}

export function failBody(code: number, info: string): TencentFailBody {
    return { ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: info };
}

export function okBody<T extends object>(extra: T): { ActionStatus: 'OK'; ErrorCode: 0; ErrorInfo: '' } & T {
    return { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', ...extra };
}
