/**
 * POST /v1/tencent/callbacks — Tencent Chat webhooks. Register this URL in the Tencent console with the secret:
 * `https://<relay>/v1/tencent/callbacks?token=<TENCENT_CALLBACK_TOKEN>`. The request is authenticated
 * (tencent/callback-auth.ts), answered with Tencent's OK body at once, and handled afterwards by the dispatcher.
 */
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../http/app-error.js';
import type { CallbackAuthenticator, CallbackQuery } from '../tencent/callback-auth.js';
import type { CallbackDispatcher } from '../tencent/callback-dispatcher.js';

export const TENCENT_OK = { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 } as const;
const MAX_CALLBACK_BYTES = 256 * 1024;

export interface TencentCallbackRouteOptions {
    authenticator: CallbackAuthenticator;
    dispatcher: CallbackDispatcher;
}

export const tencentCallbackRoutes: FastifyPluginAsync<TencentCallbackRouteOptions> = async (app, opts) => {
    // Raw text: the replay fingerprint covers the exact bytes, and a malformed body is answered by us, not fastify.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_CALLBACK_BYTES }, (_req, body, done) =>
        done(null, body),
    );
    app.post<{ Querystring: CallbackQuery }>(
        '/v1/tencent/callbacks',
        {
            schema: {
                summary: 'Tencent Chat webhooks (secret token in the registered URL; optional Sign check)',
                tags: ['tencent'],
                querystring: {
                    type: 'object',
                    properties: {
                        SdkAppid: { type: 'string', maxLength: 16 },
                        CallbackCommand: { type: 'string', maxLength: 64 },
                        token: { type: 'string', maxLength: 256 },
                        Sign: { type: 'string', maxLength: 128 },
                        RequestTime: { type: 'string', maxLength: 16 },
                    },
                },
            },
        },
        async (request, reply) => {
            const raw = typeof request.body === 'string' ? request.body : '';
            let body: unknown;
            try {
                body = JSON.parse(raw);
            } catch {
                body = undefined;
            }
            if (typeof body !== 'object' || body === null || Array.isArray(body))
                throw new AppError(400, 'VALIDATION_FAILED', 'the callback body must be a JSON object');
            const record = body as Record<string, unknown>;
            const eventTime = typeof record['EventTime'] === 'number' ? record['EventTime'] : undefined;
            const auth = await opts.authenticator.check(request.query, raw, eventTime);
            if (!auth.ok) {
                request.log.warn(
                    { code: auth.code, command: request.query.CallbackCommand },
                    'tencent callback rejected',
                );
                throw new AppError(auth.status, auth.code, auth.message);
            }
            if (record['CallbackCommand'] !== undefined && record['CallbackCommand'] !== auth.command)
                throw new AppError(400, 'VALIDATION_FAILED', 'CallbackCommand in the URL and the body differ');
            void reply.send(TENCENT_OK);
            opts.dispatcher.dispatch(auth.command, record);
            return reply;
        },
    );
};
