/** MESSAGING_* and TENCENT_CALLBACK_* settings: off unless configured, every problem named, no secret echoed. */
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { configProblems } from './helpers/live-config.js';

const key = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
}).privateKey;

const live = {
    TENCENT_SDK_APP_ID: '1400000001',
    TENCENT_SECRET_KEY: 'secret-value-do-not-print',
    SF_LOGIN_URL: 'https://acme.my.salesforce.com',
    SF_AUTH_FLOW: 'jwt',
    SF_CLIENT_ID: 'cid',
    SF_USERNAME: 'integration@acme.example',
    SF_PRIVATE_KEY: key,
    RELAY_API_KEY: 'k'.repeat(32),
};
const messaging = {
    MESSAGING_ENABLED: 'true',
    MESSAGING_SCRT_URL: 'https://acme.my.salesforce-scrt.com',
    MESSAGING_ORG_ID: '00D5g000004ABCDEA2',
    MESSAGING_AUTHORIZATION_CONTEXT: 'Tim_Tencent_Chat_Channel',
    MESSAGING_CHANNEL_ADDRESS_ID: 'b0ffeafe-0d89-4338-b14a-172ad203f22a',
    MESSAGING_SERVICE_USER_ID: 'support',
    MESSAGING_REPLAY_FILE: '/var/lib/relay/replay-id',
    TENCENT_CALLBACK_TOKEN: 'c'.repeat(40),
};

const problems = configProblems;

describe('messaging configuration', () => {
    it('is off unless MESSAGING_ENABLED=true, and the callback receiver is off without a token', () => {
        const c = loadConfig(live);
        expect(c.messaging).toBeNull();
        expect(c.callbacks).toBeNull();
    });

    it('loads a complete configuration with defaults, reusing the SF_* connected app', () => {
        const c = loadConfig({ ...live, ...messaging });
        expect(c.messaging).toMatchObject({
            scrtUrl: 'https://acme.my.salesforce-scrt.com',
            event: { name: 'Tim_Messaging_Event__e', typeField: 'Event_Type__c', payloadField: 'Payload__c' },
            pubsubUrl: 'https://api.pubsub.salesforce.com:7443',
            auth: {
                loginUrl: 'https://acme.my.salesforce.com',
                clientId: 'cid',
                username: 'integration@acme.example',
                jwtAudience: 'https://login.salesforce.com',
            },
            startAt: 'LATEST',
        });
        expect(c.callbacks).toEqual({ token: 'c'.repeat(40), signToken: '', maxSkewSeconds: 60 });
    });

    it('names every bad setting and never prints a secret', () => {
        const found = problems({
            ...live,
            ...messaging,
            MESSAGING_SCRT_URL: 'http://acme.example.com',
            MESSAGING_ORG_ID: '001000000000001',
            MESSAGING_SERVICE_USER_ID: 'has spaces',
            MESSAGING_REPLAY_FILE: '',
            MESSAGING_PUBSUB_URL: 'https://api.pubsub.salesforce.com',
            TENCENT_CALLBACK_TOKEN: 'short-secret-value',
        });
        const text = found.join('\n');
        for (const name of [
            'MESSAGING_SCRT_URL',
            'MESSAGING_ORG_ID',
            'MESSAGING_SERVICE_USER_ID',
            'MESSAGING_REPLAY_FILE',
            'MESSAGING_PUBSUB_URL',
            'TENCENT_CALLBACK_TOKEN',
        ])
            expect(text).toContain(name);
        expect(text).not.toContain('short-secret-value');
        expect(text).not.toContain('secret-value-do-not-print');
    });

    it('needs no replay file when Redis holds the position, and needs the callback token for the mode', () => {
        expect(
            problems({ ...live, ...messaging, MESSAGING_REPLAY_FILE: '', REDIS_URL: 'redis://127.0.0.1:6379' }),
        ).toEqual([]);
        const noToken: Record<string, string> = { ...live, ...messaging };
        delete noToken['TENCENT_CALLBACK_TOKEN'];
        expect(problems(noToken).join('\n')).toContain('TENCENT_CALLBACK_TOKEN is required');
    });
});
