/**
 * POST /v1/ratings (public: CORS allowlist + per-IP rate limit): the customer's answer to a rating request. The
 * one-time token from the request authorises it (services/ratings.ts); one answer per case.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';
import { errorResponses } from '../http/schemas.js';

export const MAX_RATING_COMMENT = 1000;

export const ratingRoutes: FastifyPluginAsync<RouteOptions & { rateLimitPerMinute: number }> = async (app, opts) => {
    app.post<{ Body: { token: string; score: number; comment?: string } }>(
        '/v1/ratings',
        {
            config: { rateLimit: { max: opts.rateLimitPerMinute, timeWindow: 60_000 } },
            schema: {
                summary: "The customer's rating of a closed chat (token from the rating request; once per case)",
                tags: ['public'],
                body: {
                    type: 'object',
                    required: ['token', 'score'],
                    additionalProperties: false,
                    properties: {
                        token: { type: 'string', minLength: 1, maxLength: 200 },
                        score: { type: 'integer', minimum: 1, maximum: 5 },
                        comment: { type: 'string', maxLength: MAX_RATING_COMMENT },
                    },
                },
                response: {
                    201: { type: 'object', required: ['caseId'], properties: { caseId: { type: 'string' } } },
                    ...errorResponses,
                },
            },
        },
        async (request, reply) => {
            const b = request.body;
            const result = await opts.services.ratings.answer({
                token: b.token,
                score: b.score,
                comment: b.comment ?? '',
            });
            request.log.info({ caseId: result.caseId, score: b.score }, 'rating received');
            return reply.status(201).send(result);
        },
    );
};
