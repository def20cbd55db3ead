/** Every error leaves as `{error:{code,message,field?,upstreamCode?}}`; never a stack trace. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { toAppError } from './upstream-errors.js';

const FORMAT_TEXT: Record<string, string> = {
    'sf-case-id': 'must be a valid Salesforce Case id (15/18 chars, prefix 500, valid checksum)',
    'sf-user-id': 'must be a valid Salesforce User id (15/18 chars, prefix 005, valid checksum)',
    'tencent-user-id': 'must be 1-32 characters [A-Za-z0-9_-]',
    'caller-customer-id': 'must be 1-32 characters [A-Za-z0-9_-], not starting with cust_ and not a Salesforce User id',
    'chat-email': 'must be a valid email address (at most 80 characters)',
    'idempotency-key':
        'must be a UUID v4 or a random key of 32-64 characters [A-Za-z0-9_-] (at least 8 different characters)',
    'message-seq': 'must be an integer between 1 and 4294967295',
    'page-limit': 'must be an integer between 1 and 100',
};

interface AjvIssue {
    instancePath?: string;
    keyword?: string;
    message?: string;
    params?: Record<string, unknown>;
}

/** `/groups/0/agents/1/userId` → `groups[0].agents[1].userId`. */
export function jsonPointerToPath(pointer: string): string {
    return pointer
        .split('/')
        .filter((p) => p !== '')
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function validationError(error: FastifyError): AppError {
    const issue = (error.validation?.[0] ?? {}) as AjvIssue;
    let field = jsonPointerToPath(issue.instancePath ?? '');
    const missing = issue.params?.['missingProperty'];
    if (typeof missing === 'string') field = field ? `${field}.${missing}` : missing;
    const context = error.validationContext;
    if (context === 'headers')
        field = field.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
    if (!field) field = context === 'body' ? 'body' : String(context ?? 'request');
    const format = issue.params?.['format'];
    const detail =
        issue.keyword === 'format' && typeof format === 'string' && FORMAT_TEXT[format]
            ? FORMAT_TEXT[format]
            : (issue.message ?? 'is invalid');
    const message = issue.keyword === 'required' ? `${field} is required` : `${field} ${detail}`;
    return new AppError(400, 'VALIDATION_FAILED', message, { field });
}

export function toHttpError(error: unknown): AppError {
    if (error instanceof AppError) return error;
    const fe = error as FastifyError;
    if (fe && Array.isArray(fe.validation)) return validationError(fe);
    const status = typeof fe?.statusCode === 'number' ? fe.statusCode : 500;
    if (status === 413) return new AppError(413, 'PAYLOAD_TOO_LARGE', 'Request body is too large');
    if (status === 415) return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
    if (status === 429) return new AppError(429, 'RATE_LIMITED', 'Too many requests, retry later');
    if (status >= 400 && status < 500) {
        const message =
            fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
                ? 'Request body must not be empty'
                : fe.code?.startsWith('FST_ERR_CTP') || fe instanceof SyntaxError
                  ? 'Request body is not valid JSON'
                  : 'Bad request';
        return new AppError(status, 'BAD_REQUEST', message, { field: 'body' });
    }
    return toAppError(error);
}

/**
 * What an anonymous caller sees of a server-side failure: a generic message and the request id to quote. The upstream's
 * text (which can name fields, queries or accounts) and code go to the log only.
 */
export function publicView(appError: AppError, requestId: string): AppError {
    if (appError.statusCode < 500 || appError.code === 'DEADLINE_EXCEEDED') return appError;
    const retryable = appError.statusCode === 503;
    return new AppError(
        appError.statusCode,
        retryable ? 'SERVICE_UNAVAILABLE' : 'SERVICE_ERROR',
        `${retryable ? 'The service is temporarily unavailable; retry later.' : 'The request could not be completed.'} Request id: ${requestId}`,
        { requestId, ...(appError.extra.headers ? { headers: appError.extra.headers } : {}) },
    );
}

export interface ErrorHandlerOptions {
    /** Routes whose callers are anonymous (browsers): they get publicView() of server-side failures. */
    isPublic(request: FastifyRequest): boolean;
}

export function installErrorHandlers(app: FastifyInstance, opts: ErrorHandlerOptions): void {
    app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
        const internal = toHttpError(error);
        const appError = opts.isPublic(request) ? publicView(internal, request.id) : internal;
        if (appError.statusCode >= 500) {
            const e = error as Error & { upstreamCode?: unknown };
            // Log the class and message of the original error (upstream messages hold no secrets); no stack to callers.
            request.log.error(
                {
                    err: { type: e?.name, message: e?.message },
                    code: internal.code,
                    upstreamCode: internal.extra.upstreamCode,
                },
                'request failed',
            );
        }
        // Already answered (the request's deadline passed first): the failure is logged above, nothing more to send.
        if (reply.sent) return reply;
        for (const [name, value] of Object.entries(appError.extra.headers ?? {})) reply.header(name, value);
        return reply.status(appError.statusCode).type('application/json').send(appError.toBody());
    });
    app.setNotFoundHandler(async (request, reply) => {
        return reply
            .status(404)
            .send(
                new AppError(
                    404,
                    'NOT_FOUND',
                    `No route ${request.method} ${(request.url.split('?')[0] ?? '').slice(0, 200)}`,
                ).toBody(),
            );
    });
}
