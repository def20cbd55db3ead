/**
 * The outbound custom platform event's contract (salesforce-misc/interaction-service-apis,
 * outbound-custom-event-payload.yaml, `InteractionEvent` + `ConversationEntry`), parsed from the decoded Avro record.
 * The type field says Interaction or RoutingRequested; the payload field holds the JSON document.
 */

export interface EventParticipant {
    appType: string;
    subject: string;
    role: string;
}

export interface OutboundEntry {
    identifier: string;
    entryType: string;
    entryPayload: Record<string, unknown>;
    sender: EventParticipant;
    senderDisplayName: string;
    transcriptedTimestamp: number;
}

export interface InteractionEvent {
    conversationIdentifier: string;
    channelAddressIdentifier: string;
    recipient: EventParticipant;
    entry: OutboundEntry;
}

export type ParsedOutboundEvent =
    { kind: 'interaction'; event: InteractionEvent } | { kind: 'ignored'; reason: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Avro unions may arrive wrapped ({string: "…"}) or plain, depending on the decoder. */
function unwrap(value: unknown): unknown {
    if (isObject(value) && Object.keys(value).length === 1 && 'string' in value) return value['string'];
    return value;
}

function participant(value: unknown): EventParticipant | null {
    if (!isObject(value)) return null;
    const { appType, subject, role } = value;
    if (typeof appType !== 'string' || typeof subject !== 'string' || typeof role !== 'string') return null;
    return { appType, subject, role };
}

export function parseOutboundEvent(
    record: Record<string, unknown>,
    fields: { typeField: string; payloadField: string },
): ParsedOutboundEvent {
    const eventType = unwrap(record[fields.typeField]);
    if (eventType !== 'Interaction') return { kind: 'ignored', reason: `event type ${String(eventType)}` };
    const raw = unwrap(record[fields.payloadField]);
    if (typeof raw !== 'string') return { kind: 'ignored', reason: 'payload field is empty' };
    let doc: unknown;
    try {
        doc = JSON.parse(raw);
    } catch {
        return { kind: 'ignored', reason: 'payload is not JSON' };
    }
    if (!isObject(doc)) return { kind: 'ignored', reason: 'payload is not an object' };
    const recipient = participant(doc['recipient']);
    const payload = doc['payload'];
    const conversationIdentifier = doc['conversationIdentifier'];
    const channelAddressIdentifier = doc['channelAddressIdentifier'];
    if (
        !recipient ||
        !isObject(payload) ||
        typeof conversationIdentifier !== 'string' ||
        typeof channelAddressIdentifier !== 'string'
    )
        return {
            kind: 'ignored',
            reason: 'payload lacks conversationIdentifier, channelAddressIdentifier, recipient or payload',
        };
    const sender = participant(payload['sender']);
    const identifier = payload['identifier'];
    const entryType = payload['entryType'];
    const entryPayload = payload['entryPayload'];
    if (!sender || typeof identifier !== 'string' || typeof entryType !== 'string' || !isObject(entryPayload))
        return { kind: 'ignored', reason: 'conversation entry lacks identifier, entryType, entryPayload or sender' };
    const transcripted = payload['transcriptedTimestamp'];
    return {
        kind: 'interaction',
        event: {
            conversationIdentifier,
            channelAddressIdentifier,
            recipient,
            entry: {
                identifier,
                entryType,
                entryPayload,
                sender,
                senderDisplayName: typeof payload['senderDisplayName'] === 'string' ? payload['senderDisplayName'] : '',
                transcriptedTimestamp: typeof transcripted === 'number' ? transcripted : Date.now(),
            },
        },
    };
}
