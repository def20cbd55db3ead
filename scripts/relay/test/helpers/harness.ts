/** Test harness: both fakes and the relay, each on its own loopback port, talking real HTTP. */
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { createFakeTencentChat, type FakeTencentChat } from '../../../fakes/tencent-chat/index.js';
import { createFakeSalesforce, type FakeSalesforce } from '../../../fakes/salesforce/index.js';
import { idChecksum } from '../../../fakes/salesforce/ids.js';
import { buildApp } from '../../src/app.js';
import type { RelaySettings } from '../../src/services/container.js';
import type { GroupType, HttpConfig } from '../../src/config.js';
import type { VoiceConfig } from '../../src/voice/voice-config.js';

export const SDK_APP_ID = 1400012345;
export const SECRET_KEY = 'test-secret-key-0123456789abcdef0123456789abcdef';
export const ADMIN = 'administrator';
export const API_KEY = 'test-relay-api-key-0123456789abcdef-xyz';
export const SF_CLIENT_ID = 'test-client-id';
export const SF_CLIENT_SECRET = 'test-client-secret';
export const SF_USERNAME = 'integration@example.com';
export const ALLOWED_ORIGIN = 'https://app.example.com';
export const CUSTOMER_ID_SECRET = 'test-customer-id-secret-0123456789abcdef';

/** What the customer app's backend sends with a caller-chosen customer id. */
export const signId = (id: string) => createHmac('sha256', CUSTOMER_ID_SECRET).update(id, 'utf8').digest('hex');

/** An acceptable Idempotency-Key (random-looking, ≥ 32 chars) that still names the test it belongs to. */
export const idemKey = (label: string) => `${label}-Zq7Rk2Lm9Xw4Vb8Nc3Tj6Hy1Pd5Gs0Fa`;

export interface HarnessOptions {
    groupType?: GroupType;
    groupOwner?: string;
    ticketRateLimitPerMinute?: number;
    bodyLimitBytes?: number;
    authFlow?: 'jwt' | 'client_credentials';
    captureLogs?: boolean;
    tencentTimeoutMs?: number;
    customerIdPattern?: string;
    redisUrl?: string;
    /** Clock of the fake Tencent (e.g. to move past its 5-minute duplicate-message window). */
    tencentNow?: () => number;
    /** More HTTP settings (trust proxy, deadlines, timeouts, customer id proof). */
    http?: Partial<HttpConfig>;
    /** /readyz cache; 0 (every call checks) unless given. */
    readyCacheMs?: number;
    /** Turns the Tencent callback receiver on (TENCENT_CALLBACK_TOKEN / _SIGN_TOKEN). */
    callbacks?: { token: string; signToken?: string };
    /** Live engagement flush interval (ms). */
    engagementFlushMs?: number;
    /** Turns voice on (helpers/voice.ts); publicBaseUrl '' = the relay's own URL. */
    voice?: VoiceConfig;
}

export interface Harness {
    url: string;
    app: FastifyInstance;
    tencent: FakeTencentChat;
    salesforce: FakeSalesforce;
    settings: RelaySettings;
    logs: () => string;
    request(
        method: string,
        path: string,
        opts?: { body?: unknown; rawBody?: string; headers?: Record<string, string>; auth?: boolean | string },
    ): Promise<{
        status: number;
        headers: Headers;
        json: any; // any: tests inspect arbitrary response shapes
        text: string;
    }>;
    /** Opens a ticket as a customer would (no API key; name Ada, subject Help) and expects 201. */
    newTicket(message?: string): Promise<{ groupId: string; customerId: string; caseId: string }>;
    reset(): void;
    close(): Promise<void>;
}

let keyPair: { publicKey: string; privateKey: string } | undefined;
function rsaKeys() {
    keyPair ??= generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'spki', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
    return keyPair;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
    const tencent = createFakeTencentChat({
        sdkAppId: SDK_APP_ID,
        secretKey: SECRET_KEY,
        adminIdentifier: ADMIN,
        ...(opts.tencentNow ? { now: opts.tencentNow } : {}),
    });
    const tencentUrl = await tencent.listen(0, '127.0.0.1');
    const authFlow = opts.authFlow ?? 'client_credentials';
    const keys = rsaKeys();
    const salesforce = createFakeSalesforce({
        clientId: SF_CLIENT_ID,
        clientSecret: SF_CLIENT_SECRET,
        jwtPublicKeyPem: keys.publicKey,
        jwtUsername: SF_USERNAME,
    });
    const sfUrl = await salesforce.listen(0, '127.0.0.1');

    const settings: RelaySettings = {
        mode: 'live',
        http: {
            port: 0,
            host: '127.0.0.1',
            apiKey: API_KEY,
            corsOrigins: [ALLOWED_ORIGIN],
            logLevel: 'info',
            ticketRateLimitPerMinute: opts.ticketRateLimitPerMinute ?? 1000,
            bodyLimitBytes: opts.bodyLimitBytes ?? 65_536,
            trustProxy: false,
            ...(opts.customerIdPattern ? { customerIdPattern: opts.customerIdPattern } : {}),
            ...(opts.redisUrl ? { redisUrl: opts.redisUrl } : {}),
            customerIdSecret: CUSTOMER_ID_SECRET,
            ...opts.http,
        },
        userSigTtlSeconds: 3600,
        tencent: {
            sdkAppId: SDK_APP_ID,
            secretKey: SECRET_KEY,
            adminIdentifier: ADMIN,
            apiBaseUrl: tencentUrl,
            groupType: opts.groupType ?? 'Public',
            groupOwner: opts.groupOwner ?? '',
        },
        salesforce: {
            loginUrl: sfUrl,
            authFlow,
            clientId: SF_CLIENT_ID,
            clientSecret: authFlow === 'client_credentials' ? SF_CLIENT_SECRET : '',
            username: SF_USERNAME,
            privateKeyPem: keys.privateKey,
            jwtAudience: sfUrl,
            apiVersion: '66.0',
        },
        tuning: {
            tencentBackoffBaseMs: 5,
            tencentMaxAttempts: 3,
            tencentTimeoutMs: opts.tencentTimeoutMs ?? 2_000,
            readyCacheMs: opts.readyCacheMs ?? 0,
            ...(opts.engagementFlushMs !== undefined ? { engagementFlushMs: opts.engagementFlushMs } : {}),
        },
        ...(opts.callbacks
            ? {
                  callbacks: {
                      token: opts.callbacks.token,
                      signToken: opts.callbacks.signToken ?? '',
                      maxSkewSeconds: 60,
                  },
              }
            : {}),
    };

    const stream = new PassThrough();
    let captured = '';
    stream.on('data', (chunk: Buffer) => {
        if (opts.captureLogs) captured += chunk.toString('utf8');
    });
    if (opts.voice) settings.voice = { ...opts.voice };
    const app = await buildApp({ settings, logStream: stream });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    if (settings.voice && settings.voice.publicBaseUrl === '') settings.voice.publicBaseUrl = url;

    const harness: Harness = {
        url,
        app,
        tencent,
        salesforce,
        settings,
        logs: () => captured,
        async request(method, path, o = {}) {
            const headers: Record<string, string> = { ...(o.headers ?? {}) };
            if (o.auth !== false)
                headers['authorization'] ??= `Bearer ${typeof o.auth === 'string' ? o.auth : API_KEY}`;
            let body: string | undefined;
            if (o.rawBody !== undefined) body = o.rawBody;
            else if (o.body !== undefined) body = JSON.stringify(o.body);
            if (body !== undefined) headers['content-type'] ??= 'application/json';
            const res = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
            const text = await res.text();
            let json: unknown = undefined;
            try {
                json = JSON.parse(text);
            } catch {
                /* not JSON */
            }
            return { status: res.status, headers: res.headers, json, text };
        },
        async newTicket(message) {
            const res = await harness.request('POST', '/v1/tickets', {
                body: { name: 'Ada', email: 'ada@example.com', subject: 'Help', ...(message ? { message } : {}) },
                auth: false,
            });
            expect(res.status).toBe(201);
            return res.json as { groupId: string; customerId: string; caseId: string };
        },
        reset() {
            tencent.reset();
            salesforce.reset();
            app.relay.agentNicks.clear(); // the fake forgot every account; so must the relay's Nick cache
        },
        async close() {
            await app.close();
            await tencent.close();
            await salesforce.close();
        },
    };
    return harness;
}

/**
 * One harness for a whole test file: started before its first test, reset before each test, closed after the
 * last. The returned object is filled in when the harness starts, so use it inside tests and hooks only.
 */
export function useHarness(opts: HarnessOptions = {}): Harness {
    const shared = {} as Harness;
    beforeAll(async () => {
        Object.assign(shared, await startHarness(opts));
    });
    afterAll(() => shared.close());
    beforeEach(() => shared.reset());
    return shared;
}

/** A valid 18-char Salesforce id for prefix + counter (e.g. agent ids that the fake does not need to know). */
export function fakeId(prefix: string, n: number): string {
    const id15 = `${prefix}${String(n).padStart(12, '0')}`;
    return id15 + idChecksum(id15);
}
