/**
 * Settings of the Salesforce Messaging mode (Bring Your Own Channel) and of the Tencent callback receiver, validated
 * apart from the rest of the relay's configuration. The mode is off unless MESSAGING_ENABLED=true; the callback
 * receiver is on whenever TENCENT_CALLBACK_TOKEN is set. Problems are returned (never thrown) so config.ts reports them
 * together with its own; no message contains a secret value.
 */
import { readFileSync } from 'node:fs';
import { defaultJwtAudience, isHttpUrl } from '../config.js';

export type ReplayStart = 'LATEST' | 'EARLIEST';

export interface MessagingConfig {
    /** https://<my-domain>.my.salesforce-scrt.com (the Interaction Service API host) */
    scrtUrl: string;
    /** 00D… org id (OrgId header, Pub/Sub tenantid) */
    orgId: string;
    /** developer name of the ConversationChannelDefinition (AuthorizationContext header) */
    authorizationContext: string;
    /** the Messaging channel's address identifier (`to` of every interaction) */
    channelAddressId: string;
    /** Tencent UserID customers write to (the support account) */
    serviceUserId: string;
    event: { name: string; typeField: string; payloadField: string };
    /** Pub/Sub API endpoint, https://host:port (http:// only on loopback, for the fakes) */
    pubsubUrl: string;
    /** JWT bearer flow of the connected app that holds the interaction_api scope */
    auth: { loginUrl: string; clientId: string; username: string; privateKeyPem: string; jwtAudience: string };
    /** where the replay position is kept when REDIS_URL is not set (single replica only) */
    replayFile: string;
    /** where a subscription starts when no position was stored yet */
    startAt: ReplayStart;
    /** storage hosts customer files may be downloaded from (".suffix" or exact host) */
    attachmentHosts: string[];
    /** exact http origins also allowed (only the sandbox's loopback fake) */
    attachmentLoopbackOrigins?: string[];
    /** tuning, mostly for tests */
    tuning?: { leaseTtlMs?: number; reconnectBaseMs?: number; batchSize?: number; backoffBaseMs?: number };
}

/** Tencent's object storage hosts (region dependent, UNVERIFIED list: set MESSAGING_ATTACHMENT_HOSTS for yours). */
export const DEFAULT_ATTACHMENT_HOSTS = ['.myqcloud.com', '.qcloud.com', '.tencentcos.cn', '.tencent-cloud.com'];

export interface CallbackConfig {
    /** the secret the registered callback URL carries as `?token=` (only Tencent knows the URL) */
    token: string;
    /** Tencent's callback authentication token; when set, Sign + RequestTime are required and checked */
    signToken: string;
    /** largest accepted clock difference for RequestTime / EventTime */
    maxSkewSeconds: number;
}

type Env = Record<string, string | undefined>;
const str = (env: Env, key: string) => (env[key] ?? '').trim();

const ORG_ID = /^00D[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;
const DEV_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const TENCENT_USER_ID = /^[A-Za-z0-9_-]{1,32}$/;
const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}__e$/;
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}__c$/;
const ADDRESS_ID = /^[A-Za-z0-9-]{1,240}$/;

/** MESSAGING_* settings, or null when the mode is off. */
export function loadMessagingConfig(env: Env, problems: string[]): MessagingConfig | null {
    const enabled = str(env, 'MESSAGING_ENABLED') || 'false';
    if (!['true', 'false'].includes(enabled)) problems.push('MESSAGING_ENABLED must be true or false');
    if (enabled !== 'true') return null;

    const scrtUrl = str(env, 'MESSAGING_SCRT_URL').replace(/\/+$/, '');
    if (!isHttpUrl(scrtUrl, true))
        problems.push('MESSAGING_SCRT_URL must be your https://<my-domain>.my.salesforce-scrt.com URL');
    const orgId = str(env, 'MESSAGING_ORG_ID');
    if (!ORG_ID.test(orgId)) problems.push('MESSAGING_ORG_ID must be the 15- or 18-character org id (00D…)');
    const authorizationContext = str(env, 'MESSAGING_AUTHORIZATION_CONTEXT');
    if (!DEV_NAME.test(authorizationContext))
        problems.push('MESSAGING_AUTHORIZATION_CONTEXT must be the ConversationChannelDefinition developer name');
    const channelAddressId = str(env, 'MESSAGING_CHANNEL_ADDRESS_ID');
    if (!ADDRESS_ID.test(channelAddressId))
        problems.push('MESSAGING_CHANNEL_ADDRESS_ID must be the Messaging channel address identifier');
    const serviceUserId = str(env, 'MESSAGING_SERVICE_USER_ID');
    if (!TENCENT_USER_ID.test(serviceUserId))
        problems.push('MESSAGING_SERVICE_USER_ID must be 1-32 characters [A-Za-z0-9_-] (the support account UserID)');
    const event = {
        name: str(env, 'MESSAGING_PLATFORM_EVENT') || 'Tim_Messaging_Event__e',
        typeField: str(env, 'MESSAGING_EVENT_TYPE_FIELD') || 'Event_Type__c',
        payloadField: str(env, 'MESSAGING_EVENT_PAYLOAD_FIELD') || 'Payload__c',
    };
    if (!EVENT_NAME.test(event.name))
        problems.push('MESSAGING_PLATFORM_EVENT must be a platform event API name (…__e)');
    if (!FIELD_NAME.test(event.typeField) || !FIELD_NAME.test(event.payloadField))
        problems.push(
            'MESSAGING_EVENT_TYPE_FIELD and MESSAGING_EVENT_PAYLOAD_FIELD must be custom field API names (…__c)',
        );
    const pubsubUrl = (str(env, 'MESSAGING_PUBSUB_URL') || 'https://api.pubsub.salesforce.com:7443').replace(
        /\/+$/,
        '',
    );
    if (!isHttpUrl(pubsubUrl, true) || !/:\d+$/.test(pubsubUrl))
        problems.push(
            'MESSAGING_PUBSUB_URL must be https://host:port (default https://api.pubsub.salesforce.com:7443)',
        );

    const loginUrl = (str(env, 'MESSAGING_SF_LOGIN_URL') || str(env, 'SF_LOGIN_URL')).replace(/\/+$/, '');
    if (!isHttpUrl(loginUrl, true)) problems.push('MESSAGING_SF_LOGIN_URL (or SF_LOGIN_URL) must be an https:// URL');
    const clientId = str(env, 'MESSAGING_SF_CLIENT_ID') || str(env, 'SF_CLIENT_ID');
    if (clientId === '') problems.push('MESSAGING_SF_CLIENT_ID (or SF_CLIENT_ID) is required');
    const username = str(env, 'MESSAGING_SF_USERNAME') || str(env, 'SF_USERNAME');
    if (username === '') problems.push('MESSAGING_SF_USERNAME (or SF_USERNAME) is required');
    let privateKeyPem = (env['MESSAGING_SF_PRIVATE_KEY'] || env['SF_PRIVATE_KEY'] || '').replace(/\\n/g, '\n').trim();
    const keyFile = str(env, 'MESSAGING_SF_PRIVATE_KEY_FILE') || str(env, 'SF_PRIVATE_KEY_FILE');
    if (privateKeyPem === '' && keyFile !== '') {
        try {
            privateKeyPem = readFileSync(keyFile, 'utf8').trim();
        } catch {
            problems.push('MESSAGING_SF_PRIVATE_KEY_FILE (or SF_PRIVATE_KEY_FILE) cannot be read');
        }
    }
    if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(privateKeyPem))
        problems.push('MESSAGING_SF_PRIVATE_KEY (or SF_PRIVATE_KEY / a key file) must be a PEM private key');
    const jwtAudience = str(env, 'MESSAGING_SF_JWT_AUDIENCE') || defaultJwtAudience(loginUrl);

    const replayFile = str(env, 'MESSAGING_REPLAY_FILE');
    if (str(env, 'REDIS_URL') === '' && replayFile === '')
        problems.push(
            'MESSAGING_REPLAY_FILE is required when REDIS_URL is not set (a file on persistent disk; one relay replica only)',
        );
    const startAt = (str(env, 'MESSAGING_START_AT') || 'LATEST') as ReplayStart;
    if (!['LATEST', 'EARLIEST'].includes(startAt)) problems.push('MESSAGING_START_AT must be LATEST or EARLIEST');
    const hostsRaw = str(env, 'MESSAGING_ATTACHMENT_HOSTS');
    const attachmentHosts =
        hostsRaw === ''
            ? DEFAULT_ATTACHMENT_HOSTS
            : hostsRaw
                  .split(',')
                  .map((h) => h.trim().toLowerCase())
                  .filter((h) => h !== '');
    if (!attachmentHosts.every((h) => /^\.?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(h)))
        problems.push('MESSAGING_ATTACHMENT_HOSTS must list host names or .suffixes, comma separated');
    if (str(env, 'TENCENT_CALLBACK_TOKEN') === '')
        problems.push(
            'TENCENT_CALLBACK_TOKEN is required with MESSAGING_ENABLED=true (customer messages arrive by callback)',
        );

    return {
        scrtUrl,
        orgId,
        authorizationContext,
        channelAddressId,
        serviceUserId,
        event,
        pubsubUrl,
        auth: { loginUrl, clientId, username, privateKeyPem, jwtAudience },
        replayFile,
        startAt,
        attachmentHosts,
    };
}

/** TENCENT_CALLBACK_* settings, or null when the receiver is off. */
export function loadCallbackConfig(env: Env, problems: string[]): CallbackConfig | null {
    const token = str(env, 'TENCENT_CALLBACK_TOKEN');
    const signToken = str(env, 'TENCENT_CALLBACK_SIGN_TOKEN');
    if (token === '') {
        if (signToken !== '') problems.push('TENCENT_CALLBACK_SIGN_TOKEN needs TENCENT_CALLBACK_TOKEN as well');
        return null;
    }
    if (!/^[A-Za-z0-9_-]{32,128}$/.test(token))
        problems.push('TENCENT_CALLBACK_TOKEN must be 32-128 characters [A-Za-z0-9_-] (e.g. openssl rand -hex 32)');
    if (signToken !== '' && !/^[\x21-\x7e]{1,128}$/.test(signToken))
        problems.push('TENCENT_CALLBACK_SIGN_TOKEN must be the printable token set in the Tencent console');
    return { token, signToken, maxSkewSeconds: 60 };
}
