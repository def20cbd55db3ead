/** Classification of Tencent Chat REST error codes, per command. */

export const RETRYABLE_CODES: ReadonlySet<number> = new Set([
    10002, 60007, 60008, 60011, 60018, 60019, 70169, 70202, 70500, 10023,
]);
export const SIG_EXPIRED_CODE = 70001;
export const NOT_IMPORTED_CODES: ReadonlySet<number> = new Set([10019, 70107]);
export const GROUP_MISSING_CODES: ReadonlySet<number> = new Set([10010, 10015]);
export const GROUP_ID_ALREADY_OURS = 10025;

export type TencentErrorKind =
    | 'ok'
    | 'retryable' // back off and try again
    | 'renew-sig' // regenerate the admin UserSig, then retry
    | 'needs-import' // import the account(s), then retry once
    | 'already-done' // the desired end state already holds
    | 'verify-ownership' // 10025 on create_group: confirm with get_group_info
    | 'not-found' // the group does not exist
    | 'permanent';

/** Classifies a top-level ErrorCode of `command` (e.g. `group_open_http_svc/destroy_group`). */
export function classifyTencentError(command: string, errorCode: number): TencentErrorKind {
    if (errorCode === 0) return 'ok';
    if (errorCode === SIG_EXPIRED_CODE) return 'renew-sig';
    if (RETRYABLE_CODES.has(errorCode)) return 'retryable';
    const name = command.slice(command.lastIndexOf('/') + 1);
    if (NOT_IMPORTED_CODES.has(errorCode) && name !== 'destroy_group') return 'needs-import';
    switch (name) {
        case 'create_group':
            if (errorCode === GROUP_ID_ALREADY_OURS) return 'verify-ownership';
            break;
        case 'destroy_group':
            if (GROUP_MISSING_CODES.has(errorCode)) return 'already-done';
            break;
        case 'get_group_info':
        case 'get_group_member_info':
        case 'group_msg_get_simple':
        case 'add_group_member':
        case 'delete_group_member':
        case 'modify_group_base_info':
        case 'send_group_msg':
            if (GROUP_MISSING_CODES.has(errorCode)) return 'not-found';
            break;
        default:
            break;
    }
    return 'permanent';
}

/** add_group_member per-member `Result`: 0 failed, 1 added, 2 already a member, 3 awaiting approval. */
export type MemberResultKind = 'failed' | 'added' | 'already-member' | 'pending';

export function classifyMemberResult(result: number): MemberResultKind {
    switch (result) {
        case 1:
            return 'added';
        case 2:
            return 'already-member';
        case 3:
            return 'pending';
        default:
            return 'failed';
    }
}

/** A Tencent call that did not succeed (after retries where allowed). */
export class TencentApiError extends Error {
    override readonly name = 'TencentApiError';
    constructor(
        readonly command: string,
        /** Tencent ErrorCode, or a string such as `NETWORK`, `TIMEOUT`, `HTTP_503` when no body arrived. */
        readonly upstreamCode: number | string,
        message: string,
        readonly kind: TencentErrorKind,
    ) {
        super(message);
    }
}
