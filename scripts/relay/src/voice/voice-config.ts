/**
 * Voice (Tencent Cloud Contact Center) settings, validated apart from the rest of the relay's configuration. Voice is
 * optional: with none of the four required settings it is off (the voice routes answer 503 VOICE_NOT_CONFIGURED); with
 * some but not all of them the live relay refuses to start, naming what is missing. Problems are returned (never
 * thrown) so config.ts reports them with its own; no message contains a secret value.
 */
import { isHttpUrl } from '../config.js';

export interface VoiceConfig {
    /** Tencent Cloud API credentials (CAM) for CreateSDKLoginToken */
    secretId: string;
    secretKey: string;
    /** the TCCC application (SdkAppId) */
    sdkAppId: number;
    /** Tencent Cloud region, e.g. ap-singapore */
    region: string;
    /** the ccc API host[:port]; a `.localhost` name reaches a local fake over http */
    endpoint: string;
    /** the Salesforce User field that holds each agent's TCCC seat (SeatUserId) */
    seatUserField: string;
    /** where browsers reach this relay (the phone page URL is built on it), e.g. https://relay.example.com */
    publicBaseUrl: string;
    /** exact origins allowed to frame the phone page and talk to it (the Lightning console) */
    consoleOrigins: string[];
    /** CSP sources the TCCC agent SDK script is loaded from */
    sdkScriptOrigins: string[];
    /** CSP sources the TCCC agent SDK connects to / frames / plays media from (besides its script origins) */
    sdkConnectOrigins: string[];
}

/** Tencent's CDN for the agent SDK (the SdkURL host in Tencent's example answer is a *.cdn-go.cn name). */
export const DEFAULT_SDK_SCRIPT_ORIGINS = ['https://*.cdn-go.cn'];
/** Hosts the agent SDK talks to (UNVERIFIED against a real account: set TCCC_SDK_CONNECT_ORIGINS for yours). */
export const DEFAULT_SDK_CONNECT_ORIGINS = [
    'https://*.tencentcloudapi.com',
    'wss://*.tencentcloudapi.com',
    'https://*.qcloud.com',
    'wss://*.qcloud.com',
    'https://*.tencent-cloud.com',
    'wss://*.tencent-cloud.com',
];
export const DEFAULT_TCCC_ENDPOINT = 'ccc.tencentcloudapi.com';
export const REQUIRED_VOICE_SETTINGS = [
    'TENCENTCLOUD_SECRET_ID',
    'TENCENTCLOUD_SECRET_KEY',
    'TCCC_SDK_APP_ID',
    'TCCC_REGION',
] as const;

type Env = Record<string, string | undefined>;
const str = (env: Env, key: string) => (env[key] ?? '').trim();
const list = (raw: string) =>
    raw
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter((s) => s !== '');

/** A Salesforce field API name (standard or custom). */
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}(?:__c)?$/;
const REGION = /^[a-z]{2,4}-[a-z]+(?:-[a-z0-9]+)*$/;
const ENDPOINT = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d{1,5})?$/i;
/** A CSP host source: https://host, https://*.host (plain http / ws only on loopback, for the fakes). */
const CSP_SOURCE = /^(?:https|wss):\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?$/i;
const LOOPBACK_SOURCE = /^(?:http|ws):\/\/(?:127\.0\.0\.1|localhost)(?::\d{1,5})?$/;

/** An exact origin (scheme://host[:port]) or null. */
export function exactOrigin(value: string): string | null {
    if (value.includes('*')) return null;
    try {
        const u = new URL(value);
        if (!/^https?:$/.test(u.protocol) || u.origin !== value.replace(/\/$/, '')) return null;
        return u.origin;
    } catch {
        return null;
    }
}

function cspSources(env: Env, key: string, fallback: string[], problems: string[]): string[] {
    const raw = str(env, key);
    if (raw === '') return fallback;
    const sources = list(raw);
    for (const s of sources)
        if (!CSP_SOURCE.test(s) && !LOOPBACK_SOURCE.test(s)) {
            problems.push(
                `${key} entry "${s.slice(0, 80)}" must be a source like https://cdn.example.com or https://*.example.com`,
            );
            break;
        }
    return sources;
}

/** TENCENTCLOUD_* / TCCC_* / VOICE_* settings, or null when voice is off. */
export function loadVoiceConfig(env: Env, problems: string[], corsOrigins: string[]): VoiceConfig | null {
    const present = REQUIRED_VOICE_SETTINGS.filter((k) => str(env, k) !== '');
    if (present.length === 0) return null;
    const missing = REQUIRED_VOICE_SETTINGS.filter((k) => str(env, k) === '');
    if (missing.length > 0)
        problems.push(
            `Voice is partly configured: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (set all of ${REQUIRED_VOICE_SETTINGS.join(', ')}, or none to turn voice off)`,
        );

    const secretId = str(env, 'TENCENTCLOUD_SECRET_ID');
    if (secretId !== '' && !/^[A-Za-z0-9]{8,128}$/.test(secretId))
        problems.push('TENCENTCLOUD_SECRET_ID must be a Tencent Cloud SecretId (letters and digits, e.g. AKID…)');
    const secretKey = str(env, 'TENCENTCLOUD_SECRET_KEY');
    const appIdRaw = str(env, 'TCCC_SDK_APP_ID');
    const sdkAppId = Number(appIdRaw);
    if (appIdRaw !== '' && (!/^\d{1,10}$/.test(appIdRaw) || sdkAppId <= 0 || sdkAppId > 0xffffffff))
        problems.push('TCCC_SDK_APP_ID must be a positive integer (the TCCC application id, e.g. 1400000000)');
    const region = str(env, 'TCCC_REGION');
    if (region !== '' && !REGION.test(region))
        problems.push('TCCC_REGION must be a Tencent Cloud region such as ap-singapore or ap-guangzhou');
    const endpoint = str(env, 'TCCC_ENDPOINT') || DEFAULT_TCCC_ENDPOINT;
    if (!ENDPOINT.test(endpoint))
        problems.push(
            'TCCC_ENDPOINT must be a host name such as ccc.tencentcloudapi.com or ccc.intl.tencentcloudapi.com (no scheme, no path)',
        );
    const seatUserField = str(env, 'TCCC_SEAT_USER_FIELD') || 'Email';
    if (!FIELD_NAME.test(seatUserField))
        problems.push('TCCC_SEAT_USER_FIELD must be a User field API name (e.g. Email or Tccc_Seat__c)');

    const publicBaseUrl = str(env, 'RELAY_PUBLIC_URL').replace(/\/+$/, '');
    if (publicBaseUrl === '')
        problems.push(
            'RELAY_PUBLIC_URL is required with voice (the https:// address browsers reach this relay at; the phone page is served there)',
        );
    else if (!isHttpUrl(publicBaseUrl, true) || exactOrigin(publicBaseUrl) === null)
        problems.push('RELAY_PUBLIC_URL must be an https:// origin such as https://relay.example.com (no path)');

    const rawOrigins = str(env, 'VOICE_CONSOLE_ORIGINS');
    const consoleOrigins: string[] = [];
    for (const o of rawOrigins === '' ? corsOrigins : list(rawOrigins)) {
        const origin = exactOrigin(o);
        if (origin === null) {
            problems.push(
                `VOICE_CONSOLE_ORIGINS entry "${o.slice(0, 80)}" must be an exact origin like https://acme.lightning.force.com`,
            );
            break;
        }
        consoleOrigins.push(origin);
    }
    if (consoleOrigins.length === 0)
        problems.push(
            'VOICE_CONSOLE_ORIGINS is required with voice (the Lightning origins that frame the phone, e.g. https://acme.lightning.force.com); CORS_ORIGINS is used when it is unset',
        );

    return {
        secretId,
        secretKey,
        sdkAppId,
        region,
        endpoint,
        seatUserField,
        publicBaseUrl,
        consoleOrigins,
        sdkScriptOrigins: cspSources(env, 'TCCC_SDK_SCRIPT_ORIGINS', DEFAULT_SDK_SCRIPT_ORIGINS, problems),
        sdkConnectOrigins: cspSources(env, 'TCCC_SDK_CONNECT_ORIGINS', DEFAULT_SDK_CONNECT_ORIGINS, problems),
    };
}
