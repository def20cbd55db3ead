/**
 * Where the agent's and the customer's Tencent Chat Web SDK connect, for deployments whose browsers reach Tencent
 * through their own proxy (and for the sandbox, whose SDKs talk to the fake's gateway). Passed to the SDK's documented
 * `create({ proxyServer, fileUploadProxy, fileDownloadProxy })` options. Absent = Tencent's own endpoints.
 */
export interface SdkEndpoints {
    /** WebSocket server the SDK connects to instead of Tencent's (wss://; ws:// only on loopback). */
    proxyServer?: string;
    /** Origin (+ path) uploads go to instead of Tencent's COS host (https://; http:// only on loopback). */
    fileUploadProxy?: string;
    /** Origin (+ path) files are shown from instead of Tencent's COS host (https://; http:// only on loopback). */
    fileDownloadProxy?: string;
}

export const SDK_ENDPOINT_ENV = {
    proxyServer: 'TENCENT_SDK_PROXY_SERVER',
    fileUploadProxy: 'TENCENT_SDK_FILE_UPLOAD_PROXY',
    fileDownloadProxy: 'TENCENT_SDK_FILE_DOWNLOAD_PROXY',
} as const satisfies Record<keyof SdkEndpoints, string>;

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The problem with one endpoint URL, or null when it is usable. */
export function sdkEndpointProblem(key: keyof SdkEndpoints, value: string): string | null {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return 'is not a URL';
    }
    const [secure, plain] = key === 'proxyServer' ? ['wss:', 'ws:'] : ['https:', 'http:'];
    if (url.protocol !== secure && !(url.protocol === plain && LOOPBACK.has(url.hostname)))
        return `must be a ${secure}// URL (${plain}// only on loopback)`;
    if (url.username || url.password) return 'must not contain credentials';
    if (url.search || url.hash) return 'must not have a query or fragment';
    return null;
}

/** Reads the three settings from the environment; problems name the variable. */
export function readSdkEndpoints(env: Record<string, string | undefined>): {
    endpoints: SdkEndpoints;
    problems: string[];
} {
    const endpoints: SdkEndpoints = {};
    const problems: string[] = [];
    for (const key of Object.keys(SDK_ENDPOINT_ENV) as Array<keyof SdkEndpoints>) {
        const name = SDK_ENDPOINT_ENV[key];
        const value = (env[name] ?? '').trim().replace(/\/+$/, '');
        if (value === '') continue;
        const problem = sdkEndpointProblem(key, value);
        if (problem) problems.push(`${name} ${problem}`);
        else endpoints[key] = value;
    }
    return { endpoints, problems };
}

/** OpenAPI/JSON schema properties of the endpoints, for responses that carry them beside a UserSig. */
export const sdkEndpointProperties = {
    proxyServer: { type: 'string', description: 'Set when the relay is configured with TENCENT_SDK_PROXY_SERVER' },
    fileUploadProxy: { type: 'string', description: 'Set when configured with TENCENT_SDK_FILE_UPLOAD_PROXY' },
    fileDownloadProxy: { type: 'string', description: 'Set when configured with TENCENT_SDK_FILE_DOWNLOAD_PROXY' },
} as const;
