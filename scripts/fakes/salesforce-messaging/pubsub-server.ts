/**
 * A fake Salesforce Pub/Sub API: a real gRPC server on the official pubsub_api.proto. GetTopic, GetSchema and
 * Subscribe (bidirectional stream) with the platform's flow control (the client asks for up to 100 events at a time
 * with num_requested; nothing is sent beyond what was asked), replay presets LATEST / EARLIEST / CUSTOM with opaque
 * replay ids, keep-alive empty batches carrying latest_replay_id, and auth by call metadata (accesstoken, instanceurl,
 * tenantid). Publish is not offered: events come from the fake org's agent actions.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { pubSubPackage } from '../../relay/src/messaging/pubsub-proto.js';
import type { FetchRequest, FetchResponse, SchemaInfo, TopicInfo } from '../../relay/src/messaging/pubsub-proto.js';
import { decodeReplayId, encodeReplayId, type EventBus } from './event-bus.js';

export const MAX_NUM_REQUESTED = 100;

export interface PubSubServerDeps {
    bus: EventBus;
    orgId: string;
    /** true when the access token is live */
    tokenValid: (token: string) => boolean;
    /** how often an idle stream gets an empty keep-alive batch (the platform: within 270 s) */
    keepAliveMs: number;
}

export interface RecordedFetch {
    streamId: string;
    request: { topic_name: string; replay_preset: string; replay_id: string; num_requested: number };
}

class AuthFailure extends Error {}

function authenticate(metadata: grpc.Metadata, deps: PubSubServerDeps): void {
    const one = (key: string) => {
        const value = metadata.get(key)[0];
        return typeof value === 'string' ? value : '';
    };
    const token = one('accesstoken');
    if (!token || !one('instanceurl') || !one('tenantid'))
        throw new AuthFailure('accesstoken, instanceurl and tenantid metadata are required');
    if (one('tenantid') !== deps.orgId) throw new AuthFailure('tenantid does not match the session org');
    if (!deps.tokenValid(token)) throw new AuthFailure('the access token is invalid or expired');
}

function statusError(code: grpc.status, details: string, errorCode: string): grpc.ServiceError {
    const metadata = new grpc.Metadata();
    metadata.set('error-code', errorCode);
    const error: grpc.ServiceError = Object.assign(new Error(details), { code, details, metadata });
    return error;
}

const authError = (message: string) =>
    statusError(grpc.status.UNAUTHENTICATED, message, 'sfdc.platform.eventbus.grpc.service.auth.error');

export class FakePubSubServer {
    private server: grpc.Server | undefined;
    private readonly streams = new Set<grpc.ServerDuplexStream<FetchRequest, FetchResponse>>();
    /** every FetchRequest received, oldest first */
    readonly fetches: RecordedFetch[] = [];

    constructor(private readonly deps: PubSubServerDeps) {}

    /** Binds on loopback; resolves "127.0.0.1:<port>". */
    async listen(port = 0): Promise<string> {
        const server = new grpc.Server();
        const { PubSub } = pubSubPackage();
        server.addService(PubSub.service, {
            GetTopic: (
                call: grpc.ServerUnaryCall<{ topic_name: string }, TopicInfo>,
                cb: grpc.sendUnaryData<TopicInfo>,
            ) => this.getTopic(call, cb),
            GetSchema: (
                call: grpc.ServerUnaryCall<{ schema_id: string }, SchemaInfo>,
                cb: grpc.sendUnaryData<SchemaInfo>,
            ) => this.getSchema(call, cb),
            Subscribe: (call: grpc.ServerDuplexStream<FetchRequest, FetchResponse>) => this.subscribe(call),
        });
        const bound = await new Promise<number>((resolve, reject) =>
            server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
                err ? reject(err) : resolve(p),
            ),
        );
        this.server = server;
        return `127.0.0.1:${bound}`;
    }

    /** Ends every open Subscribe stream with UNAVAILABLE (a server-side disconnect). */
    dropStreams(): void {
        for (const stream of [...this.streams])
            stream.emit(
                'error',
                statusError(
                    grpc.status.UNAVAILABLE,
                    'stream reset by the fake',
                    'sfdc.platform.eventbus.grpc.service.unavailable',
                ),
            );
    }

    get openStreams(): number {
        return this.streams.size;
    }

    async close(): Promise<void> {
        const server = this.server;
        this.server = undefined;
        if (!server) return;
        for (const stream of this.streams) stream.end();
        this.streams.clear();
        await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
        server.forceShutdown();
    }

    private getTopic(call: grpc.ServerUnaryCall<{ topic_name: string }, TopicInfo>, cb: grpc.sendUnaryData<TopicInfo>) {
        try {
            authenticate(call.metadata, this.deps);
        } catch (err) {
            cb(authError((err as Error).message));
            return;
        }
        const bus = this.deps.bus;
        if (call.request.topic_name !== bus.topicName) {
            cb(
                statusError(
                    grpc.status.NOT_FOUND,
                    `topic ${call.request.topic_name} not found`,
                    'sfdc.platform.eventbus.grpc.topic.not.found',
                ),
            );
            return;
        }
        cb(null, {
            topic_name: bus.topicName,
            tenant_guid: this.deps.orgId,
            can_publish: false,
            can_subscribe: true,
            schema_id: bus.schemaId,
            rpc_id: randomUUID(),
        });
    }

    private getSchema(
        call: grpc.ServerUnaryCall<{ schema_id: string }, SchemaInfo>,
        cb: grpc.sendUnaryData<SchemaInfo>,
    ) {
        try {
            authenticate(call.metadata, this.deps);
        } catch (err) {
            cb(authError((err as Error).message));
            return;
        }
        if (call.request.schema_id !== this.deps.bus.schemaId) {
            cb(statusError(grpc.status.NOT_FOUND, 'schema not found', 'sfdc.platform.eventbus.grpc.schema.not.found'));
            return;
        }
        cb(null, { schema_json: this.deps.bus.schemaJson, schema_id: this.deps.bus.schemaId, rpc_id: randomUUID() });
    }

    private subscribe(call: grpc.ServerDuplexStream<FetchRequest, FetchResponse>): void {
        const bus = this.deps.bus;
        const streamId = randomUUID();
        try {
            authenticate(call.metadata, this.deps);
        } catch (err) {
            call.emit('error', authError((err as Error).message));
            return;
        }
        this.streams.add(call);
        let position: number | null = null;
        let pending = 0;
        let closed = false;
        const response = (events: ReturnType<EventBus['after']>): FetchResponse => ({
            events: events.map((e) => ({
                event: { id: e.id, schema_id: e.schemaId, payload: e.payload, headers: [] },
                replay_id: encodeReplayId(e.seq),
            })),
            latest_replay_id: encodeReplayId(events.at(-1)?.seq ?? position ?? bus.latestSeq()),
            rpc_id: randomUUID(),
            pending_num_requested: pending,
        });
        const pump = () => {
            if (closed || position === null || pending <= 0) return;
            const batch = bus.after(position, Math.min(pending, MAX_NUM_REQUESTED));
            if (batch.length === 0) return;
            pending -= batch.length;
            position = batch.at(-1)!.seq;
            call.write(response(batch));
        };
        const unlisten = bus.onPublish(pump);
        const keepAlive = setInterval(() => {
            if (!closed && position !== null) call.write(response([]));
        }, this.deps.keepAliveMs);
        keepAlive.unref();
        const finish = () => {
            if (closed) return;
            closed = true;
            unlisten();
            clearInterval(keepAlive);
            this.streams.delete(call);
        };
        call.on('data', (request: FetchRequest) => {
            this.fetches.push({
                streamId,
                request: {
                    topic_name: request.topic_name,
                    replay_preset: request.replay_preset,
                    replay_id: request.replay_id.toString('hex'),
                    num_requested: request.num_requested,
                },
            });
            const fail = (code: grpc.status, message: string, errorCode: string) => {
                finish();
                call.emit('error', statusError(code, message, errorCode));
            };
            if (request.num_requested <= 0 || request.num_requested > MAX_NUM_REQUESTED) {
                fail(
                    grpc.status.INVALID_ARGUMENT,
                    `num_requested must be 1 to ${MAX_NUM_REQUESTED}`,
                    'sfdc.platform.eventbus.grpc.flow.control.invalid',
                );
                return;
            }
            if (position === null) {
                if (request.topic_name !== bus.topicName) {
                    fail(
                        grpc.status.NOT_FOUND,
                        `topic ${request.topic_name} not found`,
                        'sfdc.platform.eventbus.grpc.topic.not.found',
                    );
                    return;
                }
                if (request.replay_preset === 'CUSTOM') {
                    const seq = decodeReplayId(request.replay_id);
                    if (seq === null || seq < bus.earliestPosition() || seq > bus.latestSeq()) {
                        fail(
                            grpc.status.INVALID_ARGUMENT,
                            'The Replay ID validation failed.',
                            'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted',
                        );
                        return;
                    }
                    position = seq;
                } else position = request.replay_preset === 'EARLIEST' ? bus.earliestPosition() : bus.latestSeq();
            } else if (request.topic_name && request.topic_name !== bus.topicName) {
                fail(
                    grpc.status.INVALID_ARGUMENT,
                    'the topic cannot change within a stream',
                    'sfdc.platform.eventbus.grpc.topic.changed',
                );
                return;
            }
            pending = Math.min(MAX_NUM_REQUESTED, pending + request.num_requested);
            pump();
        });
        call.on('end', () => {
            finish();
            call.end();
        });
        call.on('cancelled', finish);
        call.on('error', finish);
        call.on('close', finish);
    }
}
