/**
 * Voice through Tencent Cloud Contact Center (docs/voice.md):
 *   POST /v1/agents/voice-session   (API key; Apex, current user) TCCC login token + one-time phone page URL
 *   GET  /voice/phone?ticket=…      the agent phone page (consumes the ticket)
 *   GET  /voice/voice-phone.js      the page's script (built by npm run build)
 *   POST /v1/voice/call-events      (the page's credential) one call event → the Case's engagement log
 */
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { RouteOptions } from './route-options.js';
import { apiKeySecurity, caseIdSchema, errorResponses, userIdSchema } from '../http/schemas.js';
import { AppError } from '../http/app-error.js';
import { toId18 } from '../validation/salesforce-id.js';
import { CALL_CLOSE_BY, CALL_EVENTS, type CallEventReport } from '../rules/call-log.js';
import { PHONE_TICKET } from '../voice/phone-tickets.js';
import {
    CALL_EVENTS_PATH,
    PHONE_SCRIPT_PATH,
    RENDER_DOM_ID,
    phoneErrorHtml,
    phonePageHeaders,
    phonePageHtml,
} from '../voice/phone-page.js';

/** Where `npm run build` writes the page's script (committed, like the tim_bar static resource). */
export const PHONE_SCRIPT_FILE = new URL('../../public/voice-phone.js', import.meta.url);
/** Per-IP limits of the browser-facing voice routes. */
export const PHONE_PAGE_RATE_LIMIT_PER_MINUTE = 30;
export const CALL_EVENTS_RATE_LIMIT_PER_MINUTE = 240;
/** How far in the past / future a reported call event may be. */
const MAX_EVENT_AGE_MS = 7 * 24 * 3600 * 1000;
const MAX_EVENT_AHEAD_MS = 5 * 60 * 1000;

export const voiceSessionResponse = {
    type: 'object',
    required: ['sdkUrl', 'token', 'expiresAt', 'sdkAppId', 'seatUserId', 'phonePageUrl'],
    properties: {
        sdkUrl: { type: 'string', description: 'The TCCC agent SDK script to load (changes with each release)' },
        token: { type: 'string', description: 'TCCC SDK login token (hand it to the phone page by postMessage)' },
        expiresAt: { type: 'number', description: 'Epoch milliseconds' },
        sdkAppId: { type: 'number' },
        seatUserId: { type: 'string' },
        phonePageUrl: { type: 'string', description: 'The phone page with a one-time ticket (about 2 minutes)' },
    },
} as const;

export const callEventBody = {
    type: 'object',
    additionalProperties: false,
    required: ['caseId', 'sessionId', 'event', 'occurredAt'],
    properties: {
        caseId: caseIdSchema,
        sessionId: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7e]+$' },
        event: { type: 'string', enum: [...CALL_EVENTS] },
        occurredAt: { type: 'integer', minimum: 1, description: 'Epoch milliseconds' },
        callerNumber: { type: 'string', pattern: '^\\+?[0-9*]{1,32}$' },
        durationSeconds: { type: 'number', minimum: 0, maximum: 86_400 },
        closeBy: { type: 'string', enum: [...CALL_CLOSE_BY] },
        transferTarget: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[^\\x00-\\x1f\\x7f]+$' },
    },
} as const;

let phoneScript: Promise<string> | null = null;
const loadPhoneScript = () => (phoneScript ??= readFile(PHONE_SCRIPT_FILE, 'utf8'));

function sendPage(reply: FastifyReply, status: number, html: string, voice: RouteOptions['services']['voice']) {
    const config = voice.settingsOrNull();
    return reply.code(status).headers(phonePageHeaders(config)).send(html);
}

export const voiceSessionRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    app.post<{ Body: { userId: string } }>(
        '/v1/agents/voice-session',
        {
            config: { rateLimit: { max: 120, timeWindow: 60_000 } },
            schema: {
                summary: 'Log an agent in to Tencent Cloud Contact Center: SDK login token and the phone page URL',
                tags: ['salesforce'],
                security: apiKeySecurity,
                body: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['userId'],
                    properties: { userId: userIdSchema },
                },
                response: { 200: voiceSessionResponse, ...errorResponses, 504: { $ref: 'RelayError#' } },
            },
        },
        async (request) => opts.services.voice.session(toId18(request.body.userId)),
    );
};

export const voicePublicRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    const voice = opts.services.voice;

    app.get<{ Querystring: { ticket?: string } }>(
        '/voice/phone',
        {
            config: { rateLimit: { max: PHONE_PAGE_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 } },
            schema: { hide: true },
        },
        async (request, reply) => {
            const config = voice.settingsOrNull();
            if (!config)
                return sendPage(reply, 503, phoneErrorHtml('Phone unavailable', 'Voice is not configured.'), voice);
            const ticket = request.query.ticket ?? '';
            if (!PHONE_TICKET.test(ticket))
                return sendPage(
                    reply,
                    400,
                    phoneErrorHtml('Phone unavailable', 'This phone link is not valid.'),
                    voice,
                );
            const owner = await voice.takeTicket(ticket);
            if (!owner)
                return sendPage(
                    reply,
                    410,
                    phoneErrorHtml(
                        'Phone link expired',
                        'This phone link was used already or has expired. Reload the phone in the console.',
                    ),
                    voice,
                );
            const html = phonePageHtml({
                consoleOrigins: config.consoleOrigins,
                seatUserId: owner.seatUserId,
                credential: voice.credentials.issue(owner.userId, owner.seatUserId),
                callEventsUrl: CALL_EVENTS_PATH,
                renderDomId: RENDER_DOM_ID,
            });
            return sendPage(reply, 200, html, voice);
        },
    );

    app.get(PHONE_SCRIPT_PATH, { schema: { hide: true } }, async (_request, reply) =>
        reply
            .type('text/javascript; charset=utf-8')
            .header('cache-control', 'no-cache')
            .send(await loadPhoneScript()),
    );

    app.post<{ Body: CallEventReport; Headers: { authorization?: string } }>(
        CALL_EVENTS_PATH,
        {
            config: { rateLimit: { max: CALL_EVENTS_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 } },
            // The credential is checked before the body is validated: an unauthenticated caller learns nothing.
            onRequest: async (request) => {
                voice.settings();
                const m = /^Bearer (\S{1,1024})$/.exec(request.headers.authorization ?? '');
                const check = m ? voice.credentials.check(m[1]!) : { ok: false as const, reason: 'malformed' };
                if (!check.ok)
                    throw new AppError(
                        401,
                        'VOICE_CREDENTIAL_INVALID',
                        check.reason === 'expired'
                            ? 'The phone page credential expired: reload the phone'
                            : 'A valid phone page credential is required (Authorization: Bearer …)',
                    );
                request.voiceAgent = { userId: check.userId, seatUserId: check.seatUserId };
            },
            schema: {
                summary: 'Log one call event of the agent phone page on its Case (idempotent per TCCC session)',
                tags: ['voice'],
                body: callEventBody,
                response: {
                    200: {
                        type: 'object',
                        required: ['externalId'],
                        properties: { externalId: { type: 'string' } },
                    },
                    ...errorResponses,
                },
            },
        },
        async (request) => {
            const body = request.body;
            const now = Date.now();
            if (body.occurredAt < now - MAX_EVENT_AGE_MS || body.occurredAt > now + MAX_EVENT_AHEAD_MS)
                throw new AppError(400, 'VALIDATION_FAILED', 'occurredAt must be within the last 7 days', {
                    field: 'occurredAt',
                });
            const agent = request.voiceAgent;
            if (!agent) throw new AppError(401, 'VOICE_CREDENTIAL_INVALID', 'A phone page credential is required');
            return voice.logCallEvent({ ...body, caseId: toId18(body.caseId) }, agent.userId);
        },
    );
};

declare module 'fastify' {
    interface FastifyRequest {
        /** The agent of an authenticated phone page (POST /v1/voice/call-events). */
        voiceAgent?: { userId: string; seatUserId: string };
    }
}
