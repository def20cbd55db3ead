/** GET /v1/groups/:groupId/messages (API key): history pages, oldest-first. */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';
import { apiKeySecurity, caseIdSchema, errorResponses } from '../http/schemas.js';
import { toId18 } from '../validation/salesforce-id.js';

const elementSchema = {
    type: 'object',
    properties: {
        type: { type: 'string', enum: ['text', 'image', 'file', 'custom'] },
        text: { type: 'string' },
        url: { type: 'string' },
        width: { type: 'number' },
        height: { type: 'number' },
        name: { type: 'string' },
        size: { type: 'number' },
        data: { type: 'string' },
    },
} as const;

const DEFAULT_PAGE_LIMIT = 20;

export const groupMessageRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    app.get<{ Params: { groupId: string }; Querystring: { before?: string; limit?: string } }>(
        '/v1/groups/:groupId/messages',
        {
            schema: {
                summary: 'A page of the group history (oldest-first); page back with before = nextBefore',
                tags: ['salesforce'],
                security: apiKeySecurity,
                params: { type: 'object', required: ['groupId'], properties: { groupId: caseIdSchema } },
                querystring: {
                    type: 'object',
                    properties: {
                        // Strings (no type coercion anywhere): validated by format, converted below.
                        before: {
                            type: 'string',
                            format: 'message-seq',
                            description: 'Return messages with seq ≤ before (1-4294967295)',
                        },
                        limit: { type: 'string', format: 'page-limit', description: '1-100, default 20' },
                    },
                },
                response: {
                    200: {
                        type: 'object',
                        properties: {
                            groupId: { type: 'string' },
                            messages: {
                                type: 'array',
                                items: {
                                    type: 'object',
                                    properties: {
                                        seq: { type: 'number' },
                                        random: { type: 'number' },
                                        from: { type: 'string' },
                                        time: { type: 'number' },
                                        elements: { type: 'array', items: elementSchema },
                                    },
                                },
                            },
                            nextBefore: { type: ['number', 'null'] },
                            isFinished: { type: 'boolean' },
                        },
                    },
                    ...errorResponses,
                },
            },
        },
        async (request) => {
            const groupId = toId18(request.params.groupId);
            const page = await opts.services.groups.history(
                groupId,
                request.query.before === undefined ? undefined : Number(request.query.before),
                request.query.limit === undefined ? DEFAULT_PAGE_LIMIT : Number(request.query.limit),
            );
            return { groupId, ...page };
        },
    );
};
