/** POST /v1/agents/session (API key): UserSig for one agent (Apex passes the current user's id). */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';
import { apiKeySecurity, errorResponses, userIdSchema } from '../http/schemas.js';
import { toId18 } from '../validation/salesforce-id.js';
import { genUserSig } from '../tencent/usersig.js';
import { sdkEndpointProperties } from '../tencent/sdk-endpoints.js';

export const agentSessionRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    app.post<{ Body: { userId: string; name?: string } }>(
        '/v1/agents/session',
        {
            schema: {
                summary: 'Mint a chat login (UserSig) for a Salesforce agent',
                tags: ['salesforce'],
                security: apiKeySecurity,
                body: {
                    type: 'object',
                    required: ['userId'],
                    properties: { userId: userIdSchema, name: { type: 'string', maxLength: 80 } },
                },
                response: {
                    200: {
                        type: 'object',
                        properties: {
                            sdkAppId: { type: 'number' },
                            userId: { type: 'string' },
                            userSig: { type: 'string' },
                            expiresAt: { type: 'number' },
                            ...sdkEndpointProperties,
                        },
                    },
                    ...errorResponses,
                },
            },
        },
        async (request) => {
            const userId = toId18(request.body.userId);
            const { tencent } = opts.services.settings;
            // The account must exist before the agent can be added to groups; importing also sets the nickname.
            // With a name, AgentNicks skips the import when the account is known to have that Nick already.
            const name = request.body.name?.trim();
            if (name) await opts.services.agentNicks.importNew([{ userId, name }]);
            else await opts.services.accounts.importOne(userId);
            const sig = genUserSig({
                sdkAppId: tencent.sdkAppId,
                secretKey: tencent.secretKey,
                identifier: userId,
                expireSeconds: opts.services.settings.userSigTtlSeconds,
            });
            return {
                sdkAppId: tencent.sdkAppId,
                userId,
                userSig: sig.userSig,
                expiresAt: sig.expiresAtMs,
                ...tencent.sdkEndpoints,
            };
        },
    );
};
