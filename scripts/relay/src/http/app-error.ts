/** The relay's one error type and the wire shape `{error:{code,message,field?,upstreamCode?,requestId?}}`. */

export interface ErrorBody {
    error: { code: string; message: string; field?: string; upstreamCode?: number | string; requestId?: string };
}

export class AppError extends Error {
    override readonly name = 'AppError';
    constructor(
        readonly statusCode: number,
        readonly code: string,
        message: string,
        readonly extra: {
            field?: string;
            upstreamCode?: number | string;
            requestId?: string;
            headers?: Record<string, string>;
        } = {},
    ) {
        super(message);
    }

    toBody(): ErrorBody {
        const error: ErrorBody['error'] = { code: this.code, message: this.message };
        if (this.extra.field !== undefined) error.field = this.extra.field;
        if (this.extra.upstreamCode !== undefined) error.upstreamCode = this.extra.upstreamCode;
        if (this.extra.requestId !== undefined) error.requestId = this.extra.requestId;
        return { error };
    }
}

export const badRequest = (field: string, message: string) =>
    new AppError(400, 'VALIDATION_FAILED', message, { field });
export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const conflict = (code: string, message: string, field?: string) =>
    new AppError(409, code, message, field === undefined ? {} : { field });

/** A caller-chosen customer id without valid proof (see validation/customer-id-policy.ts). */
export function customerIdUnproven(result: 'no-secret' | 'invalid', idField: string, signatureField: string): AppError {
    return result === 'no-secret'
        ? new AppError(403, 'CUSTOMER_ID_NOT_ALLOWED', `${idField} is not accepted: this relay mints customer ids`, {
              field: idField,
          })
        : new AppError(
              403,
              'CUSTOMER_ID_UNVERIFIED',
              `${signatureField} must be the customer app backend's HMAC-SHA256 of ${idField}`,
              { field: signatureField },
          );
}
