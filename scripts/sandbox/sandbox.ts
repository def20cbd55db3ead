/**
 * Sandbox mode: the relay plus in-process fakes of Tencent Chat and Salesforce, in ONE fastify app and port.
 *
 *   /sandbox/tencent/v4/...        fake Tencent REST API (+ /sandbox/tencent/binfo: the Web SDK gateway)
 *   /sandbox/salesforce/services/  fake Salesforce REST + OAuth
 *   /sandbox/admin-usersig         a fresh admin UserSig (sandbox only) for trying the fake with curl
 *
 * Hook for demo pages (scripts/sandbox/): pass more plugins to startSandboxRelay({ plugins }) — they get
 * the Sandbox object (fakes, credentials, agents) and are mounted in the same app.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { createFakeTencentChat, type FakeTencentChat } from '../fakes/tencent-chat/index.js';
import { createFakeSalesforce, type FakeSalesforce } from '../fakes/salesforce/index.js';
import type { HttpConfig } from '../relay/src/config.js';
import type { RelaySettings } from '../relay/src/services/container.js';
import type { ExtraPlugin } from '../relay/src/app.js';
import { genUserSig } from '../relay/src/tencent/usersig.js';
import type { SdkEndpoints } from '../relay/src/tencent/sdk-endpoints.js';
import { SEED_QUICK_TEXTS } from './quick-text.js';
import { createSandboxVoice, type SandboxVoice } from './voice-sandbox.js';

/** The sandbox's credentials: generated at every start, so they only ever unlock this process's in-memory fakes. */
export interface SandboxCredentials {
    sdkAppId: number;
    adminIdentifier: string;
    secretKey: string;
    apiKey: string;
    sfClientId: string;
    sfClientSecret: string;
    customerIdSecret: string;
}

/** Fresh throwaway credentials (never read from the environment). */
export function throwawayCredentials(): SandboxCredentials {
    const random = (bytes: number) => randomBytes(bytes).toString('base64url');
    return {
        sdkAppId: 1400000000,
        adminIdentifier: 'administrator',
        secretKey: `sandbox-${random(32)}`,
        apiKey: `sandbox-${random(32)}`,
        sfClientId: `sandbox-client-${random(9)}`,
        sfClientSecret: `sandbox-${random(24)}`,
        customerIdSecret: `sandbox-${random(32)}`,
    };
}

export const SANDBOX_PREFIX = { tencent: '/sandbox/tencent', salesforce: '/sandbox/salesforce' } as const;

export interface SandboxAgent {
    userId: string;
    name: string;
    email: string;
}

export interface Sandbox {
    credentials: SandboxCredentials;
    tencent: FakeTencentChat;
    salesforce: FakeSalesforce;
    settings: RelaySettings;
    plugins: ExtraPlugin[];
    agents: SandboxAgent[];
    /** the fake Tencent Cloud Contact Center and the relay's voice settings (voice-sandbox.ts) */
    voice: SandboxVoice;
    /** Points the relay's clients at this app once its port is known. */
    bindTo(baseUrl: string): void;
    baseUrl(): string;
}

/** Every Web SDK (agent widget, customer page) talks to the fake's gateway through the SDK's proxy options. */
export function sandboxSdkEndpoints(base: string): SdkEndpoints {
    const tencent = `${base}${SANDBOX_PREFIX.tencent}`;
    return {
        proxyServer: tencent.replace(/^http/, 'ws'),
        fileUploadProxy: `${tencent}/sdk-files`,
        fileDownloadProxy: `${tencent}/sdk-files`,
    };
}

const SEED_AGENTS = [
    { FirstName: 'Alice', LastName: 'Agent', Email: 'alice.agent@sandbox.example' },
    { FirstName: 'Bob', LastName: 'Agent', Email: 'bob.agent@sandbox.example' },
    { FirstName: 'Carol', LastName: 'Supervisor', Email: 'carol.supervisor@sandbox.example' },
];

export function createSandbox(http: HttpConfig, userSigTtlSeconds: number): Sandbox {
    const c = throwawayCredentials();
    const tencent = createFakeTencentChat({
        sdkAppId: c.sdkAppId,
        secretKey: c.secretKey,
        adminIdentifier: c.adminIdentifier,
    });
    const salesforce = createFakeSalesforce({ clientId: c.sfClientId, clientSecret: c.sfClientSecret });
    for (const quickText of SEED_QUICK_TEXTS) salesforce.insert('QuickText', quickText);
    const agents: SandboxAgent[] = SEED_AGENTS.map((a) => {
        const id = String(salesforce.insert('User', { ...a, Username: a.Email, IsActive: true }));
        return { userId: id, name: `${a.FirstName} ${a.LastName}`, email: a.Email };
    });

    // Each agent's TCCC seat is their e-mail (the relay's default TCCC_SEAT_USER_FIELD).
    const voice = createSandboxVoice(
        agents.map((a) => a.email),
        (userId) => agents.find((a) => a.userId === userId || a.userId.slice(0, 15) === userId.slice(0, 15))?.email,
    );

    let base = `http://127.0.0.1:${http.port}`;
    const settings: RelaySettings = {
        mode: 'sandbox',
        http: { ...http, apiKey: c.apiKey, customerIdSecret: c.customerIdSecret },
        userSigTtlSeconds,
        tencent: {
            sdkAppId: c.sdkAppId,
            secretKey: c.secretKey,
            adminIdentifier: c.adminIdentifier,
            apiBaseUrl: `${base}${SANDBOX_PREFIX.tencent}`,
            groupType: 'Public',
            groupOwner: '',
            sdkEndpoints: sandboxSdkEndpoints(base),
        },
        salesforce: {
            loginUrl: `${base}${SANDBOX_PREFIX.salesforce}`,
            authFlow: 'client_credentials',
            clientId: c.sfClientId,
            clientSecret: c.sfClientSecret,
            username: '',
            privateKeyPem: '',
            jwtAudience: '',
            apiVersion: '66.0',
        },
        voice: voice.config,
    };

    const adminUserSigRoute: FastifyPluginAsync = async (app) => {
        app.get('/sandbox/admin-usersig', { schema: { hide: true } }, async () => {
            const sig = genUserSig({
                sdkAppId: c.sdkAppId,
                secretKey: c.secretKey,
                identifier: c.adminIdentifier,
                expireSeconds: 3600,
            });
            return {
                sdkAppId: c.sdkAppId,
                identifier: c.adminIdentifier,
                userSig: sig.userSig,
                expiresAt: sig.expiresAtMs,
                note: 'sandbox only',
            };
        });
    };

    return {
        credentials: c,
        tencent,
        salesforce,
        settings,
        agents,
        voice,
        plugins: [
            { plugin: voice.plugin },
            { plugin: tencent.plugin, prefix: SANDBOX_PREFIX.tencent },
            { plugin: salesforce.plugin, prefix: SANDBOX_PREFIX.salesforce },
            { plugin: adminUserSigRoute },
        ],
        bindTo(baseUrl: string) {
            base = baseUrl.replace(/\/+$/, '');
            settings.tencent.apiBaseUrl = `${base}${SANDBOX_PREFIX.tencent}`;
            settings.salesforce.loginUrl = `${base}${SANDBOX_PREFIX.salesforce}`;
            settings.tencent.sdkEndpoints = sandboxSdkEndpoints(base);
            voice.bindTo(base);
        },
        baseUrl: () => base,
    };
}

/** The loud start-up banner (the credentials were generated at this start and unlock only these fakes). */
export function sandboxBanner(sandbox: Sandbox): string {
    const s = sandbox.settings;
    const url = sandbox.baseUrl();
    const line = '='.repeat(78);
    return [
        line,
        '  SANDBOX — the relay with built-in FAKES of Tencent Chat and Salesforce. Nothing leaves this machine.',
        '  The keys below were generated at this start; they unlock only these in-memory fakes.',
        line,
        `  Relay URL            ${url}`,
        `  SDKAppID             ${s.tencent.sdkAppId}`,
        `  Admin identifier     ${s.tencent.adminIdentifier}`,
        `  Secret key (fake)    ${s.tencent.secretKey}`,
        `  Relay API key        ${s.http.apiKey}`,
        `  Fake Tencent REST    ${url}${SANDBOX_PREFIX.tencent}/v4/<service>/<command>`,
        `  Fake Salesforce      ${url}${SANDBOX_PREFIX.salesforce}`,
        `  Seeded agents        ${sandbox.agents.map((a) => `${a.name} (${a.userId})`).join(', ')}`,
        `  Fake TCCC (voice)    ccc.localhost:${sandbox.voice.config.endpoint.split(':')[1] ?? ''} (seats: the agents' e-mails); calls: POST ${url}/sandbox/api/voice/calls`,
        '',
        '  Try it:',
        `    curl -s -X POST ${url}/v1/tickets -H 'content-type: application/json' \\`,
        `      -d '{"name":"Ada Lovelace","email":"ada@example.com","subject":"Cannot log in","message":"Hello"}'`,
        `    SIG=$(curl -s ${url}/sandbox/admin-usersig | sed -E 's/.*"userSig":"([^"]+)".*/\\1/')`,
        `    curl -s -X POST "${url}${SANDBOX_PREFIX.tencent}/v4/group_open_http_svc/get_group_member_info?sdkappid=${s.tencent.sdkAppId}&identifier=${s.tencent.adminIdentifier}&usersig=$SIG&random=1&contenttype=json" \\`,
        `      -d '{"GroupId":"<caseId from the ticket>"}'`,
        `    curl -s ${url}/v1/ping -H 'authorization: Bearer ${s.http.apiKey}'`,
        line,
    ].join('\n');
}
