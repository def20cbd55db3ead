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
import { echoed, failItem, validateBatchItems } from '../validation/batch-items.js';

export const MAX_CASES_PER_SYNC = 200;
/** Tencent custom GroupId: printable ASCII, at most 48 bytes. */
const GROUP_ID = /^[\x21-\x7e]{1,48}$/;

type Raw = Record<string, unknown>;

/** Validates one entry of `cases`; throws ItemValidationError naming the first bad field. */
export function validateCaseItem(raw: Raw, path: string): CaseSyncItem {
    const caseId = raw['caseId'];
    if (caseId === undefined || caseId === null) failItem(`${path}.caseId`, 'is required');
    const parsed = parseSalesforceId(caseId, SALESFORCE_ID_PREFIX.case);
    if (!parsed.ok)
        failItem(`${path}.caseId`, 'must be a Salesforce Case id (15/18 chars, prefix 500, valid checksum)');
    const unknown = Object.keys(raw).find((k) => k !== 'caseId' && k !== 'deleted');
    if (unknown) failItem(`${path}.${unknown.slice(0, 40)}`, 'is not a known property');
    const deleted = raw['deleted'];
    if (deleted === undefined || deleted === null) return { caseId: parsed.id18 };
    if (typeof deleted !== 'object' || Array.isArray(deleted))
        failItem(`${path}.deleted`, 'must be an object {groupId, customerId}');
    const { groupId, customerId } = deleted as Raw;
    if (typeof groupId !== 'string' || !GROUP_ID.test(groupId) || groupId.startsWith('@TGS#'))
        failItem(`${path}.deleted.groupId`, 'must be a chat group id (1-48 printable ASCII characters)');
    if (typeof customerId !== 'string' || !isTencentUserId(customerId))
        failItem(`${path}.deleted.customerId`, 'must be 1-32 characters [A-Za-z0-9_-]');
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
            const entries: CaseSyncEntry[] = validateBatchItems(request.body.cases, {
                list: 'cases',
                idField: 'caseId',
                validate: validateCaseItem,
                idOf: (item) => item.caseId,
                rejected: (raw, err) => ({
                    caseId: echoed(raw, 'caseId', 64) ?? '',
                    ok: false as const,
                    error: { code: 'VALIDATION_FAILED', message: err.message, retryable: false, field: err.field },
                }),
            }).map((entry) => ('valid' in entry ? { item: entry.valid } : entry));
            return opts.services.caseSync.sync(entries, request.deadline);
        },
    );
};
