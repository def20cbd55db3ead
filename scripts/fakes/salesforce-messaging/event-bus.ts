/**
 * The fake org's event bus for ONE custom platform event: Avro-encoded events with increasing replay ids, kept for the
 * platform's retention window (72 h), and listeners for live subscribers. Knows nothing of gRPC.
 */
import { createHash, randomUUID } from 'node:crypto';
import avro from 'avsc';

export const RETENTION_MS = 72 * 60 * 60 * 1000;

export interface PlatformEventDefinition {
    /** API name, e.g. Tim_Messaging_Event__e */
    name: string;
    /** field holding the event type (Interaction | RoutingRequested) */
    typeField: string;
    /** field holding the JSON payload */
    payloadField: string;
}

export interface StoredEvent {
    seq: number;
    id: string;
    schemaId: string;
    payload: Buffer;
    publishedAt: number;
}

/** Salesforce's Avro shape for a custom platform event: CreatedDate, CreatedById and the custom fields as nullable strings. */
export function platformEventSchema(def: PlatformEventDefinition): Record<string, unknown> {
    return {
        type: 'record',
        name: def.name,
        namespace: 'com.sforce.eventbus',
        fields: [
            { name: 'CreatedDate', type: 'long', doc: 'CreatedDate:DateTime' },
            { name: 'CreatedById', type: 'string', doc: 'CreatedBy:EntityId' },
            { name: def.typeField, type: ['null', 'string'], doc: 'Data:Text:00N', default: null },
            { name: def.payloadField, type: ['null', 'string'], doc: 'Data:LongTextArea:00N', default: null },
        ],
    };
}

/** 8-byte big-endian sequence number: opaque bytes to clients, like the platform's. */
export const encodeReplayId = (seq: number): Buffer => {
    const buf = Buffer.alloc(8);
    buf.writeBigUInt64BE(BigInt(seq));
    return buf;
};
export const decodeReplayId = (bytes: Buffer): number | null =>
    bytes.length === 8 ? Number(bytes.readBigUInt64BE(0)) : null;

export class EventBus {
    readonly topicName: string;
    readonly schemaJson: string;
    readonly schemaId: string;
    private readonly type: avro.Type;
    private readonly events: StoredEvent[] = [];
    private nextSeq = 1000;
    private readonly listeners = new Set<() => void>();

    constructor(
        readonly def: PlatformEventDefinition,
        private readonly now: () => number,
    ) {
        this.topicName = `/event/${def.name}`;
        this.schemaJson = JSON.stringify(platformEventSchema(def));
        this.schemaId = createHash('sha256').update(this.schemaJson).digest('base64url').slice(0, 22);
        this.type = avro.Type.forSchema(platformEventSchema(def) as avro.Schema);
    }

    /** Publishes one event as Salesforce would (the Messaging component does it for agent actions). */
    publish(eventType: string, payload: unknown, createdById: string): StoredEvent {
        const record = {
            CreatedDate: this.now(),
            CreatedById: createdById,
            [this.def.typeField]: eventType,
            [this.def.payloadField]: JSON.stringify(payload),
        };
        const event: StoredEvent = {
            seq: this.nextSeq++,
            id: randomUUID(),
            schemaId: this.schemaId,
            payload: this.type.toBuffer(record),
            publishedAt: this.now(),
        };
        this.events.push(event);
        for (const listener of this.listeners) listener();
        return event;
    }

    /** Decodes a stored payload (tests and the console page). */
    decode(payload: Buffer): Record<string, unknown> {
        return this.type.fromBuffer(payload) as Record<string, unknown>;
    }

    /** Events still retained, oldest first. */
    retained(): StoredEvent[] {
        const cutoff = this.now() - RETENTION_MS;
        while (this.events.length > 0 && this.events[0]!.publishedAt < cutoff) this.events.shift();
        return this.events;
    }

    /** The replay id of the newest event, or the position before the first one when none was published. */
    latestSeq(): number {
        return this.events.at(-1)?.seq ?? this.nextSeq - 1;
    }

    /** The lowest position a subscriber may resume after (the one before the oldest retained event). */
    earliestPosition(): number {
        const oldest = this.retained()[0];
        return oldest ? oldest.seq - 1 : this.latestSeq();
    }

    after(position: number, max: number): StoredEvent[] {
        return this.retained()
            .filter((e) => e.seq > position)
            .slice(0, max);
    }

    onPublish(listener: () => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    reset(): void {
        this.events.length = 0;
    }
}
