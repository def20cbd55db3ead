/**
 * Live relay configuration: environment variables (plus an optional `.env` file), validated once at start.
 * Every problem is collected and reported in ONE error naming each bad setting. Secret values are never
 * included in messages. (The sandbox is a separate entry point, scripts/sandbox/main.ts, with its own keys.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { loadCallbackConfig, loadMessagingConfig } from './messaging/messaging-config.js';
import type { CallbackConfig, MessagingConfig } from './messaging/messaging-config.js';
import { readSdkEndpoints, type SdkEndpoints } from './tencent/sdk-endpoints.js';
import { loadVoiceConfig, type VoiceConfig } from './voice/voice-config.js';

export type RelayMode = 'sandbox' | 'live';
/**
 * Group types the relay creates. `Private` (Work) is NOT accepted: in a Work group any member may invite others,
 * which would let a customer holding a UserSig pull strangers into the case conversation.
 */
export type GroupType = 'Public' | 'ChatRoom';
export const GROUP_TYPES: readonly GroupType[] = ['Public', 'ChatRoom'];

/** Default CUSTOMER_ID_PATTERN: Tencent's safe UserID charset, starting with a letter or digit. */
export const DEFAULT_CUSTOMER_ID_PATTERN = '[A-Za-z0-9][A-Za-z0-9_-]{0,31}';
export type SalesforceAuthFlow = 'jwt' | 'client_credentials';

export interface TencentConfig {
    sdkAppId: number;
    secretKey: string;
    adminIdentifier: string;
    apiBaseUrl: string;
    groupType: GroupType;
    /** Empty string = no owner: the app admin manages the group. */
    groupOwner: string;
    /** Web SDK proxy endpoints handed out with UserSigs (TENCENT_SDK_*_PROXY*); empty = Tencent's own. */
    sdkEndpoints?: SdkEndpoints;
}

export interface SalesforceConfig {
    loginUrl: string;
    authFlow: SalesforceAuthFlow;
    clientId: string;
    clientSecret: string;
    username: string;
    privateKeyPem: string;
    jwtAudience: string;
    apiVersion: string;
}

/**
 * Which proxies may set X-Forwarded-For: false (none: the socket address is the client), a hop count (the N proxies
 * in front of the relay), or the proxies' addresses/CIDRs. Never `true`: that trusts any client's own header.
 */
export type TrustProxy = false | number | string[];

/** Default budget of a request (below the 120 s an Apex callout waits at most). */
export const DEFAULT_REQUEST_DEADLINE_MS = 100_000;
/** Default budget of a public (browser) request. */
export const DEFAULT_PUBLIC_DEADLINE_MS = 15_000;
/** Default time a client has to send its whole request (headers and body). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Default time a client has to send the request headers. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 5_000;

export interface HttpConfig {
    port: number;
    host: string;
    apiKey: string;
    corsOrigins: string[];
    logLevel: string;
    ticketRateLimitPerMinute: number;
    bodyLimitBytes: number;
    trustProxy: TrustProxy;
    /**
     * Secret shared with the customer app's backend: a caller-chosen customer id on a public route must come with
     * `customerIdSignature` = hex HMAC-SHA256(secret, id). Empty/absent = caller-chosen ids are refused.
     */
    customerIdSecret?: string;
    /** UNSAFE opt-out for the tutorial's POST /createticket only: accept its `userId` without a signature. */
    tutorialUnsignedCustomerIds?: boolean;
    /** Budget of each request (server-to-server routes); DEFAULT_REQUEST_DEADLINE_MS when absent. */
    requestDeadlineMs?: number;
    /** Budget of each public (browser) request; DEFAULT_PUBLIC_DEADLINE_MS when absent. */
    publicDeadlineMs?: number;
    /** Time a client has to send its whole request; DEFAULT_REQUEST_TIMEOUT_MS when absent. */
    requestTimeoutMs?: number;
    /** Time a client has to send the request headers; DEFAULT_HEADERS_TIMEOUT_MS when absent. */
    headersTimeoutMs?: number;
    /**
     * Regular expression (matched against the whole id) that caller-chosen customer ids on the public ticket routes
     * must match; DEFAULT_CUSTOMER_ID_PATTERN when absent.
     */
    customerIdPattern?: string;
    /** Redis URL for the shared rate-limit store; empty/absent = in-memory, per process. */
    redisUrl?: string;
}

export interface RelayConfig {
    mode: 'live';
    tencent: TencentConfig;
    salesforce: SalesforceConfig;
    http: HttpConfig;
    userSigTtlSeconds: number;
    /** Salesforce Messaging mode (live mode only; messaging/messaging-config.ts) */
    messaging: MessagingConfig | null;
    callbacks: CallbackConfig | null;
    /** Voice through Tencent Cloud Contact Center (voice/voice-config.ts); null when off */
    voice: VoiceConfig | null;
}

export class ConfigError extends Error {
    override readonly name = 'ConfigError';
    constructor(readonly problems: string[]) {
        super(
            `Invalid relay configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
        );
    }
}

type Env = Record<string, string | undefined>;

/** Settings that hold or point at real credentials (the sandbox refuses to start when any is set). */
export const CREDENTIAL_SETTINGS = [
    'TENCENT_SDK_APP_ID',
    'TENCENT_SECRET_KEY',
    'SF_LOGIN_URL',
    'SF_CLIENT_ID',
    'SF_CLIENT_SECRET',
    'SF_USERNAME',
    'SF_PRIVATE_KEY',
    'SF_PRIVATE_KEY_FILE',
    'RELAY_API_KEY',
    'CUSTOMER_ID_SECRET',
    'TENCENTCLOUD_SECRET_ID',
    'TENCENTCLOUD_SECRET_KEY',
] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Loads `.env` from the working directory into process.env when the file exists (never overrides set vars). */
export function loadDotEnvIfPresent(path = resolve(process.cwd(), '.env')): boolean {
    if (!existsSync(path)) return false;
    process.loadEnvFile(path);
    return true;
}

function str(env: Env, key: string): string {
    return (env[key] ?? '').trim();
}

/** TRUST_PROXY: empty/false, a hop count, or a comma-separated list of proxy addresses/CIDRs. */
export function parseTrustProxy(raw: string): { value: TrustProxy } | { problem: string } {
    const value = raw.trim();
    if (value === '' || value === 'false') return { value: false };
    if (value === 'true')
        return {
            problem:
                'TRUST_PROXY=true is not accepted (any client could choose its IP with X-Forwarded-For): set the number of proxies in front of the relay (e.g. 1) or their addresses/CIDRs (e.g. 10.0.0.0/8)',
        };
    if (/^\d+$/.test(value)) {
        const hops = Number(value);
        if (hops < 1 || hops > 10) return { problem: 'TRUST_PROXY hop count must be between 1 and 10' };
        return { value: hops };
    }
    const entries = value
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e !== '');
    for (const entry of entries) {
        const [address, prefix, extra] = entry.split('/');
        const family = isIP(address ?? '');
        const prefixOk =
            prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
        if (family === 0 || !prefixOk || extra !== undefined)
            return {
                problem: `TRUST_PROXY entry "${entry.slice(0, 60)}" must be an IP address or CIDR (e.g. 10.0.0.0/8), or TRUST_PROXY a hop count`,
            };
    }
    return { value: entries };
}

/** Parses and validates the live configuration; throws ConfigError listing every problem. */
export function loadConfig(env: Env = process.env): RelayConfig {
    const problems: string[] = [];
    const intSetting = (key: string, def: number, min: number, max: number): number => {
        const raw = str(env, key);
        if (raw === '') return def;
        const n = Number(raw);
        if (!Number.isInteger(n) || n < min || n > max) {
            problems.push(`${key} must be an integer between ${min} and ${max}`);
            return def;
        }
        return n;
    };

    const requestedMode = str(env, 'RELAY_MODE');
    if (requestedMode !== '' && requestedMode !== 'live')
        problems.push(
            'RELAY_MODE: the live relay has no other mode (the sandbox is its own entry point: npm start); unset it',
        );

    // HTTP settings.
    const apiKey = str(env, 'RELAY_API_KEY');
    if (apiKey === '') problems.push('RELAY_API_KEY is required (at least 32 characters)');
    else if (apiKey.length < 32) problems.push('RELAY_API_KEY must be at least 32 characters');
    const customerIdSecret = str(env, 'CUSTOMER_ID_SECRET');
    if (customerIdSecret !== '' && customerIdSecret.length < 32)
        problems.push('CUSTOMER_ID_SECRET must be at least 32 characters');
    const tutorialUnsigned = str(env, 'TUTORIAL_UNSIGNED_CUSTOMER_IDS') || 'false';
    if (!['true', 'false'].includes(tutorialUnsigned))
        problems.push('TUTORIAL_UNSIGNED_CUSTOMER_IDS must be true or false');

    const corsOrigins = str(env, 'CORS_ORIGINS')
        .split(',')
        .map((o) => o.trim())
        .filter((o) => o !== '');
    for (const origin of corsOrigins) {
        if (origin.includes('*')) {
            problems.push('CORS_ORIGINS must list exact origins; wildcards (*) are not allowed');
            break;
        }
        let parsed: URL | null = null;
        try {
            parsed = new URL(origin);
        } catch {
            /* reported below */
        }
        if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin.replace(/\/$/, '')) {
            problems.push(
                `CORS_ORIGINS entry "${origin}" must be an origin like https://app.example.com (scheme://host[:port], no path)`,
            );
        }
    }

    const logLevel = str(env, 'LOG_LEVEL') || 'info';
    if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
    const trustProxy = parseTrustProxy(str(env, 'TRUST_PROXY'));
    if ('problem' in trustProxy) problems.push(trustProxy.problem);
    const customerIdPattern = str(env, 'CUSTOMER_ID_PATTERN') || DEFAULT_CUSTOMER_ID_PATTERN;
    const patternProblem = customerIdPatternProblem(customerIdPattern);
    if (patternProblem) problems.push(`CUSTOMER_ID_PATTERN ${patternProblem}`);
    const redisUrl = str(env, 'REDIS_URL');
    if (redisUrl !== '' && !/^rediss?:\/\/[^\s]+$/.test(redisUrl))
        problems.push('REDIS_URL must be a redis:// or rediss:// URL (e.g. redis://redis.internal:6379/0)');

    const http: HttpConfig = {
        port: intSetting('PORT', 3000, 0, 65535),
        host: str(env, 'HOST') || '0.0.0.0',
        apiKey,
        corsOrigins: corsOrigins.map((o) => o.replace(/\/$/, '')),
        logLevel,
        ticketRateLimitPerMinute: intSetting('TICKET_RATE_LIMIT_PER_MINUTE', 10, 1, 100_000),
        bodyLimitBytes: intSetting('BODY_LIMIT_BYTES', 65_536, 1_024, 10_485_760),
        trustProxy: 'value' in trustProxy ? trustProxy.value : false,
        customerIdSecret,
        tutorialUnsignedCustomerIds: tutorialUnsigned === 'true',
        customerIdPattern,
        redisUrl,
        requestDeadlineMs: intSetting('RELAY_REQUEST_DEADLINE_MS', DEFAULT_REQUEST_DEADLINE_MS, 1_000, 115_000),
        publicDeadlineMs: intSetting('RELAY_PUBLIC_DEADLINE_MS', DEFAULT_PUBLIC_DEADLINE_MS, 1_000, 115_000),
        requestTimeoutMs: intSetting('HTTP_REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS, 1_000, 120_000),
        headersTimeoutMs: intSetting('HTTP_HEADERS_TIMEOUT_MS', DEFAULT_HEADERS_TIMEOUT_MS, 1_000, 120_000),
    };
    if ((http.publicDeadlineMs as number) > (http.requestDeadlineMs as number))
        problems.push('RELAY_PUBLIC_DEADLINE_MS must not exceed RELAY_REQUEST_DEADLINE_MS');
    if ((http.headersTimeoutMs as number) > (http.requestTimeoutMs as number))
        problems.push('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
    const userSigTtlSeconds = intSetting('USERSIG_TTL_SECONDS', 86_400, 300, 180 * 86_400);

    let tencent: TencentConfig;
    let salesforce: SalesforceConfig;
    let messaging: MessagingConfig | null = null;
    let callbacks: CallbackConfig | null = null;
    let voice: VoiceConfig | null = null;
    {
        // Tencent
        const appIdRaw = str(env, 'TENCENT_SDK_APP_ID');
        const sdkAppId = Number(appIdRaw);
        if (appIdRaw === '') problems.push('TENCENT_SDK_APP_ID is required');
        else if (!/^\d{1,10}$/.test(appIdRaw) || sdkAppId <= 0 || sdkAppId > 0xffffffff)
            problems.push('TENCENT_SDK_APP_ID must be a positive integer (e.g. 1400000000)');
        const secretKey = str(env, 'TENCENT_SECRET_KEY');
        if (secretKey === '') problems.push('TENCENT_SECRET_KEY is required');
        const adminIdentifier = str(env, 'TENCENT_ADMIN_IDENTIFIER') || 'administrator';
        if (!/^[A-Za-z0-9_-]{1,32}$/.test(adminIdentifier))
            problems.push('TENCENT_ADMIN_IDENTIFIER must be 1-32 characters [A-Za-z0-9_-]');
        const apiBaseUrl = (str(env, 'TENCENT_API_BASE_URL') || 'https://console.tim.qq.com').replace(/\/+$/, '');
        if (!isHttpUrl(apiBaseUrl, true))
            problems.push('TENCENT_API_BASE_URL must be an https:// URL (e.g. https://adminapisgp.im.qcloud.com)');
        const groupType = (str(env, 'TENCENT_GROUP_TYPE') || 'Public') as GroupType;
        if ((groupType as string) === 'Private' || (groupType as string) === 'Work') {
            problems.push(
                'TENCENT_GROUP_TYPE=Private (Work) is not supported: in a Work group every member can invite other users, so a customer ' +
                    'could add anyone to the case conversation. Use Public (default) or ChatRoom; see docs/relay.md "Why groups have no owner by default"',
            );
        } else if (!GROUP_TYPES.includes(groupType)) problems.push('TENCENT_GROUP_TYPE must be Public or ChatRoom');
        const groupOwner = str(env, 'TENCENT_GROUP_OWNER');
        if (groupOwner !== '' && !/^[A-Za-z0-9_-]{1,32}$/.test(groupOwner))
            problems.push('TENCENT_GROUP_OWNER must be empty or 1-32 characters [A-Za-z0-9_-]');
        else if (groupOwner !== '' && groupOwner === adminIdentifier)
            problems.push(
                'TENCENT_GROUP_OWNER must not be the admin identifier (leave it empty: the admin manages every group anyway)',
            );
        const sdk = readSdkEndpoints(env);
        problems.push(...sdk.problems);
        tencent = {
            sdkAppId,
            secretKey,
            adminIdentifier,
            apiBaseUrl,
            groupType,
            groupOwner,
            sdkEndpoints: sdk.endpoints,
        };

        // Salesforce
        const loginUrl = str(env, 'SF_LOGIN_URL').replace(/\/+$/, '');
        if (loginUrl === '')
            problems.push('SF_LOGIN_URL is required (your My Domain URL, e.g. https://acme.my.salesforce.com)');
        else if (!isHttpUrl(loginUrl, true)) problems.push('SF_LOGIN_URL must be an https:// URL');
        const authFlow = (str(env, 'SF_AUTH_FLOW') || 'jwt') as SalesforceAuthFlow;
        if (!['jwt', 'client_credentials'].includes(authFlow))
            problems.push(
                'SF_AUTH_FLOW must be jwt or client_credentials (the username-password flow is not supported)',
            );
        const clientId = str(env, 'SF_CLIENT_ID');
        if (clientId === '') problems.push('SF_CLIENT_ID is required');
        const clientSecret = str(env, 'SF_CLIENT_SECRET');
        const username = str(env, 'SF_USERNAME');
        let privateKeyPem = (env['SF_PRIVATE_KEY'] ?? '').replace(/\\n/g, '\n').trim();
        const keyFile = str(env, 'SF_PRIVATE_KEY_FILE');
        if (authFlow === 'client_credentials' && clientSecret === '')
            problems.push('SF_CLIENT_SECRET is required when SF_AUTH_FLOW=client_credentials');
        if (authFlow === 'jwt') {
            if (username === '') problems.push('SF_USERNAME is required when SF_AUTH_FLOW=jwt');
            if (privateKeyPem === '' && keyFile === '')
                problems.push('SF_PRIVATE_KEY or SF_PRIVATE_KEY_FILE is required when SF_AUTH_FLOW=jwt');
            if (privateKeyPem === '' && keyFile !== '') {
                try {
                    privateKeyPem = readFileSync(keyFile, 'utf8').trim();
                } catch {
                    problems.push('SF_PRIVATE_KEY_FILE cannot be read');
                }
            }
            if (privateKeyPem !== '' && !/-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKeyPem))
                problems.push('SF_PRIVATE_KEY must be a PEM private key');
        }
        const apiVersion = str(env, 'SF_API_VERSION') || '66.0';
        if (!/^\d{2,3}\.0$/.test(apiVersion)) problems.push('SF_API_VERSION must look like 66.0');
        const jwtAudience = str(env, 'SF_JWT_AUDIENCE') || defaultJwtAudience(loginUrl);
        salesforce = { loginUrl, authFlow, clientId, clientSecret, username, privateKeyPem, jwtAudience, apiVersion };
        messaging = loadMessagingConfig(env, problems);
        callbacks = loadCallbackConfig(env, problems);
        voice = loadVoiceConfig(env, problems, http.corsOrigins);
    }

    if (problems.length > 0) throw new ConfigError(problems);
    return { mode: 'live', tencent, salesforce, http, userSigTtlSeconds, messaging, callbacks, voice };
}

/** Why a CUSTOMER_ID_PATTERN is unusable, or null. The pattern is anchored (^…$) by the relay. */
export function customerIdPatternProblem(pattern: string): string | null {
    try {
        new RegExp(`^(?:${pattern})$`);
    } catch {
        return 'is not a valid regular expression';
    }
    if (pattern.length > 200) return 'must be at most 200 characters';
    return null;
}

export function isHttpUrl(value: string, requireHttps: boolean): boolean {
    try {
        const u = new URL(value);
        // Plain http is accepted only for loopback (local fakes).
        const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
        return u.protocol === 'https:' || (u.protocol === 'http:' && (!requireHttps || loopback));
    } catch {
        return false;
    }
}

/** The JWT `aud` Salesforce expects: login.salesforce.com, test.salesforce.com or the site URL. */
export function defaultJwtAudience(loginUrl: string): string {
    let host = '';
    try {
        host = new URL(loginUrl).hostname;
    } catch {
        return loginUrl;
    }
    if (host === 'test.salesforce.com' || host.endsWith('.sandbox.my.salesforce.com'))
        return 'https://test.salesforce.com';
    if (host === 'login.salesforce.com' || host.endsWith('.my.salesforce.com')) return 'https://login.salesforce.com';
    return loginUrl;
}
