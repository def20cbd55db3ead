import { TencentError, TencentErrorCode } from '../errors.js';
import { isValidUserId } from '../group-rules.js';

/** `UserID` of im_open_login_svc/kick. */
export function requireUserIdParam(value: unknown): string {
    if (!isValidUserId(value)) throw new TencentError(TencentErrorCode.ACCOUNT_INVALID_PARAM, 'UserID is required');
    return value;
}
