/**
 * The demo pages and their server side, mounted in the sandbox relay's fastify app (sandbox mode only):
 *
 *   GET  /sandbox/                      index with links and the (fake) sandbox credentials
 *   GET  /sandbox/customer              customer page: ticket form → chat over the fake's WebSocket
 *   GET  /sandbox/console?agent=<id>    Service Console stand-in for one agent, hosting the real tim_bar widget
 *   GET  /sandbox/assets/<file>         page scripts (TypeScript bundled in memory) and CSS
 *   GET  /sandbox/tim_bar/<file>        the committed static resource (force-app/.../staticresources/tim_bar)
 *   /sandbox/api/console/voice/..., /sandbox/tim_voice/<file>   the console's phone (voice-routes.ts)
 *   /sandbox/api/console/...            console actions, a case's engagement record, the widget host's server side
 *                                       (session, history, Quick Text search)
 *   GET  /sandbox/inspect/...           the fakes' state: a group with its messages, a transcript file
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { Sandbox } from './sandbox.js';
import { SANDBOX_PREFIX } from './sandbox.js';
import { ConsoleError, ConsoleService, type ConsoleState } from './console-service.js';
import { RelayHttp, SalesforceRest } from './http-clients.js';
import { AGENT_ID, AGENT_ONLY, CASE_ID_FIELD, CASE_ID_PARAMS } from './console-schemas.js';
import { consolePage, customerPage, indexPage } from './html.js';
import { pageScripts, PAGES_DIR, type PageScript } from './assets.js';
import { VoiceConsoleService } from './voice-console-service.js';
import { registerVoiceRoutes, seedVoiceDemo } from './voice-routes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const TIM_BAR_DIR = path.resolve(here, '../../force-app/main/default/staticresources/tim_bar');
export const WS_PATH = `${SANDBOX_PREFIX.tencent}/ws`;

const HOST_HEADER = /^(localhost|127\.0\.0\.1|\[::1\]|[A-Za-z0-9.-]{1,253})(?::(\d{1,5}))?$/;
const LOOPBACK_SWAP: Record<string, string> = { '127.0.0.1': 'localhost', localhost: '127.0.0.1' };
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json; charset=utf-8',
    '.png': 'image/png',
    '.svg': 'image/svg+xml',
};

interface HostInfo {
    hostname: string;
    port: string;
    host: string;
}

/** The Host header, validated (it only ever goes into URLs and CSP values). Falls back to the bound address. */
function hostInfo(header: string | undefined, fallback: string): HostInfo {
    const m = HOST_HEADER.exec(header ?? '');
    if (m) return { hostname: m[1] as string, port: m[2] ?? '', host: m[0] };
    const u = new URL(fallback);
    return { hostname: u.hostname, port: u.port, host: u.host };
}

const withPort = (hostname: string, port: string): string => (port ? `${hostname}:${port}` : hostname);

/**
 * The widget is served from the OTHER loopback name (127.0.0.1 ⇄ localhost), so it is cross-origin to the console
 * page, as lightning:container is to the Lightning page.
 */
function widgetHost(h: HostInfo): string {
    return withPort(LOOPBACK_SWAP[h.hostname] ?? h.hostname, h.port);
}

function loopbackOrigins(h: HostInfo): string {
    return [...new Set([h.host, widgetHost(h)])].map((x) => `http://${x}`).join(' ');
}

function loopbackWs(h: HostInfo): string {
    return [...new Set([h.host, widgetHost(h)])].map((x) => `ws://${x}`).join(' ');
}

/** The Tencent HTTPS endpoints the package trusts (force-app/main/default/cspTrustedSites) that the SDK reaches. */
const TENCENT_TRUSTED_HTTPS = 'https://*.my-imcloud.com https://events.im.qcloud.com';

function pageCsp(h: HostInfo): string {
    return [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        // Chat images come from the fake Tencent file store (fileDownloadProxy) on either loopback name.
        `img-src 'self' data: ${loopbackOrigins(h)}`,
        // The customer page's Web SDK connects to the gateway (proxyServer, on either loopback name) from a Blob Worker;
        // after a reconnect it probes Tencent's CDN, and it reports to Tencent's event collector (both fail offline).
        `connect-src 'self' ws://${h.host} ${loopbackWs(h)} ${TENCENT_TRUSTED_HTTPS}`,
        "worker-src 'self' blob:",
        `frame-src ${loopbackOrigins(h)}`,
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].join('; ');
}

function widgetCsp(h: HostInfo): string {
    return [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        `img-src 'self' data: ${loopbackOrigins(h)}`,
        // The real Web SDK: WebSocket to the fake's gateway, file uploads to its file store (both on loopback).
        // After a reconnect the SDK probes Tencent's CDN and reports to Tencent's event collector (CSP Trusted Sites
        // in production: Tim_Https_My_Imcloud, Tim_Https_Events_Im_Qcloud; both fail offline).
        `connect-src 'self' ws://${h.host} ${loopbackWs(h)} ${loopbackOrigins(h)} ${TENCENT_TRUSTED_HTTPS}`,
        "worker-src 'self' blob:",
        "base-uri 'none'",
        "form-action 'none'",
        `frame-ancestors ${loopbackOrigins(h)}`,
    ].join('; ');
}

function sendHtml(reply: FastifyReply, h: HostInfo, html: string): FastifyReply {
    return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', pageCsp(h))
        .header('referrer-policy', 'no-referrer')
        .send(html);
}

function sendError(reply: FastifyReply, e: unknown): FastifyReply {
    if (e instanceof ConsoleError) return reply.code(e.status).send({ error: { code: e.code, message: e.message } });
    const message = e instanceof Error ? e.message : String(e);
    reply.log.warn({ err: message }, 'sandbox console call failed');
    return reply.code(502).send({ error: { code: 'UPSTREAM_FAILED', message } });
}

const caseParams = {
    type: 'object',
    required: ['caseId', 'action'],
    properties: {
        caseId: CASE_ID_FIELD,
        action: { type: 'string', enum: ['owner', 'accept', 'release', 'close', 'reopen', 'delete', 'resync'] },
    },
} as const;

export function createDemoPlugin(sandbox: Sandbox): FastifyPluginAsync {
    return async (app) => {
        const base = () => sandbox.baseUrl();
        const agents = sandbox.agents.map((a) => ({ userId: a.userId, name: a.name }));
        const sf = new SalesforceRest(
            () => `${base()}${SANDBOX_PREFIX.salesforce}`,
            sandbox.credentials.sfClientId,
            sandbox.credentials.sfClientSecret,
        );
        const relay = new RelayHttp(base, sandbox.settings.http.apiKey);
        const service = new ConsoleService({
            sf,
            platform: sandbox.salesforce,
            relay,
            groupMembers: (groupId) => {
                const group = sandbox.tencent.getGroup(groupId);
                return group && !group.dismissed ? group.members.map((m) => m.account) : [];
            },
            agents,
            queue: { id: sandbox.salesforce.queueId, name: 'Chat Support Queue' },
            integrationUser: { id: sandbox.salesforce.integrationUserId, name: 'Integration User' },
        });
        seedVoiceDemo((sobject, fields) => sandbox.salesforce.insert(sobject, fields));
        registerVoiceRoutes(app, {
            service: new VoiceConsoleService({
                sf,
                relay,
                nameOf: (id) => service.agent(id)?.name ?? id,
            }),
            requireAgent: (id) => service.requireAgent(id),
            sendError,
        });
        // Start bundling the page scripts now; the first page request waits for it.
        pageScripts().catch((e: unknown) =>
            app.log.error({ err: e instanceof Error ? e.message : String(e) }, 'sandbox page scripts failed to build'),
        );

        const host = (header: string | undefined) => hostInfo(header, base());

        // ---- pages ------------------------------------------------------------------------------
        app.get('/sandbox', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/sandbox/'));
        app.get('/sandbox/', { schema: { hide: true } }, async (request, reply) =>
            sendHtml(
                reply,
                host(request.headers.host),
                indexPage({
                    agents,
                    sdkAppId: sandbox.credentials.sdkAppId,
                    apiKey: sandbox.settings.http.apiKey,
                    adminIdentifier: sandbox.credentials.adminIdentifier,
                }),
            ),
        );
        app.get('/sandbox/customer', { schema: { hide: true } }, async (request, reply) =>
            sendHtml(reply, host(request.headers.host), customerPage()),
        );
        app.get<{ Querystring: { agent?: string } }>(
            '/sandbox/console',
            {
                schema: {
                    hide: true,
                    querystring: { type: 'object', properties: { agent: AGENT_ID } },
                },
            },
            async (request, reply) => {
                const agent = service.agent(request.query.agent ?? '');
                if (!agent)
                    return reply.redirect(`/sandbox/console?agent=${encodeURIComponent(agents[0]?.userId ?? '')}`);
                const h = host(request.headers.host);
                return sendHtml(
                    reply,
                    h,
                    consolePage({
                        agent,
                        agents,
                        widgetUrl: `http://${widgetHost(h)}/sandbox/tim_bar/index.html`,
                        wsPath: WS_PATH,
                    }),
                );
            },
        );

        app.get<{ Params: { name: string } }>(
            '/sandbox/assets/:name',
            { schema: { hide: true } },
            async (request, reply) => {
                const name = request.params.name;
                if (name === 'sandbox.css')
                    return reply
                        .header('content-type', TYPES['.css'])
                        .send(await readFile(path.join(PAGES_DIR, 'sandbox.css')));
                let scripts: Map<PageScript, string>;
                try {
                    scripts = await pageScripts();
                } catch (e) {
                    return reply.code(500).send({
                        error: {
                            code: 'BUILD_FAILED',
                            message: `The page scripts could not be built: ${e instanceof Error ? e.message : String(e)}`,
                        },
                    });
                }
                const code = scripts.get(name as PageScript);
                if (code === undefined)
                    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such asset' } });
                return reply.header('content-type', TYPES['.js']).send(code);
            },
        );

        // ---- the real widget bundle -------------------------------------------------------------
        app.get<{ Params: { file: string } }>(
            '/sandbox/tim_bar/:file',
            { schema: { hide: true } },
            async (request, reply) => {
                const file = request.params.file;
                const files = await readdir(TIM_BAR_DIR).catch(() => [] as string[]);
                if (files.length === 0) {
                    return reply
                        .code(503)
                        .header('content-type', 'text/plain; charset=utf-8')
                        .send('The tim_bar static resource is missing: run `npm run build`.');
                }
                if (!FILE_NAME.test(file) || !files.includes(file))
                    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such file in tim_bar' } });
                const h = host(request.headers.host);
                let body: Buffer | string = await readFile(path.join(TIM_BAR_DIR, file));
                if (file === 'index.html') {
                    // lightning:container provides the LCC global inside its frame; the sandbox adds its stand-in the same way.
                    const html = body.toString('utf8');
                    const at = html.search(/<script\b/i);
                    const tag = '<script src="/sandbox/assets/lcc-shim.js"></script>\n';
                    body =
                        at >= 0 ? html.slice(0, at) + tag + html.slice(at) : html.replace(/<\/body>/i, `${tag}</body>`);
                }
                return reply
                    .header('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream')
                    .header('content-security-policy', widgetCsp(h))
                    .send(body);
            },
        );

        // ---- console API --------------------------------------------------------------------------
        app.get<{ Querystring: { agent: string } }>(
            '/sandbox/api/console/state',
            { schema: { hide: true, querystring: AGENT_ONLY } },
            async (request, reply) => {
                try {
                    const agent = service.requireAgent(request.query.agent);
                    const state: ConsoleState = {
                        agent,
                        settings: service.settings,
                        owners: service.ownerOptions(),
                        cases: await service.listCases(),
                        syncs: service.syncLog(),
                    };
                    return state;
                } catch (e) {
                    return sendError(reply, e);
                }
            },
        );

        app.post<{ Params: { caseId: string; action: string }; Body: { agent: string; ownerId?: string } }>(
            '/sandbox/api/console/cases/:caseId/:action',
            {
                schema: {
                    hide: true,
                    params: caseParams,
                    body: {
                        type: 'object',
                        required: ['agent'],
                        additionalProperties: false,
                        properties: {
                            agent: AGENT_ID,
                            ownerId: { type: 'string', maxLength: 18 },
                        },
                    },
                },
            },
            async (request, reply) => {
                const { caseId, action } = request.params;
                try {
                    const agent = service.requireAgent(request.body.agent);
                    let sync;
                    switch (action) {
                        case 'owner':
                            sync = await service.changeOwner(caseId, request.body.ownerId);
                            break;
                        case 'accept':
                            sync = await service.accept(agent.userId, caseId);
                            break;
                        case 'release':
                            sync = await service.release(agent.userId, caseId);
                            break;
                        case 'close':
                            sync = await service.close(caseId);
                            break;
                        case 'reopen':
                            sync = await service.reopen(caseId);
                            break;
                        case 'delete':
                            sync = await service.remove(caseId);
                            break;
                        default:
                            sync = await service.resync(caseId);
                    }
                    return { sync };
                } catch (e) {
                    return sendError(reply, e);
                }
            },
        );

        app.get<{ Params: { caseId: string }; Querystring: { agent: string } }>(
            '/sandbox/api/console/cases/:caseId/engagement',
            {
                schema: {
                    hide: true,
                    params: CASE_ID_PARAMS,
                    querystring: AGENT_ONLY,
                },
            },
            async (request, reply) => {
                try {
                    service.requireAgent(request.query.agent);
                    return await service.engagement(request.params.caseId);
                } catch (e) {
                    return sendError(reply, e);
                }
            },
        );

        app.post<{ Body: { closeAction: string } }>(
            '/sandbox/api/console/settings',
            {
                schema: {
                    hide: true,
                    body: {
                        type: 'object',
                        required: ['closeAction'],
                        additionalProperties: false,
                        properties: { closeAction: { type: 'string', maxLength: 10 } },
                    },
                },
            },
            async (request, reply) => {
                try {
                    return { settings: service.setCloseAction(request.body.closeAction) };
                } catch (e) {
                    return sendError(reply, e);
                }
            },
        );

        // What TimChatSessionController / TimChatHistoryController do for the Aura host, server-side.
        app.post<{ Body: { agent: string } }>(
            '/sandbox/api/console/session',
            { schema: { hide: true, body: AGENT_ONLY } },
            async (request, reply) => {
                try {
                    return await service.session(request.body.agent);
                } catch (e) {
                    return sendError(reply, e);
                }
            },
        );

        // TimQuickTextController.searchQuickText (through TimChatSessionController), for the Aura host's Quick Text search.
        app.post<{ Body: { agent: string; query: string } }>(
            '/sandbox/api/console/quick-text',
            {
                schema: {
                    hide: true,
                    body: {
                        type: 'object',
                        required: ['agent', 'query'],
                        additionalProperties: false,
                        properties: {
                            agent: AGENT_ID,
                            query: { type: 'string', maxLength: 200 },
                        },
                    },
                },
            },
            async (request, reply) => {
                try {
                    return await service.quickText(request.body.agent, request.body.query);
                } catch (e) {
                    return sendError(reply, e);
                }
            },
        );

        app.post<{ Body: { agent: string; caseId: string; beforeSeq: number | null } }>(
            '/sandbox/api/console/history',
            {
                schema: {
                    hide: true,
                    body: {
                        type: 'object',
                        required: ['agent', 'caseId'],
                        additionalProperties: false,
                        properties: {
                            agent: AGENT_ID,
                            caseId: CASE_ID_FIELD,
                            beforeSeq: { type: ['integer', 'null'], minimum: 1, maximum: 4294967295 },
                        },
                    },
                },
            },
            async (request, reply) => {
                try {
                    return await service.history(
                        request.body.agent,
                        request.body.caseId,
                        request.body.beforeSeq ?? null,
                    );
                } catch (e) {
                    return sendError(reply, e);
                }
            },
        );

        // ---- inspection of the fakes ----------------------------------------------------------------
        app.get<{ Params: { id: string } }>(
            '/sandbox/inspect/transcript/:id',
            { schema: { hide: true } },
            async (request, reply) => {
                try {
                    const text = await service.transcriptText(request.params.id);
                    return reply
                        .header('content-type', 'text/plain; charset=utf-8')
                        .header('content-security-policy', "default-src 'none'; sandbox")
                        .send(text);
                } catch (e) {
                    return sendError(reply, e);
                }
            },
        );

        app.get<{ Params: { groupId: string } }>(
            '/sandbox/inspect/group/:groupId',
            { schema: { hide: true } },
            async (request, reply) => {
                const id = request.params.groupId;
                if (!/^[\x21-\x7e]{1,48}$/.test(id))
                    return reply.code(400).send({ error: { code: 'BAD_GROUP_ID', message: 'not a group id' } });
                const group = sandbox.tencent.getGroup(id);
                if (!group)
                    return reply.code(404).send({
                        error: { code: 'NOT_FOUND', message: 'The fake Tencent Chat has no group with this id' },
                    });
                const messages = sandbox.tencent
                    .groupMessages(id)
                    .map((m) => ({ seq: m.seq, random: m.random, from: m.from, time: m.time, elements: m.elements }));
                return reply.header('content-security-policy', "default-src 'none'; sandbox").send({ group, messages });
            },
        );
    };
}
