/**
 * Loads Salesforce's official Pub/Sub API contract (proto/pubsub_api.proto, vendored unchanged) with
 * @grpc/proto-loader. The relay's subscriber and the fake Pub/Sub server both use this, so they speak the same wire.
 */
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

export const PUBSUB_PROTO_PATH = fileURLToPath(new URL('./proto/pubsub_api.proto', import.meta.url));

/** Field shapes as proto-loader gives them (keepCase, enums as strings, bytes as Buffer, longs as strings). */
export interface TopicInfo {
    topic_name: string;
    tenant_guid: string;
    can_publish: boolean;
    can_subscribe: boolean;
    schema_id: string;
    rpc_id: string;
}
export interface SchemaInfo {
    schema_json: string;
    schema_id: string;
    rpc_id: string;
}
export type ReplayPreset = 'LATEST' | 'EARLIEST' | 'CUSTOM';
export interface FetchRequest {
    topic_name: string;
    replay_preset: ReplayPreset;
    replay_id: Buffer;
    num_requested: number;
    auth_refresh: string;
}
export interface ProducerEvent {
    id: string;
    schema_id: string;
    payload: Buffer;
    headers: Array<{ key: string; value: Buffer }>;
}
export interface ConsumerEvent {
    event: ProducerEvent;
    replay_id: Buffer;
}
export interface FetchResponse {
    events: ConsumerEvent[];
    latest_replay_id: Buffer;
    rpc_id: string;
    pending_num_requested: number;
}

let cached: grpc.GrpcObject | undefined;

/** The `eventbus.v1` package: `.PubSub` is the service client constructor (and `.PubSub.service` its definition). */
export function pubSubPackage(): { PubSub: grpc.ServiceClientConstructor } {
    if (!cached) {
        const definition = protoLoader.loadSync(PUBSUB_PROTO_PATH, {
            keepCase: true,
            longs: String,
            enums: String,
            defaults: true,
            oneofs: true,
        });
        cached = grpc.loadPackageDefinition(definition);
    }
    const eventbus = cached['eventbus'] as grpc.GrpcObject;
    const v1 = eventbus['v1'] as grpc.GrpcObject;
    return { PubSub: v1['PubSub'] as grpc.ServiceClientConstructor };
}

/** Replay ids are opaque bytes to clients; hex is how the relay stores and logs them. */
export const replayIdToHex = (id: Buffer): string => id.toString('hex');
export const replayIdFromHex = (hex: string): Buffer => Buffer.from(hex, 'hex');
