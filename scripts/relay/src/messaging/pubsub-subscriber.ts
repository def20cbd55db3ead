/**
 * Salesforce → relay: subscribes to the channel's platform event through the Pub/Sub API (gRPC, official proto, Avro).
 *
 * - Exactly one consumer: a replica reads the stream only while it holds the lease in the MessagingStore (Redis: a
 *   key with owner + TTL, renewed every third of the TTL; without Redis the single replica always holds it).
 * - Flow control: asks for `batchSize` events (≤ 100) and asks again only when all of them were handled.
 * - Durable position: after each handled event its replay id is stored; a (re)connect resumes with CUSTOM after the
 *   stored id, so nothing published while the relay was down or between replicas is lost (72 h retention). Empty
 *   keep-alive batches move the stored position to latest_replay_id when nothing is in flight.
 * - No duplicates shown: each event's id is marked delivered after handling and skipped when seen again.
 * - Reconnects with backoff on stream errors; UNAUTHENTICATED drops the cached token first.
 * - A transient handling failure (Tencent unreachable) ends the stream without storing the position, so the event
 *   is retried after the reconnect; a permanent one (bad payload, rejected recipient) is logged, counted and skipped.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import avro from 'avsc';
import type { Log } from '../logger.js';
import type { RelayMetrics } from '../metrics/registry.js';
import type { TokenProvider } from '../salesforce/token-provider.js';
import type { MessagingStore } from './messaging-store.js';
import type { ReplayStart } from './messaging-config.js';
import {
    pubSubPackage,
    replayIdFromHex,
    replayIdToHex,
    type ConsumerEvent,
    type FetchRequest,
    type FetchResponse,
    type SchemaInfo,
    type TopicInfo,
} from './pubsub-proto.js';

export interface DecodedEvent {
    id: string;
    replayId: string;
    record: Record<string, unknown>;
}

/** Thrown by a handler for an event that can never be delivered: it is skipped, not retried. */
export class PermanentEventError extends Error {
    override readonly name = 'PermanentEventError';
}

export interface SubscriberOptions {
    /** https://host:port, or http://127.0.0.1:port for the fake (no TLS) */
    url: () => string;
    topic: () => string;
    orgId: () => string;
    tokens: TokenProvider;
    store: MessagingStore;
    startAt: () => ReplayStart;
    handle: (event: DecodedEvent) => Promise<void>;
    /** is this error permanent (skip the event) rather than transient (retry after reconnect)? */
    isPermanent?: (err: unknown) => boolean;
    batchSize?: number;
    leaseTtlMs?: number;
    reconnectBaseMs?: number;
    reconnectCapMs?: number;
    log: Log;
    metrics?: RelayMetrics;
}

export interface SubscriberStatus {
    running: boolean;
    leaseHeld: boolean;
    live: boolean;
    consumer: string;
    lastEventAt: number | null;
    lastKeepAliveAt: number | null;
    replayId: string | null;
    handled: number;
    skipped: number;
    lastError: string | null;
}

type Stream = grpc.ClientDuplexStream<FetchRequest, FetchResponse>;

export class PubSubSubscriber {
    readonly consumerId = randomUUID();
    private running = false;
    private leaseHeld = false;
    private client: grpc.Client | null = null;
    private stream: Stream | null = null;
    private leaseTimer: NodeJS.Timeout | null = null;
    private reconnectTimer: NodeJS.Timeout | null = null;
    private reconnectAttempt = 0;
    private queue: Promise<void> = Promise.resolve();
    private outstanding = 0;
    private inFlight = 0;
    private readonly types = new Map<string, avro.Type>();
    private readonly state = {
        live: false,
        lastEventAt: null as number | null,
        lastKeepAliveAt: null as number | null,
        replayId: null as string | null,
        handled: 0,
        skipped: 0,
        lastError: null as string | null,
    };

    constructor(private readonly opts: SubscriberOptions) {}

    status(): SubscriberStatus {
        return { running: this.running, leaseHeld: this.leaseHeld, consumer: this.consumerId, ...this.state };
    }

    start(): void {
        if (this.running) return;
        this.running = true;
        void this.leaseTick();
    }

    async stop(): Promise<void> {
        this.running = false;
        if (this.leaseTimer) clearTimeout(this.leaseTimer);
        if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
        this.closeStream();
        await this.queue.catch(() => undefined);
        if (this.leaseHeld) await this.opts.store.releaseLease(this.consumerId).catch(() => undefined);
        this.leaseHeld = false;
        this.client?.close();
        this.client = null;
    }

    private get leaseTtl(): number {
        return this.opts.leaseTtlMs ?? 15_000;
    }

    private async leaseTick(): Promise<void> {
        if (!this.running) return;
        let held = false;
        try {
            held = await this.opts.store.holdLease(this.consumerId, this.leaseTtl);
        } catch (err) {
            this.state.lastError = `lease: ${err instanceof Error ? err.message : String(err)}`;
        }
        if (!this.running) return;
        if (held && !this.leaseHeld) {
            this.leaseHeld = true;
            this.opts.log.info({ consumer: this.consumerId }, 'messaging: consumer lease acquired; subscribing');
            this.connect();
        } else if (!held && this.leaseHeld) {
            this.leaseHeld = false;
            this.opts.log.warn({ consumer: this.consumerId }, 'messaging: consumer lease lost; unsubscribing');
            this.closeStream();
        }
        this.leaseTimer = setTimeout(() => void this.leaseTick(), Math.max(50, Math.floor(this.leaseTtl / 3)));
        this.leaseTimer.unref();
    }

    private pubSubClient(): grpc.Client {
        if (!this.client) {
            const url = new URL(this.opts.url());
            const credentials =
                url.protocol === 'https:' ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
            const { PubSub } = pubSubPackage();
            this.client = new PubSub(url.host, credentials, { 'grpc.keepalive_time_ms': 60_000 });
        }
        return this.client;
    }

    private async metadata(): Promise<grpc.Metadata> {
        const token = await this.opts.tokens.get();
        const md = new grpc.Metadata();
        md.set('accesstoken', token.accessToken);
        md.set('instanceurl', token.instanceUrl);
        md.set('tenantid', this.opts.orgId());
        return md;
    }

    private unary<Req, Res>(method: string, request: Req, md: grpc.Metadata): Promise<Res> {
        const client = this.pubSubClient() as unknown as Record<
            string,
            (
                req: Req,
                md: grpc.Metadata,
                opts: grpc.CallOptions,
                cb: (err: grpc.ServiceError | null, res: Res) => void,
            ) => void
        >;
        return new Promise((resolve, reject) =>
            client[method]!.call(this.client, request, md, { deadline: Date.now() + 15_000 }, (err, res) =>
                err ? reject(err) : resolve(res),
            ),
        );
    }

    private async avroType(schemaId: string, md: grpc.Metadata): Promise<avro.Type> {
        let type = this.types.get(schemaId);
        if (!type) {
            const info = await this.unary<{ schema_id: string }, SchemaInfo>('GetSchema', { schema_id: schemaId }, md);
            type = avro.Type.forSchema(JSON.parse(info.schema_json) as avro.Schema);
            this.types.set(schemaId, type);
        }
        return type;
    }

    private connect(): void {
        void this.openStream().catch((err: unknown) => this.onStreamFailure(err));
    }

    private async openStream(): Promise<void> {
        if (!this.running || !this.leaseHeld || this.stream) return;
        const md = await this.metadata();
        const topic = await this.unary<{ topic_name: string }, TopicInfo>(
            'GetTopic',
            { topic_name: this.opts.topic() },
            md,
        );
        if (!topic.can_subscribe) throw new PermanentEventError(`not allowed to subscribe to ${topic.topic_name}`);
        await this.avroType(topic.schema_id, md);
        const stored = await this.opts.store.loadReplayId();
        this.state.replayId = stored;
        const client = this.pubSubClient() as unknown as { Subscribe(md: grpc.Metadata): Stream };
        const stream = client.Subscribe(md);
        this.stream = stream;
        this.queue = Promise.resolve();
        this.outstanding = 0;
        this.inFlight = 0;
        stream.on('data', (response: FetchResponse) => this.onResponse(stream, response));
        stream.on('error', (err: grpc.ServiceError) => {
            if (this.stream === stream) this.onStreamFailure(err);
        });
        stream.on('end', () => {
            if (this.stream === stream) this.onStreamFailure(new Error('the server ended the stream'));
        });
        this.request(stream, {
            topic_name: this.opts.topic(),
            replay_preset: stored ? 'CUSTOM' : this.opts.startAt(),
            replay_id: stored ? replayIdFromHex(stored) : Buffer.alloc(0),
        });
        this.state.live = true;
        this.state.lastError = null;
        this.reconnectAttempt = 0;
        this.opts.log.info(
            { topic: this.opts.topic(), resume: stored ? 'CUSTOM' : this.opts.startAt() },
            'messaging: subscribed',
        );
    }

    private request(stream: Stream, first?: Pick<FetchRequest, 'topic_name' | 'replay_preset' | 'replay_id'>): void {
        const n = Math.min(100, Math.max(1, this.opts.batchSize ?? 25));
        this.outstanding += n;
        stream.write({
            topic_name: '',
            replay_preset: 'LATEST',
            replay_id: Buffer.alloc(0),
            auth_refresh: '',
            ...first,
            num_requested: n,
        });
    }

    private onResponse(stream: Stream, response: FetchResponse): void {
        const events = response.events ?? [];
        this.outstanding = Math.max(0, this.outstanding - events.length);
        if (events.length === 0) this.state.lastKeepAliveAt = Date.now();
        this.inFlight += events.length;
        this.queue = this.queue.then(async () => {
            if (this.stream !== stream) return;
            for (const event of events) {
                await this.handleOne(event);
                this.inFlight--;
                if (this.stream !== stream) return;
            }
            if (events.length === 0 && this.inFlight === 0 && response.latest_replay_id?.length) {
                const latest = replayIdToHex(response.latest_replay_id);
                if (latest !== this.state.replayId) {
                    await this.opts.store.saveReplayId(latest);
                    this.state.replayId = latest;
                }
            }
            if (this.outstanding === 0 && this.stream === stream) this.request(stream);
        });
        this.queue.catch((err: unknown) => {
            if (this.stream === stream) this.onStreamFailure(err);
        });
    }

    private async handleOne(consumer: ConsumerEvent): Promise<void> {
        const replayId = replayIdToHex(consumer.replay_id);
        const id = consumer.event.id;
        const store = this.opts.store;
        if (await store.isDelivered(id)) {
            this.opts.metrics?.upstreamCalls.inc({ service: 'pubsub', op: 'event', outcome: 'duplicate' });
        } else {
            try {
                const type = await this.avroType(consumer.event.schema_id, await this.metadata());
                const record = type.fromBuffer(consumer.event.payload) as Record<string, unknown>;
                await this.opts.handle({ id, replayId, record });
                this.state.handled++;
                this.opts.metrics?.upstreamCalls.inc({ service: 'pubsub', op: 'event', outcome: 'ok' });
            } catch (err) {
                const permanent = err instanceof PermanentEventError || (this.opts.isPermanent?.(err) ?? false);
                if (!permanent) throw err;
                this.state.skipped++;
                this.opts.metrics?.upstreamCalls.inc({ service: 'pubsub', op: 'event', outcome: 'skipped' });
                this.opts.log.error(
                    { eventId: id, err: err instanceof Error ? err.message : String(err) },
                    'messaging: event skipped',
                );
            }
            await store.markDelivered(id);
        }
        await store.saveReplayId(replayId);
        this.state.replayId = replayId;
        this.state.lastEventAt = Date.now();
    }

    private closeStream(): void {
        const stream = this.stream;
        this.stream = null;
        this.state.live = false;
        if (stream) {
            stream.removeAllListeners('data');
            stream.on('error', () => undefined);
            stream.cancel();
        }
    }

    private onStreamFailure(err: unknown): void {
        const message = err instanceof Error ? err.message : String(err);
        this.state.lastError = message;
        this.closeStream();
        if ((err as Partial<grpc.ServiceError>)?.code === grpc.status.UNAUTHENTICATED) this.opts.tokens.invalidate();
        this.opts.metrics?.upstreamErrors.inc({
            service: 'pubsub',
            op: 'subscribe',
            code: String((err as Partial<grpc.ServiceError>)?.code ?? 'ERROR'),
        });
        if (!this.running || !this.leaseHeld) return;
        const base = this.opts.reconnectBaseMs ?? 1_000;
        const delay = Math.min(this.opts.reconnectCapMs ?? 30_000, base * 2 ** Math.min(this.reconnectAttempt++, 10));
        this.opts.log.warn({ err: message, retryInMs: delay }, 'messaging: subscription interrupted; reconnecting');
        if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
        this.reconnectTimer = setTimeout(() => this.connect(), delay);
        this.reconnectTimer.unref();
    }
}
