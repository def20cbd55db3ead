/**
 * CreateSDKLoginToken through the official Tencent Cloud Node SDK (the ccc client only), TC3-signed with the relay's
 * SecretId/SecretKey. Errors come back as TcccApiError (Tencent's code and RequestId, never a secret) or
 * TcccTimeoutError. An endpoint on a `.localhost` name (RFC 6761: always loopback) is reached over plain http on
 * 127.0.0.1: that is how the sandbox and the tests point the SDK at the fake, and the SDK still derives the
 * signature's service from the first label (`ccc.localhost:PORT` signs for `ccc`).
 */
import http from 'node:http';
import type { LookupFunction } from 'node:net';
import { v20200210 } from 'tencentcloud-sdk-nodejs/tencentcloud/services/ccc/v20200210/index.js';

export interface TcccClientConfig {
    secretId: string;
    secretKey: string;
    region: string;
    /** host[:port], default ccc.tencentcloudapi.com */
    endpoint: string;
    sdkAppId: number;
}

export interface SdkLoginToken {
    token: string;
    /** epoch ms */
    expiresAt: number;
    sdkUrl: string;
    requestId: string;
}

export class TcccApiError extends Error {
    override readonly name = 'TcccApiError';
    constructor(
        readonly code: string,
        message: string,
        readonly requestId: string,
    ) {
        super(message);
    }
}

export class TcccTimeoutError extends Error {
    override readonly name = 'TcccTimeoutError';
    constructor() {
        super('Tencent Cloud Contact Center did not answer in time');
    }
}

/** True for a `.localhost` host name (optionally with a port). */
export const isLocalhostEndpoint = (endpoint: string) =>
    /^[a-z0-9-]+(\.[a-z0-9-]+)*\.localhost(:\d{1,5})?$/i.test(endpoint);

const loopbackLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all)
        (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
            { address: '127.0.0.1', family: 4 },
        ]);
    else callback(null, '127.0.0.1', 4);
};

interface SdkError {
    code?: string;
    message?: string;
    requestId?: string;
    name?: string;
    type?: string;
}

export class TcccClient {
    private readonly client: InstanceType<typeof v20200210.Client>;

    constructor(private readonly config: TcccClientConfig) {
        const local = isLocalhostEndpoint(config.endpoint);
        this.client = new v20200210.Client({
            credential: { secretId: config.secretId, secretKey: config.secretKey },
            region: config.region,
            profile: {
                httpProfile: {
                    endpoint: config.endpoint,
                    protocol: local ? 'http://' : 'https://',
                    reqTimeout: 30,
                    ...(local ? { agent: new http.Agent({ lookup: loopbackLookup }) } : {}),
                },
            },
        });
    }

    /** A login token for one seat; `timeoutMs` bounds the call (the request's deadline). */
    async createSdkLoginToken(seatUserId: string, timeoutMs: number): Promise<SdkLoginToken> {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), Math.max(1, timeoutMs));
        try {
            const r: unknown = await this.client.request(
                'CreateSDKLoginToken',
                { SdkAppId: this.config.sdkAppId, SeatUserId: seatUserId },
                { signal: controller.signal },
            );
            const res = r as { Token?: unknown; ExpiredTime?: unknown; SdkURL?: unknown; RequestId?: unknown };
            const requestId = typeof res.RequestId === 'string' ? res.RequestId : '';
            if (
                typeof res.Token !== 'string' ||
                res.Token === '' ||
                typeof res.SdkURL !== 'string' ||
                typeof res.ExpiredTime !== 'number'
            )
                throw new TcccApiError(
                    'InvalidResponse',
                    'CreateSDKLoginToken answered without Token/SdkURL/ExpiredTime',
                    requestId,
                );
            return { token: res.Token, sdkUrl: res.SdkURL, expiresAt: res.ExpiredTime * 1000, requestId };
        } catch (err) {
            if (err instanceof TcccApiError) throw err;
            if (controller.signal.aborted) throw new TcccTimeoutError();
            const e = (err ?? {}) as SdkError;
            if (typeof e.code === 'string' && e.code !== '')
                throw new TcccApiError(e.code, String(e.message ?? ''), String(e.requestId ?? ''));
            throw new TcccApiError(
                'NetworkError',
                'Tencent Cloud Contact Center could not be reached',
                String(e.requestId ?? ''),
            );
        } finally {
            clearTimeout(timer);
        }
    }
}
