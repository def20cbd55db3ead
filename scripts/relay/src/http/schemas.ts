/** JSON schema pieces shared by the routes (they double as the OpenAPI document). */

export const errorSchema = {
    $id: 'RelayError',
    type: 'object',
    required: ['error'],
    properties: {
        error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                field: { type: 'string' },
                upstreamCode: { anyOf: [{ type: 'number' }, { type: 'string' }] },
                requestId: { type: 'string' },
            },
        },
    },
} as const;

export const errorRef = { $ref: 'RelayError#' } as const;

export const errorResponses = {
    400: errorRef,
    401: errorRef,
    404: errorRef,
    409: errorRef,
    403: errorRef,
    413: errorRef,
    429: errorRef,
    502: errorRef,
    503: errorRef,
} as const;

export const caseIdSchema = {
    type: 'string',
    format: 'sf-case-id',
    description: 'Salesforce Case id (15 or 18 chars)',
} as const;
export const userIdSchema = {
    type: 'string',
    format: 'sf-user-id',
    description: 'Salesforce User id (15 or 18 chars)',
} as const;
export const nonBlank = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: '\\S' }) as const;

export const apiKeySecurity = [{ apiKey: [] as string[] }];

/** Tencent's own success envelope (tutorial routes answer with it). */
export const tencentBodySchema = {
    type: 'object',
    additionalProperties: true,
    properties: { ActionStatus: { type: 'string' }, ErrorCode: { type: 'number' }, ErrorInfo: { type: 'string' } },
} as const;
