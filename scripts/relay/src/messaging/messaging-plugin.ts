/**
 * Wires the Messaging mode into the relay: the Tencent callback receiver (POST /v1/tencent/callbacks, when
 * TENCENT_CALLBACK_TOKEN is set), the customer → Salesforce forwarder (C2C callbacks), the Salesforce → customer
 * subscriber (Pub/Sub), and GET /v1/messaging/status (API key) for the setup page. Off unless configured.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Redis } from 'ioredis';
import { apiKeyHook } from '../http/auth.js';
import type { RouteOptions } from '../routes/route-options.js';
import { tencentCallbackRoutes } from '../routes/tencent-callbacks.js';
import { CallbackAuthenticator } from '../tencent/callback-auth.js';
import { TencentApiError } from '../tencent/tencent-errors.js';
import { TokenProvider } from '../salesforce/token-provider.js';
import { InteractionClient } from './interaction-client.js';
import type { MessagingConfig } from './messaging-config.js';
import { LocalMessagingStore, RedisMessagingStore, type MessagingStore } from './messaging-store.js';
import { InboundForwarder } from './inbound-forwarder.js';
import { OutboundDelivery, PermanentDeliveryError } from './outbound-delivery.js';
import { parseOutboundEvent } from './outbound-event.js';
import { PermanentEventError, PubSubSubscriber } from './pubsub-subscriber.js';
import { ServiceAccountMessenger } from './service-account-messenger.js';

export interface MessagingRuntime {
    config: MessagingConfig;
    store: MessagingStore;
    tokens: TokenProvider;
    interactions: InteractionClient;
    subscriber: PubSubSubscriber;
    lastInboundAt(): number | null;
}

const statusSchema = {
    type: 'object',
    properties: {
        configured: { type: 'boolean' },
        healthy: { type: 'boolean' },
        callbacks: { type: 'object', properties: { configured: { type: 'boolean' }, signCheck: { type: 'boolean' } } },
        token: { type: 'object', properties: { ok: { type: 'boolean' }, message: { type: 'string' } } },
        subscription: {
            type: 'object',
            properties: {
                running: { type: 'boolean' },
                leaseHeld: { type: 'boolean' },
                live: { type: 'boolean' },
                store: { type: 'string' },
                lastEventAt: { type: ['string', 'null'] },
                lastKeepAliveAt: { type: ['string', 'null'] },
                handled: { type: 'number' },
                skipped: { type: 'number' },
                lastError: { type: ['string', 'null'] },
            },
        },
        lastInboundAt: { type: ['string', 'null'] },
    },
} as const;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function createStore(config: MessagingConfig | undefined, redisUrl: string | undefined): MessagingStore {
    if (redisUrl) {
        const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
        redis.on('error', () => undefined); // surfaced through failing calls and the status route
        const scope = config ? `${config.orgId}:${config.channelAddressId}` : 'callbacks';
        return new RedisMessagingStore(redis, `tim:messaging:${scope}:`);
    }
    return new LocalMessagingStore(config?.replayFile ?? '');
}

export const messagingPlugin: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    const { services } = opts;
    const settings = services.settings;
    const config = settings.messaging;
    const callbacks = settings.callbacks;
    if (!config && !callbacks) return;

    const store = createStore(config, settings.http.redisUrl);
    app.addHook('onClose', async () => {
        await services.callbacks.idle();
        await store.close();
    });

    if (callbacks) {
        const authenticator = new CallbackAuthenticator(callbacks, settings.tencent.sdkAppId, store);
        await app.register(tencentCallbackRoutes, { authenticator, dispatcher: services.callbacks });
    }
    if (!config) return;

    const log = app.log;
    const tokens = new TokenProvider({
        loginUrl: () => config.auth.loginUrl,
        authFlow: 'jwt',
        clientId: config.auth.clientId,
        username: config.auth.username,
        privateKeyPem: config.auth.privateKeyPem,
        jwtAudience: () => config.auth.jwtAudience,
        metrics: services.metrics,
    });
    const interactions = new InteractionClient({
        baseUrl: () => config.scrtUrl,
        orgId: () => config.orgId,
        authorizationContext: () => config.authorizationContext,
        channelAddressId: () => config.channelAddressId,
        tokens,
        metrics: services.metrics,
        log,
        ...(config.tuning?.backoffBaseMs !== undefined ? { backoffBaseMs: config.tuning.backoffBaseMs } : {}),
    });
    const messenger = new ServiceAccountMessenger(services.tencent, () => config.serviceUserId);
    let lastInboundAt: number | null = null;
    const forwarder = new InboundForwarder(
        interactions,
        messenger,
        store,
        {
            serviceUserId: () => config.serviceUserId,
            attachmentHosts: () => config.attachmentHosts,
            attachmentLoopbackOrigins: () => config.attachmentLoopbackOrigins ?? [],
            onActivity: (_kind, at) => {
                lastInboundAt = at;
            },
        },
        log,
    );
    services.callbacks.register('C2C.CallbackAfterSendMsg', (body) => forwarder.onMessage(body));
    services.callbacks.register('C2C.CallbackAfterMsgReport', (body) => forwarder.onRead(body));

    const delivery = new OutboundDelivery(messenger, store, () => config.channelAddressId, log);
    const subscriber = new PubSubSubscriber({
        url: () => config.pubsubUrl,
        topic: () => `/event/${config.event.name}`,
        orgId: () => config.orgId,
        tokens,
        store,
        startAt: () => config.startAt,
        handle: async (event) => {
            const parsed = parseOutboundEvent(event.record, config.event);
            if (parsed.kind === 'ignored') {
                log.debug({ eventId: event.id, reason: parsed.reason }, 'messaging: event ignored');
                return;
            }
            await delivery.deliver(parsed.event);
        },
        isPermanent: (err) =>
            err instanceof PermanentDeliveryError ||
            err instanceof PermanentEventError ||
            (err instanceof TencentApiError && err.kind !== 'retryable'),
        log,
        metrics: services.metrics,
        ...(config.tuning?.leaseTtlMs !== undefined ? { leaseTtlMs: config.tuning.leaseTtlMs } : {}),
        ...(config.tuning?.reconnectBaseMs !== undefined ? { reconnectBaseMs: config.tuning.reconnectBaseMs } : {}),
        ...(config.tuning?.batchSize !== undefined ? { batchSize: config.tuning.batchSize } : {}),
    });
    const runtime: MessagingRuntime = {
        config,
        store,
        tokens,
        interactions,
        subscriber,
        lastInboundAt: () => lastInboundAt,
    };
    services.messaging = runtime;
    app.addHook('onReady', async () => subscriber.start());
    app.addHook('preClose', async () => subscriber.stop());

    await app.register(async (scope) => {
        scope.addHook('onRequest', apiKeyHook(settings.http.apiKey));
        scope.get(
            '/v1/messaging/status',
            {
                schema: {
                    summary: 'Salesforce Messaging mode: configured and healthy (token, subscription, last events)',
                    tags: ['messaging'],
                    security: [{ apiKey: [] }],
                    response: { 200: statusSchema },
                },
            },
            async () => {
                let token: { ok: boolean; message?: string } = { ok: true };
                try {
                    await tokens.get();
                } catch (err) {
                    token = { ok: false, message: err instanceof Error ? err.message : 'token request failed' };
                }
                const sub = subscriber.status();
                return {
                    configured: true,
                    healthy: token.ok && sub.running && (!sub.leaseHeld || sub.live),
                    callbacks: { configured: callbacks !== undefined, signCheck: (callbacks?.signToken ?? '') !== '' },
                    token,
                    subscription: {
                        running: sub.running,
                        leaseHeld: sub.leaseHeld,
                        live: sub.live,
                        store: store.kind,
                        lastEventAt: iso(sub.lastEventAt),
                        lastKeepAliveAt: iso(sub.lastKeepAliveAt),
                        handled: sub.handled,
                        skipped: sub.skipped,
                        lastError: sub.lastError,
                    },
                    lastInboundAt: iso(lastInboundAt),
                };
            },
        );
    });
};
