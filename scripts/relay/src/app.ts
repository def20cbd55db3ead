/**
 * buildApp(deps): the relay's fastify instance (used by main.ts, the sandbox and the tests).
 */
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import Fastify, { LogController } from 'fastify';
import type { FastifyInstance, FastifyPluginAsync, FastifyPluginCallback, FastifySchema } from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import { loggerOptions } from './logger.js';
import { createRelayServices, type RelaySettings, type RelayServices } from './services/container.js';
import { installErrorHandlers } from './http/error-handler.js';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.js';
import { Deadline, DEADLINE_EXCEEDED, runWithDeadline } from './http/deadline.js';
import {
    DEFAULT_HEADERS_TIMEOUT_MS,
    DEFAULT_PUBLIC_DEADLINE_MS,
    DEFAULT_REQUEST_DEADLINE_MS,
    DEFAULT_REQUEST_TIMEOUT_MS,
    type TrustProxy,
} from './config.js';
import { AppError } from './http/app-error.js';
import { errorSchema } from './http/schemas.js';
import { apiKeyHook } from './http/auth.js';
import { createRateLimitRedis } from './http/rate-limit-store.js';
import { RedisPendingGroups } from './services/live-engagement.js';
import { ajvFormats } from './validation/fields.js';
import { RELAY_VERSION } from './version.js';
import { ticketRoutes } from './routes/tickets.js';
import { ratingRoutes } from './routes/ratings.js';
import { groupSyncRoutes, SYNC_GROUP_DOC_SCHEMA } from './routes/group-sync.js';
import { caseSyncRoutes } from './routes/case-sync.js';
import { agentSessionRoutes } from './routes/agent-sessions.js';
import { groupMessageRoutes } from './routes/group-messages.js';
import { pingRoutes } from './routes/ping.js';
import { tutorialProtectedRoutes, tutorialPublicRoutes } from './routes/tutorial-compat.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoutes } from './routes/metrics.js';
import { openapiRoutes } from './routes/openapi.js';
import { messagingPlugin } from './messaging/messaging-plugin.js';
import { voicePublicRoutes, voiceSessionRoutes } from './routes/voice.js';
import { RedisPhoneTickets } from './voice/phone-tickets.js';

/** Routes that browsers call directly: they get CORS (allowlist) and the per-IP rate limit. */
export const PUBLIC_BROWSER_ROUTES = ['/v1/tickets', '/v1/ratings', '/createticket'];

/** Extra plugins mounted in the same app (the sandbox's fakes and demo pages). They are not behind the API key. */
export interface ExtraPlugin {
    // Plugins with their own option types are accepted as-is.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    plugin: FastifyPluginAsync<any> | FastifyPluginCallback<any>; // any: fastify's register() is generic over each plugin's options
    prefix?: string;
    options?: Record<string, unknown>;
}

export interface BuildAppDeps {
    settings: RelaySettings;
    /** Where logs go (tests capture them); defaults to stdout. */
    logStream?: Writable;
    plugins?: ExtraPlugin[];
}

declare module 'fastify' {
    interface FastifyInstance {
        relay: RelayServices;
    }
    interface FastifyRequest {
        /** This request's deadline (public routes get the shorter budget). */
        deadline: Deadline;
    }
}

/** fastify's trustProxy: a hop count becomes "trust the nearest N addresses"; a list is passed through. */
function trustProxyOption(value: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
    if (typeof value === 'number') return (_address, hop) => hop < value;
    return value;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The schema the OpenAPI document shows: sandbox routes hidden; the sync groups' per-group shape spelled out. */
function documentedSchema(url: string, schema: FastifySchema): FastifySchema {
    if (url.startsWith('/sandbox')) return { ...(schema ?? {}), hide: true };
    if (url === '/v1/groups/sync' && schema?.body) {
        const body = schema.body as { properties: { groups: Record<string, unknown> } };
        return {
            ...schema,
            body: {
                ...body,
                properties: { ...body.properties, groups: { ...body.properties.groups, items: SYNC_GROUP_DOC_SCHEMA } },
            },
        };
    }
    return schema;
}

export async function buildApp(deps: BuildAppDeps): Promise<FastifyInstance> {
    const { settings } = deps;
    const requestDeadlineMs = settings.http.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS;
    const publicDeadlineMs = settings.http.publicDeadlineMs ?? DEFAULT_PUBLIC_DEADLINE_MS;
    const requestTimeoutMs = settings.http.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const app = Fastify({
        logger: loggerOptions(settings.http.logLevel, deps.logStream),
        bodyLimit: settings.http.bodyLimitBytes,
        trustProxy: trustProxyOption(settings.http.trustProxy),
        // A client has requestTimeoutMs to send its whole request (headersTimeoutMs for the head); a half-sent
        // request is answered 408 and closed. An idle socket is closed after the longest deadline plus a margin.
        requestTimeout: requestTimeoutMs,
        connectionTimeout: requestDeadlineMs + 10_000,
        http: {
            headersTimeout: Math.min(settings.http.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, requestTimeoutMs),
            requestTimeout: requestTimeoutMs,
            connectionsCheckingInterval: Math.min(1_000, requestTimeoutMs),
        },
        frameworkErrors,
        clientErrorHandler,
        requestIdHeader: false,
        genReqId: (req) => {
            const incoming = req.headers['x-request-id'];
            return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        },
        // No type coercion: `{"name":123}` is a 400 naming the field, not the string "123".
        ajv: { customOptions: { allErrors: false, coerceTypes: false, formats: ajvFormats } },
        // One access-log line per request (onResponse below) instead of fastify's two.
        logController: new LogController({ disableRequestLogging: true }),
    });

    const services = createRelayServices(settings, app.log);
    app.decorate('relay', services);
    app.addSchema(errorSchema);
    const isPublic = (url: string | undefined) => url !== undefined && PUBLIC_BROWSER_ROUTES.includes(url);
    installErrorHandlers(app, { isPublic: (request) => isPublic(request.routeOptions.url) });

    app.decorateRequest('deadline', null as unknown as Deadline);
    app.addHook('onRequest', async (request, reply) => {
        reply.header('x-request-id', request.id);
        // Every request has a deadline below its caller's timeout; when it passes unanswered, the caller gets a
        // retryable 503 (work that can answer per item, like /v1/groups/sync, answers before it).
        const deadline = new Deadline(isPublic(request.routeOptions.url) ? publicDeadlineMs : requestDeadlineMs);
        request.deadline = deadline;
        deadline.signal.addEventListener(
            'abort',
            () => {
                if (reply.sent || request.raw.headers.upgrade) return;
                void reply
                    .code(503)
                    .header('retry-after', '1')
                    .type('application/json')
                    .send(
                        new AppError(503, DEADLINE_EXCEEDED, 'The request did not finish in time; retry it').toBody(),
                    );
            },
            { once: true },
        );
    });
    // The deadline follows the work into the upstream clients (set after the body is read: stream events would
    // lose it).
    app.addHook('preHandler', (request, _reply, done) => runWithDeadline(request.deadline, done));
    app.addHook('onSend', async (_request, reply, payload) => {
        reply.header('x-content-type-options', 'nosniff');
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
        return payload;
    });
    app.addHook('onResponse', async (request, reply) => {
        request.deadline?.dispose();
        const labels = {
            route: request.routeOptions.url ?? 'unmatched',
            method: request.method,
            status: reply.statusCode,
        };
        const elapsedMs = reply.elapsedTime;
        services.metrics.httpRequests.inc(labels);
        services.metrics.httpDuration.observe(labels, elapsedMs / 1000);
        request.log.info(
            { req: request, statusCode: reply.statusCode, responseTime: Math.round(elapsedMs * 100) / 100 },
            'request completed',
        );
    });

    await app.register(swagger, {
        openapi: {
            openapi: '3.0.3',
            info: { title: 'Tencent Chat ↔ Salesforce relay', version: RELAY_VERSION },
            components: {
                securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'RELAY_API_KEY' } },
            },
        },
        transform: ({ schema, url }) => ({ schema: documentedSchema(url, schema), url }),
    });

    // Shared (Redis) or per-process rate-limit store; see http/rate-limit-store.ts for the fail-open decision.
    const redis = settings.http.redisUrl
        ? createRateLimitRedis(settings.http.redisUrl, app.log, services.metrics)
        : null;
    if (redis) {
        if (!(await redis.ready()))
            app.log.warn('rate-limit store (Redis) not reachable at start; failing open until it is');
        app.addHook('onClose', () => redis.close());
        // The live engagement buffer survives a restart and is shared by instances.
        services.liveEngagement.useBuffer(new RedisPendingGroups(redis.client));
        // Phone page tickets: any replica may serve the page, and each ticket is used once.
        services.voice.useTicketStore(new RedisPhoneTickets(redis.client));
    }
    app.addHook('onClose', () => services.liveEngagement.stop());
    await app.register(rateLimit, {
        global: false,
        ...(redis ? { redis: redis.client, skipOnError: true, nameSpace: 'relay-rate-limit:' } : {}),
        errorResponseBuilder: (_request, context) =>
            new AppError(429, 'RATE_LIMITED', `Too many requests, retry in ${Math.ceil(context.ttl / 1000)} s`),
    });
    redis?.instrument();

    const routeOpts = { services };
    const rateLimitPerMinute = settings.http.ticketRateLimitPerMinute;
    await app.register(healthRoutes, routeOpts);
    await app.register(metricsRoutes, routeOpts);
    await app.register(openapiRoutes);
    // Public browser routes: CORS (allowlist) lives in their scope only, so no other request pays for it.
    const allowed = new Set(settings.http.corsOrigins);
    await app.register(async (publicScope) => {
        await publicScope.register(cors, {
            hideOptionsRoute: true,
            delegator: (req, cb) => {
                const path = (req.url ?? '').split('?')[0] ?? '';
                const origin = req.headers.origin;
                const ok = PUBLIC_BROWSER_ROUTES.includes(path) && typeof origin === 'string' && allowed.has(origin);
                cb(
                    null,
                    ok
                        ? {
                              origin,
                              methods: ['POST'],
                              allowedHeaders: ['Content-Type', 'Idempotency-Key'],
                              exposedHeaders: ['Retry-After', 'X-Request-Id'],
                              maxAge: 600,
                          }
                        : { origin: false },
                );
            },
        });
        await publicScope.register(ticketRoutes, { ...routeOpts, rateLimitPerMinute });
        await publicScope.register(ratingRoutes, { ...routeOpts, rateLimitPerMinute });
        await publicScope.register(tutorialPublicRoutes, { ...routeOpts, rateLimitPerMinute });
    });
    await app.register(tutorialProtectedRoutes, routeOpts);
    // The agent phone page and its call log (same origin as the page: no CORS; own credential, not the API key).
    await app.register(voicePublicRoutes, routeOpts);
    await app.register(async (protectedScope) => {
        protectedScope.addHook('onRequest', apiKeyHook(settings.http.apiKey));
        await protectedScope.register(groupSyncRoutes, routeOpts);
        await protectedScope.register(caseSyncRoutes, routeOpts);
        await protectedScope.register(agentSessionRoutes, routeOpts);
        await protectedScope.register(voiceSessionRoutes, routeOpts);
        await protectedScope.register(groupMessageRoutes, routeOpts);
        await protectedScope.register(pingRoutes, routeOpts);
    });
    // Salesforce Messaging mode + Tencent callback receiver (each off unless configured).
    await app.register(messagingPlugin, routeOpts);

    for (const extra of deps.plugins ?? []) {
        await app.register(extra.plugin, {
            ...(extra.options ?? {}),
            ...(extra.prefix ? { prefix: extra.prefix } : {}),
        });
    }
    return app;
}
