/**
 * POST /v1/cases/sync (API key): Salesforce names the chat cases that changed; the relay reads the truth and
 * converges each case's group (services/case-sync-service.ts). Only the envelope is validated by JSON schema (1–200
 * objects): each case is validated on its own, so one malformed item is answered `VALIDATION_FAILED` while the others
 * still sync — a 400 for the whole batch would make Salesforce's retry resend the same poisoned batch forever.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';
import { apiKeySecurity, errorResponses } from '../http/schemas.js';
import { parseSalesforceId, SALESFORCE_ID_PREFIX } from '../validation/salesforce-id.js';
import { isTencentUserId } from '../validation/fields.js';
import type { CaseSyncEntry, CaseSyncItem } from '../services/case-sync-service.js';

export const MAX_CASES_PER_SYNC = 200;
/** Tencent custom GroupId: printable ASCII, at most 48 bytes. */
const GROUP_ID = /^[\x21-\x7e]{1,48}$/;

type Raw = Record<string, unknown>;

class ItemError extends Error {
    constructor(
        readonly field: string,
        message: string,
    ) {
        super(`${field} ${message}`);
    }
}

/** Validates one entry of `cases`; throws ItemError naming the first bad field. */
export function validateCaseItem(raw: Raw, path: string): CaseSyncItem {
    const caseId = raw['caseId'];
    if (caseId === undefined || caseId === null) throw new ItemError(`${path}.caseId`, 'is required');
    const parsed = parseSalesforceId(caseId, SALESFORCE_ID_PREFIX.case);
    if (!parsed.ok)
        throw new ItemError(`${path}.caseId`, 'must be a Salesforce Case id (15/18 chars, prefix 500, valid checksum)');
    const unknown = Object.keys(raw).find((k) => k !== 'caseId' && k !== 'deleted');
    if (unknown) throw new ItemError(`${path}.${unknown.slice(0, 40)}`, 'is not a known property');
    const deleted = raw['deleted'];
    if (deleted === undefined || deleted === null) return { caseId: parsed.id18 };
    if (typeof deleted !== 'object' || Array.isArray(deleted))
        throw new ItemError(`${path}.deleted`, 'must be an object {groupId, customerId}');
    const { groupId, customerId } = deleted as Raw;
    if (typeof groupId !== 'string' || !GROUP_ID.test(groupId) || groupId.startsWith('@TGS#'))
        throw new ItemError(`${path}.deleted.groupId`, 'must be a chat group id (1-48 printable ASCII characters)');
    if (typeof customerId !== 'string' || !isTencentUserId(customerId))
        throw new ItemError(`${path}.deleted.customerId`, 'must be 1-32 characters [A-Za-z0-9_-]');
    return { caseId: parsed.id18, deleted: { groupId, customerId } };
}

const errorObject = {
    type: 'object',
    properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        retryable: { type: 'boolean' },
        field: { type: 'string' },
        upstreamCode: { anyOf: [{ type: 'number' }, { type: 'string' }] },
    },
} as const;

export const caseSyncRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    app.post<{ Body: { cases: Raw[] } }>(
        '/v1/cases/sync',
        {
            schema: {
                summary:
                    'Converge the chat groups of changed cases: the relay reads each Case, its owner, Opened AgentWork and the settings, archives transcripts on close, and applies members / mute / dismiss; per-case results in request order',
                tags: ['salesforce'],
                security: apiKeySecurity,
                body: {
                    type: 'object',
                    required: ['cases'],
                    properties: {
                        cases: {
                            type: 'array',
                            minItems: 1,
                            maxItems: MAX_CASES_PER_SYNC,
                            items: {
                                type: 'object',
                                description:
                                    '{caseId: Case id (15/18), deleted?: {groupId, customerId}} — validated per case: an invalid one is answered ok:false with VALIDATION_FAILED, the others still sync',
                            },
                        },
                    },
                },
                response: {
                    200: {
                        type: 'object',
                        properties: {
                            results: {
                                type: 'array',
                                items: {
                                    type: 'object',
                                    properties: {
                                        caseId: { type: 'string' },
                                        ok: { type: 'boolean' },
                                        state: { type: 'string', enum: ['open', 'muted', 'dismissed', 'none'] },
                                        added: { type: 'array', items: { type: 'string' } },
                                        removed: { type: 'array', items: { type: 'string' } },
                                        recreated: { type: 'boolean' },
                                        archived: { type: 'boolean' },
                                        error: errorObject,
                                    },
                                },
                            },
                            failed: { type: 'number' },
                        },
                    },
                    ...errorResponses,
                },
            },
        },
        async (request) => {
            const seen = new Set<string>();
            const entries: CaseSyncEntry[] = request.body.cases.map((raw, i) => {
                const path = `cases[${i}]`;
                try {
                    const item = validateCaseItem(raw, path);
                    if (seen.has(item.caseId))
                        throw new ItemError(`${path}.caseId`, 'appears more than once in this request');
                    seen.add(item.caseId);
                    return { item };
                } catch (err) {
                    if (!(err instanceof ItemError)) throw err;
                    const caseId = typeof raw['caseId'] === 'string' ? raw['caseId'].slice(0, 64) : '';
                    return {
                        invalid: {
                            caseId,
                            ok: false as const,
                            error: {
                                code: 'VALIDATION_FAILED',
                                message: err.message,
                                retryable: false,
                                field: err.field,
                            },
                        },
                    };
                }
            });
            return opts.services.caseSync.sync(entries, request.deadline);
        },
    );
};
