/** A complete live-relay environment for config tests, and the problems loadConfig reports for an environment. */
import { expect } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

export const LIVE_ENV: Readonly<Record<string, string>> = {
    TENCENT_SDK_APP_ID: '1400000001',
    TENCENT_SECRET_KEY: 'secret-value-do-not-print',
    SF_LOGIN_URL: 'https://acme.my.salesforce.com',
    SF_AUTH_FLOW: 'client_credentials',
    SF_CLIENT_ID: 'cid',
    SF_CLIENT_SECRET: 'csecret-do-not-print',
    RELAY_API_KEY: 'k'.repeat(32),
};

export function configProblems(env: Record<string, string>): string[] {
    try {
        loadConfig(env);
    } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems;
    }
    return [];
}
