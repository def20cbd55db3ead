import { generateKeyPairSync } from 'node:crypto';
import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createFakeSalesforce } from '../salesforce/index.js';
import type { FakeSalesforce } from '../salesforce/index.js';
import {
    SF,
    clientCredentialsToken,
    jwtAssertion,
    jwtPublicKeyPem,
    sfApi,
    tokenRequest,
} from './salesforce-helpers.js';

let clock = Date.now();
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
let fake: FakeSalesforce;
let base: string;

const jwtClaims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    iss: SF.clientId,
    sub: SF.username,
    aud: base,
    exp: Math.floor(clock / 1000) + 180,
    ...overrides,
});

beforeAll(async () => {
    fake = createFakeSalesforce({
        clientId: SF.clientId,
        clientSecret: SF.clientSecret,
        jwtPublicKeyPem,
        jwtUsername: SF.username,
        now: () => clock,
        tokenTtlMs: 60_000,
    });
    base = await fake.listen();
});
afterAll(() => fake.close());
beforeEach(() => {
    clock = Date.now();
    fake.reset();
});

describe('OAuth token endpoint', () => {
    it('issues a token for client credentials with the documented fields', async () => {
        const { status, json } = await tokenRequest(base, {
            grant_type: 'client_credentials',
            client_id: SF.clientId,
            client_secret: SF.clientSecret,
        });
        expect(status).toBe(200);
        expect(json).toMatchObject({ instance_url: base, token_type: 'Bearer', issued_at: String(clock) });
        expect(json['id']).toBe(`${base}/id/${fake.orgId}/${fake.integrationUserId}`);
        expect(typeof json['access_token']).toBe('string');
        expect(typeof json['signature']).toBe('string');
        expect((await sfApi(base, json['access_token'] as string, 'GET', '/limits')).status).toBe(200);
    });

    it.each([
        [{ client_secret: 'wrong' }, 'invalid_client'],
        [{ client_id: 'someone-else' }, 'invalid_client_id'],
        [{ grant_type: 'password' }, 'unsupported_grant_type'],
    ])('refuses client credentials with %j', async (override, error) => {
        const { status, json } = await tokenRequest(base, {
            grant_type: 'client_credentials',
            client_id: SF.clientId,
            client_secret: SF.clientSecret,
            ...override,
        });
        expect(status).toBe(400);
        expect(json['error']).toBe(error);
        expect(typeof json['error_description']).toBe('string');
    });

    it('requires a form-encoded body', async () => {
        const response = await fetch(`${base}/services/oauth2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ grant_type: 'client_credentials' }),
        });
        expect(response.status).toBe(400);
        expect(((await response.json()) as Record<string, unknown>)['error']).toBe('invalid_request');
    });

    it('issues a token for a valid JWT bearer assertion, running as the named user', async () => {
        const { status, json } = await tokenRequest(base, {
            grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
            assertion: jwtAssertion(jwtClaims()),
        });
        expect(status).toBe(200);
        expect(json['instance_url']).toBe(base);
        const me = await sfApi(
            base,
            json['access_token'] as string,
            'GET',
            `/sobjects/User/${fake.integrationUserId}?fields=Username`,
        );
        expect(me.json).toMatchObject({ Username: SF.username });
    });

    it.each([
        ['a signature from another key', { key: 'other' }, 'invalid_grant'],
        ['an expired assertion', { claims: { exp: Math.floor(Date.now() / 1000) - 10 } }, 'invalid_grant'],
        ['another audience', { claims: { aud: 'https://evil.example.com' } }, 'invalid_grant'],
        ['another issuer', { claims: { iss: 'not-the-client' } }, 'invalid_client_id'],
        ['another user', { claims: { sub: 'someone@example.com' } }, 'invalid_grant'],
    ] as const)('refuses a JWT with %s', async (_name, variant, error) => {
        const claims = jwtClaims('claims' in variant ? variant.claims : {});
        const assertion = 'key' in variant ? jwtAssertion(claims, otherKey) : jwtAssertion(claims);
        const { status, json } = await tokenRequest(base, {
            grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
            assertion,
        });
        expect(status).toBe(400);
        expect(json['error']).toBe(error);
    });
});

describe('sessions', () => {
    it('answers 401 INVALID_SESSION_ID without a token, after expireAllTokens and after the TTL', async () => {
        const none = await sfApi(base, 'nope', 'GET', '/limits');
        expect(none.status).toBe(401);
        expect(none.json).toEqual([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);

        const token = await clientCredentialsToken(base);
        expect((await sfApi(base, token, 'GET', '/limits')).status).toBe(200);
        fake.expireAllTokens();
        expect((await sfApi(base, token, 'GET', '/limits')).status).toBe(401);

        const fresh = await clientCredentialsToken(base);
        expect((await sfApi(base, fresh, 'GET', '/limits')).status).toBe(200);
        clock += 60_000;
        expect((await sfApi(base, fresh, 'GET', '/limits')).status).toBe(401);
    });

    it('lists versions without auth and 404s an unknown version', async () => {
        const versions = (await (await fetch(`${base}/services/data`)).json()) as Array<{
            version: string;
            url: string;
        }>;
        expect(versions.at(-1)).toEqual(expect.objectContaining({ version: '66.0', url: '/services/data/v66.0' }));
        const token = await clientCredentialsToken(base);
        const response = await fetch(`${base}/services/data/v99.0/limits`, {
            headers: { authorization: `Bearer ${token}` },
        });
        expect(response.status).toBe(404);
    });
});

describe('faults and call log', () => {
    it('injects a status by path regex, then behaves; records calls with the form body', async () => {
        const token = await clientCredentialsToken(base);
        fake.faults.inject({ path: '/sobjects/Case$', status: 503 });
        const failed = await sfApi(base, token, 'POST', '/sobjects/Case', { Subject: 'x' });
        expect(failed.status).toBe(503);
        expect(fake.records('Case')).toHaveLength(0);
        expect((await sfApi(base, token, 'POST', '/sobjects/Case', { Subject: 'x' })).status).toBe(201);
        expect(fake.calls[0]).toMatchObject({
            method: 'POST',
            path: '/services/oauth2/token',
            body: { grant_type: 'client_credentials' },
        });
        expect(fake.calls.at(-1)).toMatchObject({
            method: 'POST',
            path: '/services/data/v66.0/sobjects/Case',
            body: { Subject: 'x' },
        });
    });

    it('injects a custom body and a delay', async () => {
        fake.faults.inject({
            path: 'oauth2/token',
            status: 400,
            body: { error: 'invalid_grant', error_description: 'authentication failure' },
        });
        const { status, json } = await tokenRequest(base, {
            grant_type: 'client_credentials',
            client_id: SF.clientId,
            client_secret: SF.clientSecret,
        });
        expect(status).toBe(400);
        expect(json['error_description']).toBe('authentication failure');
        fake.faults.inject({ path: '*', delayMs: 250 });
        const started = Date.now();
        await clientCredentialsToken(base);
        expect(Date.now() - started).toBeGreaterThanOrEqual(230);
    });
});

describe('mounting', () => {
    it('derives instance_url from the host and the plugin prefix', async () => {
        const host = Fastify();
        const mounted = createFakeSalesforce({ clientId: SF.clientId, clientSecret: SF.clientSecret });
        await host.register(mounted.plugin, { prefix: '/sandbox/salesforce' });
        await host.listen({ port: 0, host: '127.0.0.1' });
        try {
            const url = `http://127.0.0.1:${(host.server.address() as { port: number }).port}/sandbox/salesforce`;
            const { json } = await tokenRequest(url, {
                grant_type: 'client_credentials',
                client_id: SF.clientId,
                client_secret: SF.clientSecret,
            });
            expect(json['instance_url']).toBe(url);
            const created = await sfApi(url, json['access_token'] as string, 'POST', '/sobjects/Contact', {
                LastName: 'Lovelace',
            });
            expect(created.status).toBe(201);
            expect(mounted.calls.at(-1)!.path).toBe('/services/data/v66.0/sobjects/Contact');
        } finally {
            await host.close();
        }
    });
});
