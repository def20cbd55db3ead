import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { loadSandboxHttpConfig } from '../../sandbox/sandbox-config.js';
import { ConfigError } from '../src/config.js';
import { LIVE_ENV, configProblems } from './helpers/live-config.js';

const VOICE_ENV = {
    TENCENTCLOUD_SECRET_ID: 'AKIDabcdefghijklmnop0123456789',
    TENCENTCLOUD_SECRET_KEY: 'tccc-secret-do-not-print',
    TCCC_SDK_APP_ID: '1400000099',
    TCCC_REGION: 'ap-singapore',
    RELAY_PUBLIC_URL: 'https://relay.example.com',
    VOICE_CONSOLE_ORIGINS: 'https://acme.lightning.force.com',
};

describe('voice configuration (TENCENTCLOUD_* / TCCC_* / VOICE_*)', () => {
    it('is off without any of the four required settings', () => {
        expect(loadConfig({ ...LIVE_ENV }).voice).toBeNull();
    });

    it('reads a complete voice setup with its defaults', () => {
        expect(loadConfig({ ...LIVE_ENV, ...VOICE_ENV }).voice).toEqual({
            secretId: VOICE_ENV.TENCENTCLOUD_SECRET_ID,
            secretKey: VOICE_ENV.TENCENTCLOUD_SECRET_KEY,
            sdkAppId: 1400000099,
            region: 'ap-singapore',
            endpoint: 'ccc.tencentcloudapi.com',
            seatUserField: 'Email',
            publicBaseUrl: 'https://relay.example.com',
            consoleOrigins: ['https://acme.lightning.force.com'],
            sdkScriptOrigins: ['https://*.cdn-go.cn'],
            sdkConnectOrigins: expect.arrayContaining(['wss://*.tencentcloudapi.com']),
        });
    });

    it('refuses a partial setup, naming what is missing and never a secret', () => {
        const problems = configProblems({
            ...LIVE_ENV,
            TENCENTCLOUD_SECRET_KEY: 'tccc-secret-do-not-print',
            TCCC_REGION: 'ap-singapore',
        });
        const voice = problems.find((p) => p.startsWith('Voice is partly configured'));
        expect(voice).toContain('TENCENTCLOUD_SECRET_ID, TCCC_SDK_APP_ID are missing');
        expect(problems.join('\n')).not.toContain('tccc-secret-do-not-print');
    });

    it('validates each setting', () => {
        const problems = configProblems({
            ...LIVE_ENV,
            ...VOICE_ENV,
            TCCC_SDK_APP_ID: 'abc',
            TCCC_REGION: 'Singapore!',
            TCCC_ENDPOINT: 'https://ccc.tencentcloudapi.com/',
            TCCC_SEAT_USER_FIELD: 'Email; DROP',
            RELAY_PUBLIC_URL: 'http://relay.example.com/path',
            VOICE_CONSOLE_ORIGINS: 'https://*.force.com',
            TCCC_SDK_SCRIPT_ORIGINS: "'unsafe-inline'",
        }).join('\n');
        for (const key of [
            'TCCC_SDK_APP_ID',
            'TCCC_REGION',
            'TCCC_ENDPOINT',
            'TCCC_SEAT_USER_FIELD',
            'RELAY_PUBLIC_URL',
            'VOICE_CONSOLE_ORIGINS',
            'TCCC_SDK_SCRIPT_ORIGINS',
        ])
            expect(problems).toContain(key);
    });

    it('takes the console origins from CORS_ORIGINS when VOICE_CONSOLE_ORIGINS is unset, and requires one', () => {
        const env: Record<string, string> = { ...LIVE_ENV, ...VOICE_ENV, VOICE_CONSOLE_ORIGINS: '' };
        expect(configProblems(env).join('\n')).toContain('VOICE_CONSOLE_ORIGINS is required');
        expect(loadConfig({ ...env, CORS_ORIGINS: 'https://acme.lightning.force.com' }).voice?.consoleOrigins).toEqual([
            'https://acme.lightning.force.com',
        ]);
    });

    it('accepts a custom seat field and a local fake endpoint', () => {
        const voice = loadConfig({
            ...LIVE_ENV,
            ...VOICE_ENV,
            TCCC_SEAT_USER_FIELD: 'Tccc_Seat__c',
            TCCC_ENDPOINT: 'ccc.localhost:4010',
        }).voice;
        expect(voice).toMatchObject({ seatUserField: 'Tccc_Seat__c', endpoint: 'ccc.localhost:4010' });
    });

    it('keeps the sandbox away from real Tencent Cloud credentials', () => {
        expect(() => loadSandboxHttpConfig({ TENCENTCLOUD_SECRET_ID: 'AKIDreal' })).toThrow(ConfigError);
    });
});
