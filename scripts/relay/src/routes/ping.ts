/** GET /v1/ping (API key): proves the key works (used by the Salesforce setup page). */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';
import { apiKeySecurity, errorResponses } from '../http/schemas.js';
import { RELAY_VERSION } from '../version.js';

export const pingRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    app.get(
        '/v1/ping',
        {
            schema: {
                summary: 'Check the API key',
                tags: ['salesforce'],
                security: apiKeySecurity,
                response: {
                    200: {
                        type: 'object',
                        properties: {
                            ok: { type: 'boolean' },
                            version: { type: 'string' },
                            sdkAppId: { type: 'number' },
                            mode: { type: 'string', enum: ['sandbox', 'live'] },
                        },
                    },
                    401: errorResponses[401],
                },
            },
        },
        async () => ({
            ok: true,
            version: RELAY_VERSION,
            sdkAppId: opts.services.settings.tencent.sdkAppId,
            mode: opts.services.settings.mode,
        }),
    );
};
