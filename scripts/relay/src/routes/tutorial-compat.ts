/**
 * The tutorial's routes, with its bodies and semantics, so existing integrations can switch over:
 * POST /createticket (public, like /v1/tickets) and /joingroup, /leavegroup, /deletegroup (API key).
 * Success answers Tencent's own envelope; failures use the relay's JSON errors.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';
import {
    apiKeySecurity,
    caseIdSchema,
    errorResponses,
    nonBlank,
    tencentBodySchema,
    userIdSchema,
} from '../http/schemas.js';
import { toId18 } from '../validation/salesforce-id.js';
import { apiKeyHook } from '../http/auth.js';
import { badRequest, customerIdUnproven } from '../http/app-error.js';

const OK = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' } as const;
const memberBody = {
    type: 'object',
    required: ['groupId', 'userId'],
    properties: { groupId: caseIdSchema, userId: userIdSchema },
} as const;

/** Public part: POST /createticket. */
export const tutorialPublicRoutes: FastifyPluginAsync<RouteOptions & { rateLimitPerMinute: number }> = async (
    app,
    opts,
) => {
    // UNSAFE when on: any caller may then post as any customer id (documented in docs/relay.md).
    const unsigned = opts.services.settings.http.tutorialUnsignedCustomerIds === true;
    app.post<{
        Body: {
            userId: string;
            userIdSignature?: string;
            caseInfo: { subject: string; desc?: string; name: string; email: string };
        };
    }>(
        '/createticket',
        {
            config: { rateLimit: { max: opts.rateLimitPerMinute, timeWindow: 60_000 } },
            schema: {
                summary:
                    "Tutorial-compatible ticket creation (the caller's userId becomes the customer; no UserSig is returned)",
                tags: ['tutorial', 'public'],
                body: {
                    type: 'object',
                    required: ['userId', 'caseInfo'],
                    properties: {
                        userId: { type: 'string', format: 'caller-customer-id' },
                        userIdSignature: {
                            type: 'string',
                            maxLength: 64,
                            description:
                                'Hex HMAC-SHA256 of userId with CUSTOMER_ID_SECRET (not needed only when TUTORIAL_UNSIGNED_CUSTOMER_IDS=true, unsafe)',
                        },
                        caseInfo: {
                            type: 'object',
                            required: ['subject', 'name', 'email'],
                            properties: {
                                subject: nonBlank(255),
                                desc: { type: 'string', maxLength: 4000 },
                                name: nonBlank(80),
                                email: { type: 'string', format: 'chat-email' },
                            },
                        },
                    },
                },
                response: { 200: tencentBodySchema, ...errorResponses },
            },
        },
        async (request) => {
            const { userId, userIdSignature, caseInfo } = request.body;
            const problem = opts.services.customerIds.problem(userId);
            if (problem) throw badRequest('userId', `userId ${problem}`);
            if (!unsigned) {
                const proof = opts.services.customerIds.verify(userId, userIdSignature);
                if (proof !== 'ok') throw customerIdUnproven(proof, 'userId', 'userIdSignature');
            }
            const result = await opts.services.tickets.create({
                name: caseInfo.name.trim(),
                email: caseInfo.email,
                subject: caseInfo.subject.trim(),
                ...(caseInfo.desc ? { message: caseInfo.desc } : {}),
                customerId: userId,
            });
            return { ...OK, GroupId: result.groupId, CaseId: result.caseId };
        },
    );
};

/** API-key part: /joingroup, /leavegroup, /deletegroup. */
export const tutorialProtectedRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    app.addHook('onRequest', apiKeyHook(opts.services.settings.http.apiKey));
    const { groups } = opts.services;

    app.post<{ Body: { groupId: string; userId: string } }>(
        '/joingroup',
        {
            schema: {
                summary: 'Tutorial: add an agent to a group',
                tags: ['tutorial'],
                security: apiKeySecurity,
                body: memberBody,
                response: { 200: tencentBodySchema, ...errorResponses },
            },
        },
        async (request) => {
            const groupId = toId18(request.body.groupId);
            const userId = toId18(request.body.userId);
            const { added } = await groups.addMembers(groupId, [userId]);
            return { ...OK, MemberList: [{ Member_Account: userId, Result: added.includes(userId) ? 1 : 2 }] };
        },
    );

    app.post<{ Body: { groupId: string; userId: string } }>(
        '/leavegroup',
        {
            schema: {
                summary: 'Tutorial: remove an agent from a group',
                tags: ['tutorial'],
                security: apiKeySecurity,
                body: memberBody,
                response: { 200: tencentBodySchema, ...errorResponses },
            },
        },
        async (request) => {
            await groups.deleteMembers(toId18(request.body.groupId), [toId18(request.body.userId)]);
            return { ...OK };
        },
    );

    app.post<{ Body: { groupId: string } }>(
        '/deletegroup',
        {
            schema: {
                summary: 'Tutorial: dismiss a group (already dismissed counts as success)',
                tags: ['tutorial'],
                security: apiKeySecurity,
                body: { type: 'object', required: ['groupId'], properties: { groupId: caseIdSchema } },
                response: { 200: tencentBodySchema, ...errorResponses },
            },
        },
        async (request) => {
            await groups.destroy(toId18(request.body.groupId));
            return { ...OK };
        },
    );
};
