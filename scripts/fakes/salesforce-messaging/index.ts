/**
 * A fake Salesforce org with Messaging for a custom channel (Bring Your Own Channel): the connected app's token
 * endpoint (JWT bearer), the Interaction Service API, and a Pub/Sub API gRPC server carrying the channel's platform
 * event. Agent actions (accept, reply, typing, read, end) publish the events the real Messaging component would.
 */
import { FaultQueue } from '../shared/fault-queue.js';
import { StandaloneServer } from '../shared/standalone-server.js';
import { OAuthServer } from '../salesforce/oauth.js';
import { ConversationStore } from './conversations.js';
import { EventBus, type PlatformEventDefinition } from './event-bus.js';
import { createInteractionPlugin, type InteractionFault, type RecordedInteractionCall } from './plugin.js';
import { FakePubSubServer } from './pubsub-server.js';
import type { FastifyPluginAsync } from 'fastify';

export type { Conversation, ConversationEntry, MessagingSession } from './conversations.js';
export type { InteractionFault, RecordedInteractionCall } from './plugin.js';
export { MAX_ATTACHMENT_BYTES } from './interaction-schema.js';

export interface FakeMessagingOrgOptions {
    orgId?: string;
    clientId: string;
    jwtPublicKeyPem: string;
    /** the integration user the JWT names */
    username: string;
    channelAddressIdentifier?: string;
    authorizationContext?: string;
    event?: PlatformEventDefinition;
    /** scopes the connected app grants (default interaction_api, api, refresh_token, offline_access) */
    scopes?: string[];
    tokenTtlMs?: number;
    keepAliveMs?: number;
    now?: () => number;
}

export const DEFAULT_EVENT: PlatformEventDefinition = {
    name: 'Tim_Messaging_Event__e',
    typeField: 'Event_Type__c',
    payloadField: 'Payload__c',
};

export function createFakeMessagingOrg(opts: FakeMessagingOrgOptions) {
    const now = opts.now ?? Date.now;
    const orgId = opts.orgId ?? '00D5g000004FAKEEA0';
    const channelAddressIdentifier = opts.channelAddressIdentifier ?? 'b0ffeafe-0d89-4338-b14a-172ad203f22a';
    const authorizationContext = opts.authorizationContext ?? 'Tim_Tencent_Chat_Channel';
    const bus = new EventBus(opts.event ?? DEFAULT_EVENT, now);
    const conversations = new ConversationStore(channelAddressIdentifier, bus, now);
    const oauth = new OAuthServer({
        clientId: opts.clientId,
        jwtPublicKeyPem: opts.jwtPublicKeyPem,
        jwtUsername: opts.username,
        tokenTtlMs: opts.tokenTtlMs ?? 2 * 60 * 60 * 1000,
        now,
    });
    const integrationUserId = '005000000000INTAAA';
    const faults = new FaultQueue<InteractionFault>();
    const calls: RecordedInteractionCall[] = [];
    const plugin: FastifyPluginAsync = createInteractionPlugin({
        orgId,
        authorizationContext,
        channelAddressIdentifier,
        scopes: opts.scopes ?? ['interaction_api', 'api', 'refresh_token', 'offline_access'],
        oauth,
        userIdForUsername: (u) => (u.toLowerCase() === opts.username.toLowerCase() ? integrationUserId : undefined),
        conversations,
        faults,
        calls,
        now,
    });
    const pubsub = new FakePubSubServer({
        bus,
        orgId,
        tokenValid: (token) => oauth.session(token) !== undefined,
        keepAliveMs: opts.keepAliveMs ?? 270_000,
    });
    const http = new StandaloneServer(plugin);
    return {
        orgId,
        channelAddressIdentifier,
        authorizationContext,
        bus,
        conversations,
        pubsub,
        plugin,
        faults: { inject: (f: InteractionFault) => faults.inject(f), clear: () => faults.clear() },
        calls: calls as ReadonlyArray<RecordedInteractionCall>,
        /** every token issued so far stops working (the next call gets 401 / UNAUTHENTICATED) */
        expireAllTokens: () => oauth.expireAll(),
        /** HTTP (token endpoint + Interaction API) on loopback */
        listen: (port?: number) => http.listen(port),
        /** the gRPC Pub/Sub server on loopback: resolves "127.0.0.1:<port>" */
        listenPubSub: (port?: number) => pubsub.listen(port),
        async close(): Promise<void> {
            await pubsub.close();
            await http.close();
        },
        reset(): void {
            conversations.reset();
            bus.reset();
            faults.clear();
            calls.length = 0;
        },
    };
}

export type FakeMessagingOrg = ReturnType<typeof createFakeMessagingOrg>;
