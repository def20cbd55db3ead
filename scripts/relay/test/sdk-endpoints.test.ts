import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { configProblems, LIVE_ENV } from './helpers/live-config.js';
import { useHarness, fakeId, ALLOWED_ORIGIN } from './helpers/harness.js';

const live = LIVE_ENV;

const problems = configProblems;

describe('Web SDK proxy settings', () => {
    it('are absent unless configured', () => {
        expect(loadConfig(live).tencent?.sdkEndpoints).toEqual({});
    });

    it('reads TENCENT_SDK_PROXY_SERVER / _FILE_UPLOAD_PROXY / _FILE_DOWNLOAD_PROXY', () => {
        const c = loadConfig({
            ...live,
            TENCENT_SDK_PROXY_SERVER: 'wss://im-proxy.example.com/',
            TENCENT_SDK_FILE_UPLOAD_PROXY: 'https://files-proxy.example.com/up',
            TENCENT_SDK_FILE_DOWNLOAD_PROXY: 'https://files-proxy.example.com/down',
        });
        expect(c.tencent?.sdkEndpoints).toEqual({
            proxyServer: 'wss://im-proxy.example.com',
            fileUploadProxy: 'https://files-proxy.example.com/up',
            fileDownloadProxy: 'https://files-proxy.example.com/down',
        });
    });

    it('refuses insecure, malformed or credential-carrying URLs, naming the variable', () => {
        expect(
            problems({
                ...live,
                TENCENT_SDK_PROXY_SERVER: 'ws://im-proxy.example.com',
                TENCENT_SDK_FILE_UPLOAD_PROXY: 'not a url',
                TENCENT_SDK_FILE_DOWNLOAD_PROXY: 'https://user:pass@files.example.com',
            }),
        ).toEqual(
            expect.arrayContaining([
                'TENCENT_SDK_PROXY_SERVER must be a wss:// URL (ws:// only on loopback)',
                'TENCENT_SDK_FILE_UPLOAD_PROXY is not a URL',
                'TENCENT_SDK_FILE_DOWNLOAD_PROXY must not contain credentials',
            ]),
        );
        expect(problems({ ...live, TENCENT_SDK_PROXY_SERVER: 'ws://127.0.0.1:8080' })).toEqual([]);
    });
});

describe('the session and ticket routes hand the endpoints out beside the UserSig', () => {
    const h = useHarness();
    const endpoints = {
        proxyServer: 'wss://im-proxy.example.com',
        fileUploadProxy: 'https://files-proxy.example.com',
        fileDownloadProxy: 'https://files-proxy.example.com',
    };
    afterEach(() => {
        delete h.settings.tencent.sdkEndpoints;
    });

    it('POST /v1/agents/session', async () => {
        const without = await h.request('POST', '/v1/agents/session', { body: { userId: fakeId('005', 1) } });
        expect(without.json).not.toHaveProperty('proxyServer');
        h.settings.tencent.sdkEndpoints = endpoints;
        const withProxy = await h.request('POST', '/v1/agents/session', { body: { userId: fakeId('005', 1) } });
        expect(withProxy.status).toBe(200);
        expect(withProxy.json).toMatchObject({ ...endpoints, userSig: expect.any(String) });
    });

    it('POST /v1/tickets', async () => {
        h.settings.tencent.sdkEndpoints = endpoints;
        const res = await h.request('POST', '/v1/tickets', {
            auth: false,
            headers: { origin: ALLOWED_ORIGIN },
            body: { name: 'Pat Customer', email: 'pat@example.com', subject: 'Help' },
        });
        expect(res.status).toBe(201);
        expect(res.json).toMatchObject({ ...endpoints, userSig: expect.any(String) });
    });
});
