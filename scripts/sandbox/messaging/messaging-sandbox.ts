/**
 * Sandbox for the Salesforce Messaging mode (Bring Your Own Channel): an in-process fake Messaging org (connected
 * app token endpoint + Interaction Service API under /sandbox/messaging-org, Pub/Sub API on a loopback gRPC port),
 * the relay's Messaging settings pointed at it, Tencent's C2C webhooks pointed at the relay, and two pages:
 *
 *   GET /sandbox/messaging/agent      stands in for the agent's Messaging console (accept, reply, type, read, end);
 *                                     each action publishes the platform event as Salesforce would
 *   GET /sandbox/messaging/customer   a customer's one-to-one chat with the support account in (fake) Tencent Chat
 *
 * Registered from scripts/sandbox/index.ts (sandboxDemoPlugins / sandboxDemoBanner).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import ts from 'typescript';
import type { ExtraPlugin } from '../../relay/src/app.js';
import type { Sandbox } from '../sandbox.js';
import { SANDBOX_PREFIX } from '../sandbox.js';
import { createFakeMessagingOrg, type Conversation } from '../../fakes/salesforce-messaging/index.js';
import { esc, jsonBlock } from '../html.js';

export const MESSAGING_ORG_PREFIX = '/sandbox/messaging-org';
export const SERVICE_USER_ID = 'support';
const CLIENT_ID = 'sandbox-messaging-connected-app';
const USERNAME = 'integration@messaging.sandbox.example';
const here = path.dirname(fileURLToPath(import.meta.url));
const CUSTOMER_ID = /^[A-Za-z0-9_-]{1,32}$/;

const scripts = new Map<string, Promise<string>>();
/** The page scripts are TypeScript with no imports: transpiled once per process. */
function pageScript(name: 'agent' | 'customer'): Promise<string> {
    let s = scripts.get(name);
    if (!s) {
        s = readFile(path.join(here, 'pages', `${name}.ts`), 'utf8').then(
            (src) =>
                ts.transpileModule(src, {
                    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
                }).outputText,
        );
        scripts.set(name, s);
    }
    return s;
}

function page(title: string, body: string, script: string, data: unknown): string {
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/sandbox/assets/sandbox.css">
</head>
<body class="messaging">
${body}
${jsonBlock('page-data', data)}
<script src="/sandbox/messaging/assets/${esc(script)}.js"></script>
</body>
</html>
`;
}

function sendPage(reply: FastifyReply, host: string, html: string): FastifyReply {
    const safeHost = /^[A-Za-z0-9.:[\]-]{1,260}$/.test(host) ? host : '127.0.0.1';
    return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header(
            'content-security-policy',
            `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws://${safeHost}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'`,
        )
        .header('referrer-policy', 'no-referrer')
        .send(html);
}

/** What the agent page shows of a conversation. */
function conversationView(c: Conversation) {
    const session = c.sessions.at(-1);
    return {
        id: c.conversationIdentifier,
        customer: c.endUser.subject,
        status: session?.status ?? 'Waiting',
        agent: session?.agent?.name ?? null,
        customerTyping: c.endUserTyping,
        entries: c.entries.map((e) => ({
            id: e.id,
            type: e.entryType,
            role: e.sender.role,
            name: e.senderDisplayName,
            at: e.at,
            text: e.text ?? null,
            attachment: e.attachment
                ? { name: e.attachment.name, size: e.attachment.size, mimeType: e.attachment.mimeType }
                : null,
            acknowledges: e.acknowledges ?? null,
        })),
    };
}

export function messagingSandboxPlugins(sandbox: Sandbox): ExtraPlugin[] {
    const keys = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    const org = createFakeMessagingOrg({
        clientId: CLIENT_ID,
        jwtPublicKeyPem: keys.publicKey,
        username: USERNAME,
        keepAliveMs: 30_000,
    });
    const callbackToken = randomBytes(24).toString('hex');
    const agent = sandbox.agents[0] ?? { userId: '005000000000001AAA', name: 'Alice Agent' };
    // Filled in once the relay listens (its port is chosen then); until then the relay's first attempts fail fast.
    const unbound = 'http://127.0.0.1:1';
    const messaging = {
        scrtUrl: unbound,
        orgId: org.orgId,
        authorizationContext: org.authorizationContext,
        channelAddressId: org.channelAddressIdentifier,
        serviceUserId: SERVICE_USER_ID,
        event: { name: org.bus.def.name, typeField: org.bus.def.typeField, payloadField: org.bus.def.payloadField },
        pubsubUrl: unbound,
        auth: {
            loginUrl: unbound,
            clientId: CLIENT_ID,
            username: USERNAME,
            privateKeyPem: keys.privateKey,
            jwtAudience: 'https://login.salesforce.com',
        },
        replayFile: '',
        startAt: 'EARLIEST' as const,
        attachmentHosts: ['.myqcloud.com'],
        attachmentLoopbackOrigins: [] as string[],
        tuning: { reconnectBaseMs: 200, leaseTtlMs: 15_000 },
    };
    sandbox.settings.messaging = messaging;
    sandbox.settings.callbacks = { token: callbackToken, signToken: '', maxSkewSeconds: 60 };
    sandbox.tencent.importAccount(SERVICE_USER_ID, 'Support');

    const pages: FastifyPluginAsync = async (app) => {
        const pubsub = await org.listenPubSub(0);
        messaging.pubsubUrl = `http://${pubsub}`;
        app.addHook('onListen', async () => {
            const address = app.server.address();
            const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
            messaging.scrtUrl = `${base}${MESSAGING_ORG_PREFIX}`;
            messaging.auth.loginUrl = `${base}${MESSAGING_ORG_PREFIX}`;
            messaging.attachmentLoopbackOrigins = [base];
            sandbox.tencent.callbacks.setTarget({ url: `${base}/v1/tencent/callbacks?token=${callbackToken}` });
        });
        const streams = new Set<ServerResponse>();
        app.addHook('preClose', async () => {
            for (const res of streams) res.end();
        });
        app.addHook('onClose', async () => org.close());

        app.get('/sandbox/messaging/assets/:name', { schema: { hide: true } }, async (request, reply) => {
            const name = (request.params as { name: string }).name;
            if (name !== 'agent.js' && name !== 'customer.js') return reply.code(404).send();
            return reply
                .header('content-type', 'text/javascript; charset=utf-8')
                .send(await pageScript(name === 'agent.js' ? 'agent' : 'customer'));
        });
        app.get('/sandbox/messaging/agent', { schema: { hide: true } }, async (request, reply) =>
            sendPage(
                reply,
                request.headers.host ?? '',
                page(
                    'Messaging console (sandbox)',
                    `<main class="messaging-console">
<header><h1>Messaging console <small>— stands in for Salesforce's Enhanced Messaging component</small></h1>
<p>Agent: <strong>${esc(agent.name)}</strong>. Each action publishes <code>${esc(org.bus.topicName)}</code> as Salesforce would.</p></header>
<section id="conversations" aria-label="Conversations"></section>
<section id="thread" aria-label="Conversation" hidden>
<h2 id="thread-title"></h2>
<p id="thread-status"></p>
<ol id="entries"></ol>
<p id="customer-typing" hidden>The customer is typing…</p>
<div class="actions"><button id="accept" type="button">Accept</button><button id="end" type="button">End conversation</button></div>
<form id="reply-form"><input id="reply-text" autocomplete="off" maxlength="2000" placeholder="Reply to the customer" aria-label="Reply"><button type="submit">Send</button></form>
</section>
</main>`,
                    'agent',
                    { agent: agent.name },
                ),
            ),
        );
        app.get('/sandbox/messaging/customer', { schema: { hide: true } }, async (request, reply) =>
            sendPage(
                reply,
                request.headers.host ?? '',
                page(
                    'Customer chat — Messaging mode (sandbox)',
                    `<main class="messaging-customer">
<h1>Chat with support</h1>
<form id="login-form"><label>Your Tencent Chat user id <input id="customer-id" value="customer-1" maxlength="32"></label><button type="submit">Start chat</button></form>
<section id="chat" hidden>
<ol id="messages"></ol>
<p id="agent-typing" hidden></p>
<form id="send-form"><input id="message-text" autocomplete="off" maxlength="2000" placeholder="Write a message" aria-label="Message"><button type="submit">Send</button></form>
</section>
</main>`,
                    'customer',
                    {
                        serviceUserId: SERVICE_USER_ID,
                        wsPath: `${SANDBOX_PREFIX.tencent}/ws`,
                        sdkAppId: sandbox.settings.tencent.sdkAppId,
                    },
                ),
            ),
        );

        // The customer page's login: a UserSig for the chosen id (what a customer app's own backend would mint).
        app.post(
            '/sandbox/messaging/api/customer-session',
            {
                schema: {
                    hide: true,
                    body: {
                        type: 'object',
                        required: ['customerId'],
                        properties: { customerId: { type: 'string', pattern: CUSTOMER_ID.source } },
                    },
                },
            },
            async (request) => {
                const { customerId } = request.body as { customerId: string };
                if (customerId === SERVICE_USER_ID || customerId === sandbox.settings.tencent.adminIdentifier)
                    return { error: { code: 'VALIDATION_FAILED', message: 'choose another id' } };
                if (!sandbox.tencent.hasAccount(customerId)) sandbox.tencent.importAccount(customerId);
                return { userId: customerId, userSig: sandbox.tencent.userSig(customerId, 3600) };
            },
        );

        // The agent page: conversations (Server-Sent Events on every change) and actions.
        app.get('/sandbox/messaging/api/conversations', { schema: { hide: true } }, async () => ({
            conversations: org.conversations.all().map(conversationView),
        }));
        app.get('/sandbox/messaging/api/events', { schema: { hide: true } }, (request, reply) => {
            reply.hijack();
            const res = reply.raw;
            res.writeHead(200, {
                'content-type': 'text/event-stream',
                'cache-control': 'no-store',
                connection: 'keep-alive',
            });
            const push = () =>
                res.write(
                    `data: ${JSON.stringify({ conversations: org.conversations.all().map(conversationView) })}\n\n`,
                );
            push();
            const off = org.conversations.onChange(push);
            streams.add(res);
            request.raw.on('close', () => {
                off();
                streams.delete(res);
            });
        });
        app.post(
            '/sandbox/messaging/api/conversations/:id/:action',
            { schema: { hide: true } },
            async (request, reply) => {
                const { id, action } = request.params as { id: string; action: string };
                const conv = org.conversations.byId(id);
                if (!conv)
                    return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'no such conversation' } });
                const body = (request.body ?? {}) as { text?: unknown; typing?: unknown; entryId?: unknown };
                try {
                    if (action === 'accept') org.conversations.accept(conv, agent);
                    else if (
                        action === 'reply' &&
                        typeof body.text === 'string' &&
                        body.text.trim() !== '' &&
                        body.text.length <= 2000
                    )
                        org.conversations.reply(conv, body.text);
                    else if (action === 'typing') org.conversations.typing(conv, body.typing === true);
                    else if (action === 'read' && typeof body.entryId === 'string')
                        org.conversations.read(conv, body.entryId);
                    else if (action === 'end') org.conversations.end(conv);
                    else
                        return reply
                            .code(400)
                            .send({ error: { code: 'VALIDATION_FAILED', message: 'unknown action or missing field' } });
                } catch (err) {
                    return reply.code(409).send({
                        error: {
                            code: 'CONFLICT',
                            message: err instanceof Error ? err.message : 'not possible now',
                        },
                    });
                }
                return { ok: true };
            },
        );
    };

    return [{ plugin: org.plugin, prefix: MESSAGING_ORG_PREFIX }, { plugin: pages }];
}

/** Banner rows for the Messaging pages. */
export function messagingBannerRows(baseUrl: string): Array<[string, string]> {
    return [
        ['Messaging console', `${baseUrl}/sandbox/messaging/agent`],
        ['Messaging customer', `${baseUrl}/sandbox/messaging/customer`],
    ];
}
