/**
 * POST /v1/groups/sync (API key): apply desired group states, per-group results.
 *
 * Only the envelope is validated by JSON schema (a `groups` array of 1–50 objects). Each group's fields are
 * validated here, so one malformed group (say a legacy customer id) is answered `ok:false` with
 * `VALIDATION_FAILED` naming the field, while the other groups still apply — a 400 for the whole batch would make
 * Salesforce's retry resend the same poisoned batch forever.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';
import { apiKeySecurity, errorResponses } from '../http/schemas.js';
import { parseSalesforceId, SALESFORCE_ID_PREFIX } from '../validation/salesforce-id.js';
import { isTencentUserId } from '../validation/fields.js';
import type { DesiredGroup, DesiredState, SyncItem } from '../services/group-sync-service.js';
import { echoed, failItem, validateBatchItems } from '../validation/batch-items.js';

export const MAX_GROUPS_PER_SYNC = 50;
export const MAX_AGENTS_PER_GROUP = 20;
export const MAX_NAME_LENGTH = 80;
const STATES: readonly DesiredState[] = ['open', 'muted', 'dismissed'];

/**
 * The per-group shape, for the OpenAPI document only (app.ts swaps it in): ajv must not enforce it, or one bad
 * group would fail the whole request again. validateGroup() enforces exactly this.
 */
export const SYNC_GROUP_DOC_SCHEMA = {
    type: 'object',
    required: ['groupId', 'customerId', 'agents', 'state'],
    description:
        'Validated per group: an invalid group is answered ok:false with VALIDATION_FAILED naming the field; the other groups still apply',
    properties: {
        groupId: { type: 'string', description: 'Salesforce Case id (15 or 18 chars)' },
        customerId: { type: 'string', description: 'Tencent UserID, 1-32 chars [A-Za-z0-9_-]' },
        customerName: { type: 'string', maxLength: MAX_NAME_LENGTH },
        agents: {
            type: 'array',
            maxItems: MAX_AGENTS_PER_GROUP,
            items: {
                type: 'object',
                properties: {
                    userId: { type: 'string', description: 'Salesforce User id' },
                    name: { type: 'string', maxLength: MAX_NAME_LENGTH },
                },
            },
        },
        state: { type: 'string', enum: STATES },
    },
} as const;

type Raw = Record<string, unknown>;

function salesforceId(value: unknown, field: string, prefix: string, what: string): string {
    if (value === undefined || value === null) failItem(field, 'is required');
    const parsed = parseSalesforceId(value, prefix);
    if (!parsed.ok)
        failItem(field, `must be a valid Salesforce ${what} id (15/18 chars, prefix ${prefix}, valid checksum)`);
    return parsed.id18;
}

function optionalName(value: unknown, field: string): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') failItem(field, 'must be a string');
    if (value.length > MAX_NAME_LENGTH) failItem(field, `must be at most ${MAX_NAME_LENGTH} characters`);
    return value.trim() || undefined;
}

/** Validates one group of the request; throws GroupValidationError naming the first bad field. */
export function validateGroup(raw: Raw, path: string): DesiredGroup {
    const groupId = salesforceId(raw['groupId'], `${path}.groupId`, SALESFORCE_ID_PREFIX.case, 'Case');
    const customerId = raw['customerId'];
    if (customerId === undefined || customerId === null) failItem(`${path}.customerId`, 'is required');
    if (typeof customerId !== 'string' || !isTencentUserId(customerId))
        failItem(`${path}.customerId`, 'must be 1-32 characters [A-Za-z0-9_-]');
    const customerName = optionalName(raw['customerName'], `${path}.customerName`);
    const agentsRaw = raw['agents'];
    if (agentsRaw === undefined || agentsRaw === null) failItem(`${path}.agents`, 'is required');
    if (!Array.isArray(agentsRaw)) failItem(`${path}.agents`, 'must be an array');
    if (agentsRaw.length > MAX_AGENTS_PER_GROUP)
        failItem(`${path}.agents`, `must have at most ${MAX_AGENTS_PER_GROUP} items`);
    const agents = agentsRaw.map((a: unknown, j) => {
        const field = `${path}.agents[${j}]`;
        if (typeof a !== 'object' || a === null || Array.isArray(a)) failItem(field, 'must be an object');
        const userId = salesforceId((a as Raw)['userId'], `${field}.userId`, SALESFORCE_ID_PREFIX.user, 'User');
        const name = optionalName((a as Raw)['name'], `${field}.name`);
        return name ? { userId, name } : { userId };
    });
    const state = raw['state'];
    if (state === undefined || state === null) failItem(`${path}.state`, 'is required');
    if (typeof state !== 'string' || !STATES.includes(state as DesiredState))
        failItem(`${path}.state`, `must be one of ${STATES.join(', ')}`);
    return { groupId, customerId, ...(customerName ? { customerName } : {}), agents, state: state as DesiredState };
}

export const groupSyncRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    app.post<{ Body: { groups: Raw[] } }>(
        '/v1/groups/sync',
        {
            schema: {
                summary:
                    'Apply desired chat group states (members, mute, dismissed); idempotent; each group validated and applied on its own',
                tags: ['salesforce'],
                security: apiKeySecurity,
                body: {
                    type: 'object',
                    required: ['groups'],
                    properties: {
                        // Envelope only: each item must be an object; its fields are validated per group (see above).
                        groups: {
                            type: 'array',
                            minItems: 1,
                            maxItems: MAX_GROUPS_PER_SYNC,
                            items: { type: 'object' },
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
                                        groupId: { type: 'string' },
                                        ok: { type: 'boolean' },
                                        state: { type: 'string' },
                                        added: { type: 'array', items: { type: 'string' } },
                                        removed: { type: 'array', items: { type: 'string' } },
                                        recreated: { type: 'boolean' },
                                        error: {
                                            type: 'object',
                                            properties: {
                                                code: { type: 'string' },
                                                message: { type: 'string' },
                                                field: { type: 'string' },
                                                upstreamCode: { anyOf: [{ type: 'number' }, { type: 'string' }] },
                                            },
                                        },
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
            const items: SyncItem[] = validateBatchItems(request.body.groups, {
                list: 'groups',
                idField: 'groupId',
                validate: validateGroup,
                idOf: (desired) => desired.groupId,
                rejected: (raw, err) => {
                    const state = echoed(raw, 'state', 16);
                    return {
                        groupId: echoed(raw, 'groupId', 64) ?? '',
                        ok: false as const,
                        ...(state ? { state } : {}),
                        error: { code: 'VALIDATION_FAILED', message: err.message, field: err.field },
                    };
                },
            }).map((entry) => ('valid' in entry ? { desired: entry.valid } : entry));
            const invalid = items.filter((item) => 'invalid' in item).length;
            if (invalid > 0)
                request.log.warn(
                    { invalid, groups: items.length },
                    'sync request had invalid groups; the valid ones are applied',
                );
            return opts.services.groupSync.syncAll(items, request.deadline);
        },
    );
};
