import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CUSTOMER_ID_PATTERN, defaultJwtAudience, loadConfig, loadDotEnvIfPresent } from '../src/config.js';
import { configProblems, LIVE_ENV } from './helpers/live-config.js';

const live = { ...LIVE_ENV, CORS_ORIGINS: 'https://app.example.com, https://www.example.com/' };

const problems = configProblems;

describe('config', () => {
    it('never falls back to the sandbox: an empty environment names every required setting', () => {
        const p = problems({}).join('\n');
        for (const name of [
            'RELAY_API_KEY',
            'TENCENT_SDK_APP_ID',
            'TENCENT_SECRET_KEY',
            'SF_LOGIN_URL',
            'SF_CLIENT_ID',
            'SF_USERNAME',
            'SF_PRIVATE_KEY',
        ])
            expect(p).toContain(name);
        expect(problems({ ...live, RELAY_MODE: 'sandbox' }).join('\n')).toContain('RELAY_MODE');
        expect(loadConfig({ ...live, RELAY_MODE: 'live' }).mode).toBe('live');
    });

    it('parses a full live configuration with defaults', () => {
        const c = loadConfig(live);
        expect(c.mode).toBe('live');
        expect(c.tencent).toMatchObject({
            sdkAppId: 1400000001,
            adminIdentifier: 'administrator',
            apiBaseUrl: 'https://console.tim.qq.com',
            groupType: 'Public',
            groupOwner: '',
        });
        expect(c.salesforce).toMatchObject({
            authFlow: 'client_credentials',
            apiVersion: '66.0',
            jwtAudience: 'https://login.salesforce.com',
        });
        expect(c.http.corsOrigins).toEqual(['https://app.example.com', 'https://www.example.com']);
        expect(c.http.host).toBe('0.0.0.0');
    });

    it('names every missing setting of a partial configuration in one error, without secret values', () => {
        let message = '';
        try {
            loadConfig({ TENCENT_SECRET_KEY: 'secret-value-do-not-print', SF_AUTH_FLOW: 'jwt' });
        } catch (err) {
            message = (err as Error).message;
        }
        for (const name of [
            'TENCENT_SDK_APP_ID',
            'SF_LOGIN_URL',
            'SF_CLIENT_ID',
            'SF_USERNAME',
            'SF_PRIVATE_KEY',
            'RELAY_API_KEY',
        ])
            expect(message).toContain(name);
        expect(message).not.toContain('secret-value-do-not-print');
    });

    it.each([
        [{ RELAY_API_KEY: 'short' }, 'RELAY_API_KEY'],
        [{ CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
        [{ CORS_ORIGINS: 'https://a.example.com/path' }, 'CORS_ORIGINS'],
        [{ TENCENT_GROUP_TYPE: 'AVChatRoom' }, 'TENCENT_GROUP_TYPE'],
        [{ TENCENT_GROUP_OWNER: 'administrator' }, 'TENCENT_GROUP_OWNER'],
        [{ CUSTOMER_ID_PATTERN: '([a-z' }, 'CUSTOMER_ID_PATTERN'],
        [{ REDIS_URL: 'http://redis:6379' }, 'REDIS_URL'],
        [{ TENCENT_SDK_APP_ID: 'abc' }, 'TENCENT_SDK_APP_ID'],
        [{ TENCENT_API_BASE_URL: 'http://console.tim.qq.com' }, 'TENCENT_API_BASE_URL'],
        [{ SF_AUTH_FLOW: 'password' }, 'SF_AUTH_FLOW'],
        [{ SF_AUTH_FLOW: 'client_credentials', SF_CLIENT_SECRET: '' }, 'SF_CLIENT_SECRET'],
        [{ SF_API_VERSION: '66' }, 'SF_API_VERSION'],
        [{ PORT: '70000' }, 'PORT'],
        [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
        [{ TICKET_RATE_LIMIT_PER_MINUTE: '0' }, 'TICKET_RATE_LIMIT_PER_MINUTE'],
        [{ USERSIG_TTL_SECONDS: '10' }, 'USERSIG_TTL_SECONDS'],
        [{ RELAY_MODE: 'prod' }, 'RELAY_MODE'],
        [{ SF_AUTH_FLOW: 'jwt', SF_USERNAME: 'u@example.com', SF_PRIVATE_KEY: 'not a pem' }, 'SF_PRIVATE_KEY'],
        [
            { SF_AUTH_FLOW: 'jwt', SF_USERNAME: 'u@example.com', SF_PRIVATE_KEY_FILE: '/nonexistent/key.pem' },
            'SF_PRIVATE_KEY_FILE',
        ],
    ])('rejects an invalid setting (%#)', (override, name) => {
        const p = problems({ ...live, ...override });
        expect(p.join('\n')).toContain(name);
    });

    it.each(['Private', 'Work'])(
        'rejects TENCENT_GROUP_TYPE=%s, explaining that Work members can invite anyone',
        (type) => {
            const p = problems({ ...live, TENCENT_GROUP_TYPE: type }).join('\n');
            expect(p).toContain('TENCENT_GROUP_TYPE=Private (Work) is not supported');
            expect(p).toMatch(/every member can invite other users/);
        },
    );

    it('accepts ChatRoom, a group owner, CUSTOMER_ID_PATTERN and REDIS_URL', () => {
        const c = loadConfig({
            ...live,
            TENCENT_GROUP_TYPE: 'ChatRoom',
            TENCENT_GROUP_OWNER: 'svc-owner',
            CUSTOMER_ID_PATTERN: 'app-[0-9]{4}',
            REDIS_URL: 'redis://127.0.0.1:6379/0',
        });
        expect(c.tencent).toMatchObject({ groupType: 'ChatRoom', groupOwner: 'svc-owner' });
        expect(c.http).toMatchObject({ customerIdPattern: 'app-[0-9]{4}', redisUrl: 'redis://127.0.0.1:6379/0' });
        expect(loadConfig(live).http).toMatchObject({ customerIdPattern: DEFAULT_CUSTOMER_ID_PATTERN, redisUrl: '' });
    });

    it('TRUST_PROXY: a hop count or proxy addresses/CIDRs; true is refused with an explanation', () => {
        expect(loadConfig(live).http.trustProxy).toBe(false);
        expect(loadConfig({ ...live, TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
        expect(loadConfig({ ...live, TRUST_PROXY: '10.0.0.0/8, 192.168.1.10, fd00::/8' }).http.trustProxy).toEqual([
            '10.0.0.0/8',
            '192.168.1.10',
            'fd00::/8',
        ]);
        expect(problems({ ...live, TRUST_PROXY: 'true' }).join('\n')).toMatch(
            /TRUST_PROXY=true is not accepted.*number of proxies/,
        );
        for (const bad of ['0', '11', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/1'])
            expect(problems({ ...live, TRUST_PROXY: bad }).join('\n')).toContain('TRUST_PROXY');
    });

    it('deadlines, timeouts and the customer id secret are validated', () => {
        const c = loadConfig(live).http;
        expect(c.requestDeadlineMs).toBeLessThan(120_000);
        expect(c.publicDeadlineMs).toBeLessThanOrEqual(c.requestDeadlineMs as number);
        expect(c).toMatchObject({ requestTimeoutMs: 10_000, headersTimeoutMs: 5_000, customerIdSecret: '' });
        for (const [override, name] of [
            [{ RELAY_REQUEST_DEADLINE_MS: '130000' }, 'RELAY_REQUEST_DEADLINE_MS'],
            [{ RELAY_REQUEST_DEADLINE_MS: '5000', RELAY_PUBLIC_DEADLINE_MS: '6000' }, 'RELAY_PUBLIC_DEADLINE_MS'],
            [{ HTTP_REQUEST_TIMEOUT_MS: '2000', HTTP_HEADERS_TIMEOUT_MS: '3000' }, 'HTTP_HEADERS_TIMEOUT_MS'],
            [{ CUSTOMER_ID_SECRET: 'short' }, 'CUSTOMER_ID_SECRET'],
            [{ TUTORIAL_UNSIGNED_CUSTOMER_IDS: 'yes' }, 'TUTORIAL_UNSIGNED_CUSTOMER_IDS'],
        ] as const)
            expect(problems({ ...live, ...override }).join('\n')).toContain(name);
    });

    it('derives the JWT audience from the login URL', () => {
        expect(defaultJwtAudience('https://acme--dev.sandbox.my.salesforce.com')).toBe('https://test.salesforce.com');
        expect(defaultJwtAudience('https://login.salesforce.com')).toBe('https://login.salesforce.com');
        expect(defaultJwtAudience('https://acme.my.site.com/customers')).toBe('https://acme.my.site.com/customers');
    });

    it('loads a .env file when present', () => {
        const dir = mkdtempSync(join(tmpdir(), 'relay-env-'));
        const file = join(dir, '.env');
        expect(loadDotEnvIfPresent(file)).toBe(false);
        writeFileSync(file, 'RELAY_TEST_DOTENV_VALUE=loaded\n');
        expect(loadDotEnvIfPresent(file)).toBe(true);
        expect(process.env['RELAY_TEST_DOTENV_VALUE']).toBe('loaded');
    });
});
