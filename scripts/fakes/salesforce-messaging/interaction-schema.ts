/**
 * Validation of Interaction Service API request bodies, following the published OpenAPI file
 * (salesforce-misc/interaction-service-apis, inbound-interaction-api.yaml) and its ERRORCODES.md numbers.
 * Each rule throws InteractionError with the documented code.
 */

export class InteractionError extends Error {
    constructor(
        readonly status: number,
        readonly code: number,
        message: string,
    ) {
        super(message);
    }
}

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;
const APP_TYPES = ['custom', 'agent', 'chatbot', 'conversation', 'live_message', 'iamessage'];
const ROLES = ['EndUser', 'Chatbot', 'Agent', 'Supervisor', 'System'];
const INBOUND_ENTRY_TYPES = ['Message', 'TypingStartedIndicator', 'TypingStoppedIndicator', 'MessageDeliveryFailed'];
const END_USER_MESSAGE_TYPES = ['StaticContentMessage', 'ChoicesResponseMessage', 'FormResponseMessage'];
const MESSAGE_TYPES = [...END_USER_MESSAGE_TYPES, 'ChoicesMessage', 'FormMessage'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (code: number, message: string) => new InteractionError(400, code, message);

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

export type ParsedInteraction =
    | { kind: 'entry'; id: string; entryType: string; timestamp: number; payload: Json; text?: string }
    | {
          kind: 'attachment';
          id: string;
          timestamp: number;
          attachmentIndex: number;
          contentLength: number;
          text?: string;
      };

export interface ParsedInteractionRequest {
    to: string;
    from: string;
    routingAttributes: Record<string, string>;
    interaction: ParsedInteraction;
}

function participant(value: unknown, path: string): { appType: string; subject: string; role: string } {
    if (!isObject(value)) throw bad(10045, `${path} is required`);
    if (typeof value['appType'] !== 'string' || !APP_TYPES.includes(value['appType']))
        throw bad(10037, `${path}.appType is not supported`);
    if (typeof value['role'] !== 'string' || !ROLES.includes(value['role']))
        throw bad(10038, `${path}.role is not supported`);
    if (typeof value['subject'] !== 'string' || value['subject'] === '')
        throw bad(10054, `${path}.subject is required`);
    return { appType: value['appType'], subject: value['subject'], role: value['role'] };
}

function entryPayload(payload: unknown): { id: string; entryType: string; payload: Json; text?: string } {
    if (!isObject(payload)) throw bad(10029, 'interactions[0].payload is required for an EntryInteraction');
    const id = payload['id'];
    const entryType = payload['entryType'];
    if (typeof id !== 'string' || id === '') throw bad(10059, 'interactions[0].payload.id is empty');
    if (typeof entryType !== 'string' || !INBOUND_ENTRY_TYPES.includes(entryType))
        throw bad(10045, 'interactions[0].payload.entryType is not a valid inbound entry type');
    if (entryType === 'Message') {
        const message = payload['abstractMessage'];
        if (!isObject(message)) throw bad(10045, 'abstractMessage is required for a Message entry');
        if (typeof message['messageType'] !== 'string' || !MESSAGE_TYPES.includes(message['messageType']))
            throw bad(10047, 'abstractMessage.messageType is invalid');
        if (!END_USER_MESSAGE_TYPES.includes(message['messageType']))
            throw bad(
                10062,
                'Only StaticContentMessage, ChoicesResponseMessage and FormResponseMessage come from an end user',
            );
        if (typeof message['id'] !== 'string' || message['id'] === '') throw bad(10059, 'abstractMessage.id is empty');
        if (message['id'] !== id) throw bad(10060, 'Interaction ID and Message ID are mismatched');
        if (message['messageType'] === 'StaticContentMessage') {
            const content = message['staticContent'];
            if (!isObject(content)) throw bad(10045, 'staticContent is required');
            if (content['formatType'] !== 'Text')
                throw bad(10049, 'an end-user StaticContentMessage must use formatType Text');
            if (typeof content['text'] !== 'string' || content['text'] === '')
                throw bad(10045, 'staticContent.text is required');
            return { id, entryType, payload, text: content['text'] };
        }
        return { id, entryType, payload };
    }
    if (entryType === 'TypingStartedIndicator' || entryType === 'TypingStoppedIndicator') {
        if (!Number.isInteger(payload['timestamp'])) throw bad(10045, `${entryType}.timestamp is required`);
        return { id, entryType, payload };
    }
    // MessageDeliveryFailed: Spring '24 rule — recipient must be appType custom, role EndUser.
    const recipient = participant(payload['recipient'], 'payload.recipient');
    if (recipient.appType !== 'custom' || recipient.role !== 'EndUser')
        throw bad(10045, 'MessageDeliveryFailed.recipient must be appType custom and role EndUser');
    if (typeof payload['errorCode'] !== 'string' || payload['errorCode'] === '')
        throw bad(10045, 'MessageDeliveryFailed.errorCode is required');
    return { id, entryType, payload };
}

/** The `json` part of POST /interactions. */
export function parseInteractionRequest(raw: string, channelAddressIdentifier: string): ParsedInteractionRequest {
    let body: unknown;
    try {
        body = JSON.parse(raw);
    } catch {
        throw bad(10100, 'the json part is not valid JSON');
    }
    if (!isObject(body)) throw bad(10100, 'the json part must be an object');
    const to = body['to'];
    const from = body['from'];
    if (typeof to !== 'string' || to === '' || to.length > 240)
        throw bad(10027, 'The provided "to" field isn\'t valid.');
    if (to !== channelAddressIdentifier) throw bad(10017, 'The channelAddressIdentifier provided does not exist.');
    if (typeof from !== 'string' || from === '' || from.length > 255)
        throw bad(10028, 'The provided "from" field isn\'t valid.');
    const routingAttributes: Record<string, string> = {};
    if (body['routingAttributes'] !== undefined) {
        if (!isObject(body['routingAttributes'])) throw bad(10089, 'routingAttributes must be an object of strings');
        for (const [k, v] of Object.entries(body['routingAttributes'])) {
            if (typeof v !== 'string') throw bad(10089, `routingAttributes.${k} must be a string`);
            routingAttributes[k] = v;
        }
    }
    const list = body['interactions'];
    if (!Array.isArray(list) || list.length === 0) throw bad(20003, 'Empty interaction list in request.');
    if (list.length !== 1) throw bad(10029, "The provided interaction list isn't valid (exactly one interaction).");
    const item = list[0] as unknown;
    if (!isObject(item)) throw bad(10029, 'interactions[0] must be an object');
    const timestamp = item['timestamp'];
    if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp <= 0)
        throw bad(10029, 'interactions[0].timestamp (epoch ms) is required');
    if (item['interactionType'] === 'EntryInteraction') {
        const parsed = entryPayload(item['payload']);
        return { to, from, routingAttributes, interaction: { kind: 'entry', timestamp, ...parsed } };
    }
    if (item['interactionType'] === 'AttachmentInteraction') {
        const id = item['id'];
        if (typeof id !== 'string' || id === '') throw bad(10007, 'The file ID field is empty.');
        if (item['contentLength'] === undefined || item['contentLength'] === null)
            throw bad(10010, 'The interaction contentLength field is empty.');
        const contentLength = item['contentLength'];
        const attachmentIndex = item['attachmentIndex'];
        if (typeof contentLength !== 'number' || !Number.isInteger(contentLength) || contentLength < 0)
            throw bad(10051, 'contentLength must be the file size in bytes');
        if (attachmentIndex !== 0) throw bad(10011, 'attachmentIndex must point at the one attachments part (0)');
        const text = item['text'];
        if (text !== undefined && text !== null && typeof text !== 'string') throw bad(10045, 'text must be a string');
        return {
            to,
            from,
            routingAttributes,
            interaction: {
                kind: 'attachment',
                id,
                timestamp,
                attachmentIndex,
                contentLength,
                ...(typeof text === 'string' ? { text } : {}),
            },
        };
    }
    throw bad(10029, 'interactions[0].interactionType must be EntryInteraction or AttachmentInteraction');
}

export interface ParsedAcknowledgementRequest {
    conversationIdentifier: string;
    sender: { appType: string; subject: string; role: string };
    acknowledgements: Array<{ type: 'Read' | 'Delivered'; entryId: string; createdEntryId: string; timestamp: string }>;
}

/** POST /acknowledgement body. */
export function parseAcknowledgementRequest(body: unknown): ParsedAcknowledgementRequest {
    if (!isObject(body)) throw bad(10100, 'A request body is required');
    const conversationIdentifier = body['conversationIdentifier'];
    if (
        typeof conversationIdentifier !== 'string' ||
        conversationIdentifier === '' ||
        conversationIdentifier.length > 240
    )
        throw bad(10018, 'The conversation identifier is not valid.');
    const sender = participant(body['sender'], 'sender');
    const list = body['acknowledgements'];
    if (!Array.isArray(list) || list.length < 1 || list.length > 25)
        throw bad(10089, 'acknowledgements must hold 1 to 25 items');
    const acknowledgements = list.map((item: unknown, i): ParsedAcknowledgementRequest['acknowledgements'][number] => {
        if (!isObject(item)) throw bad(10089, `acknowledgements[${i}] must be an object`);
        const type = item['acknowledgementType'];
        if (type !== 'Read' && type !== 'Delivered')
            throw bad(10089, `acknowledgements[${i}].acknowledgementType must be Read or Delivered`);
        const entryId = item['acknowledgedConversationEntryIdentifier'];
        const createdEntryId = item['acknowledgmentCreatedConversationEntryIdentifier'];
        const timestamp = item['acknowledgementTimestamp'];
        if (typeof entryId !== 'string' || entryId === '')
            throw bad(10089, `acknowledgements[${i}].acknowledgedConversationEntryIdentifier is required`);
        if (!isUuid(createdEntryId))
            throw bad(10089, `acknowledgements[${i}].acknowledgmentCreatedConversationEntryIdentifier must be a UUID`);
        if (typeof timestamp !== 'string' || timestamp === '')
            throw bad(10089, `acknowledgements[${i}].acknowledgementTimestamp is required`);
        return { type, entryId, createdEntryId, timestamp };
    });
    return { conversationIdentifier, sender, acknowledgements };
}
