/** POST /v1/groups/sync (API key): apply desired group states, per-group results. */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';
import { apiKeySecurity, caseIdSchema, errorResponses, userIdSchema } from '../http/schemas.js';
import { badRequest } from '../http/app-error.js';
import { toId18 } from '../validation/salesforce-id.js';
import type { DesiredGroup, DesiredState } from '../services/group-sync-service.js';

interface SyncBody {
  groups: { groupId: string; customerId: string; customerName?: string; agents: { userId: string; name?: string }[]; state: DesiredState }[];
}

export const MAX_GROUPS_PER_SYNC = 50;
export const MAX_AGENTS_PER_GROUP = 20;

export const groupSyncRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
  app.post<{ Body: SyncBody }>(
    '/v1/groups/sync',
    {
      schema: {
        summary: 'Apply desired chat group states (members, mute, dismissed); idempotent',
        tags: ['salesforce'],
        security: apiKeySecurity,
        body: {
          type: 'object',
          required: ['groups'],
          properties: {
            groups: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_GROUPS_PER_SYNC,
              items: {
                type: 'object',
                required: ['groupId', 'customerId', 'agents', 'state'],
                properties: {
                  groupId: caseIdSchema,
                  customerId: { type: 'string', format: 'tencent-user-id' },
                  customerName: { type: 'string', maxLength: 80 },
                  agents: {
                    type: 'array',
                    maxItems: MAX_AGENTS_PER_GROUP,
                    items: { type: 'object', required: ['userId'], properties: { userId: userIdSchema, name: { type: 'string', maxLength: 80 } } },
                  },
                  state: { type: 'string', enum: ['open', 'muted', 'dismissed'] },
                },
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
                    groupId: { type: 'string' },
                    ok: { type: 'boolean' },
                    state: { type: 'string' },
                    added: { type: 'array', items: { type: 'string' } },
                    removed: { type: 'array', items: { type: 'string' } },
                    recreated: { type: 'boolean' },
                    error: {
                      type: 'object',
                      properties: { code: { type: 'string' }, message: { type: 'string' }, upstreamCode: { anyOf: [{ type: 'number' }, { type: 'string' }] } },
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
      const seen = new Set<string>();
      const desired: DesiredGroup[] = request.body.groups.map((g, i) => {
        const groupId = toId18(g.groupId);
        if (seen.has(groupId)) throw badRequest(`groups[${i}].groupId`, `groups[${i}].groupId appears more than once in this request`);
        seen.add(groupId);
        return {
          groupId,
          customerId: g.customerId,
          ...(g.customerName ? { customerName: g.customerName } : {}),
          agents: g.agents.map((a) => ({ userId: toId18(a.userId), ...(a.name ? { name: a.name } : {}) })),
          state: g.state,
        };
      });
      return opts.services.groupSync.syncAll(desired);
    },
  );
};
