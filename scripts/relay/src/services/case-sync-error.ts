/** The per-case error of `POST /v1/cases/sync`: what failed, and whether sending the case again can help. */
import { DeadlineExceededError } from '../http/deadline.js';
import { toAppError } from '../http/upstream-errors.js';

export interface CaseSyncError {
    code: string;
    message: string;
    retryable: boolean;
    /** the invalid request field (VALIDATION_FAILED only) */
    field?: string;
    upstreamCode?: number | string;
}

/** Upstream unavailable (503), an internal error, or the deadline: worth a retry. Refusals (502, 4xx) are not. */
export function caseSyncError(err: unknown): CaseSyncError {
    if (err instanceof DeadlineExceededError) return { code: err.code, message: err.message, retryable: true };
    const e = toAppError(err);
    return {
        code: e.code,
        message: e.message,
        retryable: e.statusCode === 503 || e.statusCode === 500,
        ...(e.extra.upstreamCode !== undefined ? { upstreamCode: e.extra.upstreamCode } : {}),
    };
}

/** The same decision for an error the group reconciliation already shaped (`{code, message}`). */
export function isRetryableCode(code: string): boolean {
    return code === 'DEADLINE_EXCEEDED' || /UNAVAILABLE$/.test(code) || code === 'INTERNAL';
}
