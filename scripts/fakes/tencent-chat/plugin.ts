import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import { sleep } from '../shared/sleep.js';
import type { FaultQueue } from '../shared/fault-queue.js';
import type { ChatState } from './chat-state.js';
import { TencentError, TencentErrorCode, failBody, okBody } from './errors.js';
import type { RealtimeHub } from './realtime-hub.js';
import { registerSdkGatewayRoutes } from './sdk-gateway/routes.js';
import type { SdkFileStore } from './sdk-gateway/file-store.js';
import type { SdkGateway } from './sdk-gateway/sdk-gateway.js';
import type { CommandHandler } from './rest-commands.js';
import { verifyUserSig } from './usersig.js';

export interface TencentFault {
    command: string;
    errorCode?: number;
    errorInfo?: string;
    httpStatus?: number;
    delayMs?: number;
    times?: number;
}

export interface RecordedTencentCall {
    command: string;
    body: unknown;
    at: number;
}

export interface PluginDeps {
    sdkAppId: number;
    secretKey: string;
    adminIdentifier: string;
    now: () => number;
    state: ChatState;
    hub: RealtimeHub;
    gateway: SdkGateway;
    files: SdkFileStore;
    handlers: Map<string, CommandHandler>;
    faults: FaultQueue<TencentFault>;
    calls: RecordedTencentCall[];
}

type Query = Record<string, string | undefined>;

function parseBody(raw: unknown): { ok: true; value: Record<string, unknown> } | { ok: false; recorded: unknown } {
    if (typeof raw !== 'string' || raw.trim() === '') return { ok: false, recorded: raw ?? '' };
    try {
        const value: unknown = JSON.parse(raw);
        if (typeof value === 'object' && value !== null && !Array.isArray(value))
            return { ok: true, value: value as Record<string, unknown> };
        return { ok: false, recorded: value };
    } catch {
        return { ok: false, recorded: raw };
    }
}

/** Checks the common query string and the admin UserSig; throws TencentError. */
function authenticateAdmin(query: Query, deps: PluginDeps): void {
    const sdkAppIdText = query['sdkappid'];
    if (!sdkAppIdText) throw new TencentError(TencentErrorCode.SDKAPPID_MISSING, 'sdkappid is required in the URL');
    const sdkAppId = Number(sdkAppIdText);
    if (!Number.isInteger(sdkAppId) || sdkAppId !== deps.sdkAppId) {
        throw new TencentError(TencentErrorCode.SDKAPPID_UNKNOWN, `sdkappid ${sdkAppIdText} does not exist`);
    }
    const identifier = query['identifier'];
    const userSig = query['usersig'];
    if (!identifier || !userSig)
        throw new TencentError(
            TencentErrorCode.ACCOUNT_OR_SIG_MISSING,
            'identifier and usersig are required in the URL',
        );
    const random = query['random'];
    if (random === undefined || !/^\d{1,10}$/.test(random) || Number(random) > 4294967295) {
        throw new TencentError(TencentErrorCode.HTTP_PARSE, 'random must be a 32-bit unsigned integer');
    }
    if (query['contenttype'] !== 'json')
        throw new TencentError(TencentErrorCode.HTTP_PARSE, 'contenttype must be json');
    const check = verifyUserSig({ userSig, identifier, sdkAppId, secretKey: deps.secretKey, nowMs: deps.now() });
    if (!check.ok) throw new TencentError(check.code, check.info);
    if (identifier !== deps.adminIdentifier) {
        throw new TencentError(TencentErrorCode.ADMIN_REQUIRED, 'this REST API requires the App admin account');
    }
}

function unknownCommandError(service: string, command: string): TencentError {
    return service === 'group_open_http_svc'
        ? new TencentError(TencentErrorCode.GROUP_UNKNOWN_COMMAND, `unknown command ${command}`)
        : new TencentError(TencentErrorCode.UNKNOWN_RESOURCE, `unknown API ${service}/${command}`);
}

async function applyFault(fault: TencentFault, reply: FastifyReply): Promise<boolean> {
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.errorCode !== undefined) {
        await reply.code(fault.httpStatus ?? 200).send(failBody(fault.errorCode, fault.errorInfo ?? 'injected fault'));
        return true;
    }
    if (fault.httpStatus !== undefined) {
        await reply
            .code(fault.httpStatus)
            .type('text/html')
            .send(`<html><body><h1>${fault.httpStatus}</h1>injected fault</body></html>`);
        return true;
    }
    return false;
}

function registerRest(app: FastifyInstance, deps: PluginDeps): void {
    // Read every body as text so malformed JSON answers Tencent's 60003 instead of fastify's 400.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) =>
        done(null, body),
    );

    app.post<{ Params: { service: string; command: string }; Querystring: Query }>(
        '/v4/:service/:command',
        async (request, reply) => {
            const { service, command } = request.params;
            const commandName = `${service}/${command}`;
            const parsed = parseBody(request.body);
            deps.calls.push({ command: commandName, body: parsed.ok ? parsed.value : parsed.recorded, at: deps.now() });

            const fault = deps.faults.take((f) => f.command === '*' || f.command === commandName);
            if (fault && (await applyFault(fault, reply))) return reply;

            try {
                authenticateAdmin(request.query, deps);
                const handler = deps.handlers.get(commandName);
                if (!handler) throw unknownCommandError(service, command);
                if (!parsed.ok)
                    throw new TencentError(TencentErrorCode.JSON_PARSE, 'request body is not a JSON object');
                return okBody(handler(parsed.value, deps.state));
            } catch (error) {
                if (error instanceof TencentError) return failBody(error.code, error.info);
                request.log.error({ err: error }, 'fake tencent chat: handler failed');
                return failBody(10002, 'internal error in the fake');
            }
        },
    );
}

function registerRealtime(app: FastifyInstance, deps: PluginDeps): void {
    app.get<{ Querystring: Query }>('/ws', { websocket: true }, (socket, request) => {
        const { sdkappid, userid, usersig } = request.query;
        const sdkAppId = Number(sdkappid);
        if (!sdkappid || !Number.isInteger(sdkAppId) || sdkAppId !== deps.sdkAppId) {
            deps.hub.reject(socket, TencentErrorCode.SDKAPPID_UNKNOWN, 'unknown sdkappid');
            return;
        }
        if (!userid || !usersig) {
            deps.hub.reject(socket, TencentErrorCode.ACCOUNT_OR_SIG_MISSING, 'userid and usersig are required');
            return;
        }
        const check = verifyUserSig({
            userSig: usersig,
            identifier: userid,
            sdkAppId,
            secretKey: deps.secretKey,
            nowMs: deps.now(),
        });
        if (!check.ok) {
            deps.hub.reject(socket, check.code, check.info);
            return;
        }
        // Like the Web SDK: logging in with a valid UserSig registers the account.
        if (!deps.state.hasAccount(userid)) deps.state.importAccount(userid);
        deps.hub.attach(userid, socket, deps.now());
    });
}

/**
 * The fastify plugin: `POST /v4/:service/:command`, `GET /ws`, and the Web SDK gateway (`GET /binfo`, `GET /info`,
 * `/sdk-files/…`), relative to the prefix it is registered under.
 * It registers @fastify/websocket in its own context unless the host already did (at its root, before this plugin).
 */
export function createTencentPlugin(deps: PluginDeps): FastifyPluginAsync {
    return async (app) => {
        if (!app.hasDecorator('websocketServer')) await app.register(websocket);
        app.addHook('onClose', async () => {
            deps.hub.closeAll();
            deps.gateway.closeAll();
        });
        registerRest(app, deps);
        registerRealtime(app, deps);
        registerSdkGatewayRoutes(app, deps.gateway, deps.files);
    };
}
