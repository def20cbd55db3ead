/** GET /metrics: Prometheus text exposition. */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';

export const metricsRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['ops'] } }, async (_request, reply) =>
        reply.type('text/plain; version=0.0.4; charset=utf-8').send(opts.services.metrics.render()),
    );
};
