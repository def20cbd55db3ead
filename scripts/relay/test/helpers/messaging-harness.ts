/**
 * Messaging-mode test rig: the fake Tencent Chat (sending signed C2C webhooks), the fake Salesforce Messaging org
 * (Interaction Service API over HTTP + Pub/Sub API over gRPC), a loopback file host for customer attachments, and
 * relay instances (one or more replicas) built with the Messaging settings, all over real sockets.
 */
import { generateKeyPairSync, randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { createFakeTencentChat, type FakeTencentChat } from '../../../fakes/tencent-chat/index.js';
import { createFakeMessagingOrg, type FakeMessagingOrg } from '../../../fakes/salesforce-messaging/index.js';
import { buildApp } from '../../src/app.js';
import type { RelaySettings } from '../../src/services/container.js';
import type { MessagingConfig } from '../../src/messaging/messaging-config.js';

export const SDK_APP_ID = 1400054321;
export const SECRET_KEY = 'messaging-test-secret-key-0123456789abcdef';
export const ADMIN = 'administrator';
export const API_KEY = 'messaging-test-relay-api-key-0123456789';
export const SERVICE_USER = 'support';
export const CALLBACK_TOKEN = 'cbtoken-0123456789abcdef0123456789abcdef';
export const CLIENT_ID = 'messaging-connected-app';
export const USERNAME = 'integration@messaging.example';
export const AGENT = { userId: '005000000000001AAA', name: 'Alice Agent' };

let keys: { publicKey: string; privateKey: string } | undefined;
const rsa = () =>
    (keys ??= generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    }));

export interface RelayInstance {
    url: string;
    app: FastifyInstance;
    logs(): string;
    close(): Promise<void>;
}

export interface MessagingRig {
    tencent: FakeTencentChat;
    org: FakeMessagingOrg;
    orgUrl: string;
    pubsubAddress: string;
    files: { origin: string; put(path: string, bytes: Buffer, type: string): void };
    replayFile: string;
    startRelay(opts?: {
        redisUrl?: string;
        signToken?: string;
        leaseTtlMs?: number;
        name?: string;
    }): Promise<RelayInstance>;
    /** points Tencent's webhooks at a relay */
    routeCallbacksTo(relay: RelayInstance, signToken?: string): void;
    /** the customer writes to the support account, as their chat app would */
    customerSends(customer: string, msgBody: Array<{ MsgType: string; MsgContent: Record<string, unknown> }>): void;
    close(): Promise<void>;
}

export async function waitFor<T>(
    probe: () => T | undefined | null | false,
    what: string,
    timeoutMs = 8_000,
): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
        const value = probe();
        if (value) return value;
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
    }
}

export async function startMessagingRig(opts: { keepAliveMs?: number } = {}): Promise<MessagingRig> {
    const k = rsa();
    const tencent = createFakeTencentChat({ sdkAppId: SDK_APP_ID, secretKey: SECRET_KEY, adminIdentifier: ADMIN });
    const tencentUrl = await tencent.listen(0, '127.0.0.1');
    tencent.importAccount(SERVICE_USER, 'Support');
    const org = createFakeMessagingOrg({
        clientId: CLIENT_ID,
        jwtPublicKeyPem: k.publicKey,
        username: USERNAME,
        keepAliveMs: opts.keepAliveMs ?? 500,
    });
    const orgUrl = await org.listen(0);
    const pubsubAddress = await org.listenPubSub(0);

    const blobs = new Map<string, { bytes: Buffer; type: string }>();
    const fileServer: Server = createServer((req, res) => {
        const blob = blobs.get(req.url ?? '');
        if (!blob) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { 'content-type': blob.type, 'content-length': blob.bytes.length });
        res.end(blob.bytes);
    });
    await new Promise<void>((r) => fileServer.listen(0, '127.0.0.1', r));
    const fileAddress = fileServer.address();
    const fileOrigin = `http://127.0.0.1:${typeof fileAddress === 'object' && fileAddress ? fileAddress.port : 0}`;
    const replayFile = join(mkdtempSync(join(tmpdir(), 'tim-messaging-')), 'replay-id');
    const relays: RelayInstance[] = [];

    const messagingConfig = (o: { leaseTtlMs?: number }): MessagingConfig => ({
        scrtUrl: orgUrl,
        orgId: org.orgId,
        authorizationContext: org.authorizationContext,
        channelAddressId: org.channelAddressIdentifier,
        serviceUserId: SERVICE_USER,
        event: { name: org.bus.def.name, typeField: org.bus.def.typeField, payloadField: org.bus.def.payloadField },
        pubsubUrl: `http://${pubsubAddress}`,
        auth: {
            loginUrl: orgUrl,
            clientId: CLIENT_ID,
            username: USERNAME,
            privateKeyPem: k.privateKey,
            jwtAudience: orgUrl,
        },
        replayFile,
        startAt: 'EARLIEST',
        attachmentHosts: ['.myqcloud.com'],
        attachmentLoopbackOrigins: [fileOrigin],
        tuning: { leaseTtlMs: o.leaseTtlMs ?? 600, reconnectBaseMs: 50, batchSize: 5, backoffBaseMs: 5 },
    });

    const rig: MessagingRig = {
        tencent,
        org,
        orgUrl,
        pubsubAddress,
        replayFile,
        files: { origin: fileOrigin, put: (path, bytes, type) => blobs.set(path, { bytes, type }) },
        async startRelay(o = {}) {
            const settings: RelaySettings = {
                mode: 'live',
                http: {
                    port: 0,
                    host: '127.0.0.1',
                    apiKey: API_KEY,
                    corsOrigins: [],
                    logLevel: 'info',
                    ticketRateLimitPerMinute: 1000,
                    bodyLimitBytes: 65_536,
                    trustProxy: false,
                    ...(o.redisUrl ? { redisUrl: o.redisUrl } : {}),
                },
                userSigTtlSeconds: 3600,
                tencent: {
                    sdkAppId: SDK_APP_ID,
                    secretKey: SECRET_KEY,
                    adminIdentifier: ADMIN,
                    apiBaseUrl: tencentUrl,
                    groupType: 'Public',
                    groupOwner: '',
                },
                salesforce: {
                    loginUrl: orgUrl,
                    authFlow: 'jwt',
                    clientId: CLIENT_ID,
                    clientSecret: '',
                    username: USERNAME,
                    privateKeyPem: k.privateKey,
                    jwtAudience: orgUrl,
                    apiVersion: '66.0',
                },
                messaging: messagingConfig(o),
                callbacks: { token: CALLBACK_TOKEN, signToken: o.signToken ?? '', maxSkewSeconds: 60 },
                tuning: { tencentBackoffBaseMs: 5, tencentMaxAttempts: 3, tencentTimeoutMs: 2_000 },
            };
            let captured = '';
            const stream = new PassThrough();
            stream.on('data', (c: Buffer) => (captured += c.toString('utf8')));
            const app = await buildApp({ settings, logStream: stream });
            await app.listen({ port: 0, host: '127.0.0.1' });
            const address = app.server.address();
            const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
            const relay: RelayInstance = {
                url,
                app,
                logs: () => captured,
                close: async () => {
                    const i = relays.indexOf(relay);
                    if (i >= 0) relays.splice(i, 1);
                    await app.close();
                },
            };
            relays.push(relay);
            return relay;
        },
        routeCallbacksTo(relay, signToken) {
            tencent.callbacks.setTarget({
                url: `${relay.url}/v1/tencent/callbacks?token=${CALLBACK_TOKEN}`,
                ...(signToken ? { authToken: signToken } : {}),
            });
        },
        customerSends(customer, msgBody) {
            if (!tencent.hasAccount(customer)) tencent.importAccount(customer);
            tencent.c2c.send({
                from: customer,
                to: SERVICE_USER,
                random: randomInt(0, 2 ** 32 - 1),
                msgBody,
                optPlatform: 'Web',
            });
        },
        async close() {
            for (const relay of [...relays]) await relay.close();
            await org.close();
            await tencent.close();
            await new Promise<void>((r) => fileServer.close(() => r()));
        },
    };
    return rig;
}

/** Messages the support account sent to `customer`, oldest first. */
export function toCustomer(rig: MessagingRig, customer: string) {
    return rig.tencent.c2c.messages(SERVICE_USER, customer).filter((m) => m.from === SERVICE_USER);
}

/** Text of a Tencent message (text elements, or a notice's text). */
export function textOf(m: { elements: Array<Record<string, unknown>> }): string {
    return m.elements
        .map((e) => {
            if (e['type'] === 'text') return String(e['text']);
            if (e['type'] === 'custom') {
                try {
                    const data = JSON.parse(String(e['data'])) as Record<string, unknown>;
                    return typeof data['text'] === 'string' ? `[${String(data['kind'])}] ${data['text']}` : '';
                } catch {
                    return '';
                }
            }
            return `[${String(e['type'])}]`;
        })
        .join(' ');
}
