/** Maps upstream failures to the relay's error responses (502/503 keep the upstream code; 404 for a missing group). */
import { AppError } from './app-error.js';
import { TencentApiError } from '../tencent/tencent-errors.js';
import { SalesforceApiError } from '../salesforce/salesforce-client.js';
import { DeadlineExceededError } from './deadline.js';

export function toAppError(err: unknown): AppError {
    if (err instanceof AppError) return err;
    if (err instanceof DeadlineExceededError)
        return new AppError(503, err.code, err.message, { headers: { 'retry-after': '1' } });
    if (err instanceof TencentApiError) {
        if (err.kind === 'not-found')
            return new AppError(404, 'GROUP_NOT_FOUND', 'The chat group does not exist or was dismissed', {
                upstreamCode: err.upstreamCode,
            });
        if (err.kind === 'retryable')
            return new AppError(503, 'TENCENT_UNAVAILABLE', err.message, { upstreamCode: err.upstreamCode });
        return new AppError(502, 'TENCENT_ERROR', err.message, { upstreamCode: err.upstreamCode });
    }
    if (err instanceof SalesforceApiError) {
        if (err.retryable)
            return new AppError(503, 'SALESFORCE_UNAVAILABLE', err.message, { upstreamCode: err.upstreamCode });
        return new AppError(502, 'SALESFORCE_ERROR', err.message, { upstreamCode: err.upstreamCode });
    }
    return new AppError(500, 'INTERNAL', 'Internal error');
}
