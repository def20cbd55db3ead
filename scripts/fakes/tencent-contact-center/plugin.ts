/**
 * Routes of the fake Tencent Cloud Contact Center:
 *
 *   POST /                                   the Tencent Cloud API (TC3-signed, X-TC-Action CreateSDKLoginToken)
 *   GET  /tccc-agent-sdk/:release/tccc-sdk.js the agent SDK script (the SdkURL CreateSDKLoginToken answers)
 *   POST /tccc-agent-sdk/api/login           the SDK logs in with its token      → { agent, seatUserId, expiresAt }
 *   GET  /tccc-agent-sdk/api/events?agent=   the agent's events (Server-Sent Events)
 *   POST /tccc-agent-sdk/api/accept|hangup   the agent answers / hangs up { agent, sessionId }
 *   POST /control/calls                      sandbox control: an inbound call { from, seatUserId } → { sessionId }
 *   POST /control/calls/:id/transfer|end     sandbox control: transfer { skillGroupId?|userId? }, end { closeBy? }
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { sleep } from '../shared/sleep.js';
import type { FaultQueue } from '../shared/fault-queue.js';
import { type CallCenter, CallCenterError, type CloseBy, type SdkEvent } from './call-center.js';
import { verifyTc3 } from './tc3-signature.js';

export const CCC_SERVICE = 'ccc';
export const CCC_VERSION = '2020-02-10';
export const SDK_RELEASE = '1.0.0-fake';
export const SDK_SCRIPT_PATH = `/tccc-agent-sdk/${SDK_RELEASE}/tccc-sdk.js`;

/** A TCCC API error to answer instead of the real result (once per `times`), or a delay. */
export interface TcccFault {
    action: string;
    code?: string;
    message?: string;
    delayMs?: number;
    times?: number;
}

export interface RecordedTcccCall {
    action: string;
    secretId: string | null;
    region: string;
    body: unknown;
    at: number;
    /** the error code answered, or null */
    error: string | null;
}

export interface TcccPluginDeps {
    sdkAppId: number;
    secrets: ReadonlyMap<string, string>;
    tokenTtlSeconds: () => number;
    center: CallCenter;
    now: () => number;
    faults: FaultQueue<TcccFault>;
    calls: RecordedTcccCall[];
    /** where browsers load the SDK from, e.g. http://127.0.0.1:41234 */
    sdkBaseUrl: () => string;
}

const SDK_SOURCE = readFileSync(new URL('./fake-agent-sdk.mjs', import.meta.url), 'utf8');

class ApiError extends Error {
    constructor(
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) ?? '';

function parseJsonObject(body: Buffer): Record<string, unknown> {
    let value: unknown;
    try {
        value = JSON.parse(body.toString('utf8') || '{}');
    } catch {
        throw new ApiError('InvalidParameter', 'The request body is not valid JSON.');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        throw new ApiError('InvalidParameter', 'The request body must be a JSON object.');
    return value as Record<string, unknown>;
}

function createSdkLoginToken(body: Record<string, unknown>, deps: TcccPluginDeps): Record<string, unknown> {
    const { SdkAppId, SeatUserId, OnlyOnce } = body;
    if (SdkAppId === undefined) throw new ApiError('MissingParameter', 'The parameter `SdkAppId` is missing.');
    if (SeatUserId === undefined) throw new ApiError('MissingParameter', 'The parameter `SeatUserId` is missing.');
    if (typeof SdkAppId !== 'number' || !Number.isSafeInteger(SdkAppId))
        throw new ApiError('InvalidParameter', 'The parameter `SdkAppId` must be an integer.');
    if (typeof SeatUserId !== 'string' || SeatUserId === '')
        throw new ApiError('InvalidParameter', 'The parameter `SeatUserId` must be a non-empty string.');
    if (OnlyOnce !== undefined && typeof OnlyOnce !== 'boolean')
        throw new ApiError('InvalidParameter', 'The parameter `OnlyOnce` must be a boolean.');
    if (SdkAppId !== deps.sdkAppId)
        throw new ApiError('InvalidParameterValue.InstanceNotExist', 'The instance (SdkAppId) does not exist.');
    if (!deps.center.seats.has(SeatUserId))
        throw new ApiError('InvalidParameterValue.AccountNotExist', 'The account does not exist.');
    const t = deps.center.issueToken(SeatUserId, deps.tokenTtlSeconds(), OnlyOnce === true);
    return {
        Token: t.token,
        ExpiredTime: Math.floor(t.expiresAt / 1000),
        SdkURL: `${deps.sdkBaseUrl()}${SDK_SCRIPT_PATH}`,
    };
}

function sendCallCenterError(reply: FastifyReply, err: unknown): FastifyReply {
    if (err instanceof CallCenterError)
        return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
    throw err;
}

const str = (v: unknown, max = 128): string | undefined =>
    typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined;

export function createTcccPlugin(deps: TcccPluginDeps): FastifyPluginAsync {
    return async (app) => {
        // The API hashes the exact body bytes; the SDK endpoints read JSON from the same buffer.
        app.removeAllContentTypeParsers();
        app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
        // The SDK runs on the phone page's origin and calls back here: CORS for the SDK endpoints only.
        app.addHook('onRequest', async (request, reply) => {
            if (!request.url.startsWith('/tccc-agent-sdk/')) return;
            reply.header('access-control-allow-origin', '*');
            reply.header('access-control-allow-headers', 'content-type');
            reply.header('access-control-allow-methods', 'GET, POST');
        });
        app.options('/tccc-agent-sdk/*', async (_request, reply) => reply.code(204).send());

        app.post('/', async (request, reply) => {
            const requestId = randomUUID();
            const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
            const action = header(request.headers['x-tc-action']);
            const region = header(request.headers['x-tc-region']);
            const record: RecordedTcccCall = {
                action,
                secretId: null,
                region,
                body: null,
                at: deps.now(),
                error: null,
            };
            deps.calls.push(record);
            const fail = (code: string, message: string) => {
                record.error = code;
                return reply.send({ Response: { Error: { Code: code, Message: message }, RequestId: requestId } });
            };
            const auth = verifyTc3(
                { method: request.method, url: request.url, headers: request.headers, body },
                { service: CCC_SERVICE, secrets: deps.secrets, now: deps.now() },
            );
            if (!('ok' in auth)) return fail(auth.code, auth.message);
            record.secretId = auth.secretId;
            if (action === '') return fail('MissingParameter', 'The X-TC-Action header is missing.');
            const version = header(request.headers['x-tc-version']);
            if (version !== CCC_VERSION)
                return fail('NoSuchVersion', `The API version \`${version}\` does not exist for ccc.`);
            if (action !== 'CreateSDKLoginToken')
                return fail('InvalidAction', `The action \`${action}\` is not found.`);
            try {
                const parsed = parseJsonObject(body);
                record.body = parsed;
                const fault = deps.faults.take((f) => f.action === action);
                if (fault?.delayMs) await sleep(fault.delayMs);
                if (fault?.code) return fail(fault.code, fault.message ?? 'Injected fault.');
                return reply.send({ Response: { ...createSdkLoginToken(parsed, deps), RequestId: requestId } });
            } catch (err) {
                if (err instanceof ApiError) return fail(err.code, err.message);
                throw err;
            }
        });

        app.get(SDK_SCRIPT_PATH, async (_request, reply) =>
            reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-store').send(SDK_SOURCE),
        );

        app.post('/tccc-agent-sdk/api/login', async (request, reply) => {
            try {
                const body = parseSdkBody(request.body);
                const token = str(body['token'], 256);
                const userId = str(body['userId']);
                if (!token || !userId || body['sdkAppId'] !== String(deps.sdkAppId))
                    throw new CallCenterError(401, 'InvalidToken', 'token, userId and sdkAppId are required');
                const session = deps.center.login(token, userId);
                return { agent: session.id, seatUserId: session.seatUserId, expiresAt: session.expiresAt };
            } catch (err) {
                return sendCallCenterError(reply, err);
            }
        });

        app.get('/tccc-agent-sdk/api/events', async (request, reply) => {
            const agentId = str((request.query as Record<string, unknown>)['agent'], 64) ?? '';
            try {
                deps.center.agent(agentId);
            } catch (err) {
                return sendCallCenterError(reply, err);
            }
            reply.hijack();
            const res = reply.raw;
            res.writeHead(200, {
                'content-type': 'text/event-stream',
                'cache-control': 'no-store',
                connection: 'keep-alive',
                'access-control-allow-origin': '*',
            });
            res.write(': connected\n\n');
            const send = (e: SdkEvent) => res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.payload)}\n\n`);
            const unsubscribe = deps.center.subscribe(agentId, send);
            const keepAlive = setInterval(() => res.write(': ping\n\n'), 15_000);
            request.raw.on('close', () => {
                clearInterval(keepAlive);
                unsubscribe();
            });
        });

        for (const action of ['accept', 'hangup'] as const)
            app.post(`/tccc-agent-sdk/api/${action}`, async (request, reply) => {
                try {
                    const body = parseSdkBody(request.body);
                    const agentId = str(body['agent'], 64) ?? '';
                    const sessionId = str(body['sessionId']) ?? '';
                    const call =
                        action === 'accept'
                            ? deps.center.accept(agentId, sessionId)
                            : deps.center.end(sessionId, 'seat', agentId);
                    return { sessionId: call.sessionId, state: call.state };
                } catch (err) {
                    return sendCallCenterError(reply, err);
                }
            });

        app.post('/control/calls', async (request, reply) => {
            try {
                const body = parseSdkBody(request.body);
                const call = deps.center.placeCall(str(body['from'], 32) ?? '', str(body['seatUserId']) ?? '');
                return { sessionId: call.sessionId, seatUserId: call.seatUserId };
            } catch (err) {
                return sendCallCenterError(reply, err);
            }
        });
        app.post<{ Params: { id: string } }>('/control/calls/:id/transfer', async (request, reply) => {
            try {
                const body = parseSdkBody(request.body);
                const skillGroupId = str(body['skillGroupId'], 64);
                const userId = str(body['userId']);
                const call = deps.center.transfer(request.params.id, {
                    ...(skillGroupId ? { skillGroupId } : {}),
                    ...(userId ? { userId } : {}),
                });
                return { sessionId: call.sessionId, state: call.state, seatUserId: call.seatUserId };
            } catch (err) {
                return sendCallCenterError(reply, err);
            }
        });
        app.post<{ Params: { id: string } }>('/control/calls/:id/end', async (request, reply) => {
            try {
                const body = parseSdkBody(request.body);
                const closeBy = (body['closeBy'] ?? 'client') as CloseBy;
                if (!['seat', 'client', 'admin'].includes(closeBy))
                    throw new CallCenterError(400, 'InvalidParameterValue', 'closeBy must be seat, client or admin');
                const call = deps.center.end(request.params.id, closeBy);
                return { sessionId: call.sessionId, state: call.state };
            } catch (err) {
                return sendCallCenterError(reply, err);
            }
        });
    };
}

function parseSdkBody(raw: unknown): Record<string, unknown> {
    if (!Buffer.isBuffer(raw) || raw.length === 0) return {};
    try {
        const value: unknown = JSON.parse(raw.toString('utf8'));
        if (typeof value === 'object' && value !== null && !Array.isArray(value))
            return value as Record<string, unknown>;
    } catch {
        /* answered below */
    }
    throw new CallCenterError(400, 'InvalidParameter', 'The body must be a JSON object');
}
