import { TencentError, TencentErrorCode } from './errors.js';

/** One element of a message body in Tencent's REST form. */
export interface RestMsgElement {
    MsgType: string;
    MsgContent: Record<string, unknown>;
}

/** One element of a message in the simple form the relay's API and the fake's WebSocket use. */
export type FakeElement =
    | { type: 'text'; text: string }
    | { type: 'image'; url: string; width: number; height: number }
    | { type: 'file'; url: string; name: string; size: number }
    | { type: 'custom'; data: string; description?: string; extension?: string }
    | { type: 'other'; msgType: string; content: Record<string, unknown> };

/** A stored group message: the single shape behind both the REST and WebSocket views. */
export interface FakeMessageView {
    groupId: string;
    seq: number;
    random: number;
    from: string;
    /** epoch milliseconds (server time) */
    time: number;
    elements: FakeElement[];
    /** the body in Tencent's REST form, as sent (or derived from `elements` when sent over WebSocket) */
    msgBody: RestMsgElement[];
    /** the Web SDK sender's own time of the message (s), part of the SDK's message id; absent for REST sends */
    clientTime?: number;
    /** the sender asked for read receipts (and the app has them) */
    needReadReceipt?: boolean;
}

/** Largest message body Tencent accepts (12 KB of JSON). */
export const MAX_MSG_BODY_BYTES = 12 * 1024;

const KNOWN_MSG_TYPES = new Set([
    'TIMTextElem',
    'TIMImageElem',
    'TIMFileElem',
    'TIMCustomElem',
    'TIMFaceElem',
    'TIMLocationElem',
    'TIMSoundElem',
    'TIMVideoFileElem',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireString(content: Record<string, unknown>, key: string, path: string): string {
    const value = content[key];
    if (typeof value !== 'string')
        throw new TencentError(TencentErrorCode.INVALID_PARAM, `${path}.MsgContent.${key} must be a string`);
    return value;
}

/** Validates a REST MsgBody and returns it typed. Errors name the offending field. */
export function parseRestMsgBody(value: unknown): RestMsgElement[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new TencentError(TencentErrorCode.INVALID_PARAM, 'MsgBody must be a non-empty array');
    }
    const body = value.map((item, index): RestMsgElement => {
        const path = `MsgBody[${index}]`;
        if (!isRecord(item)) throw new TencentError(TencentErrorCode.INVALID_PARAM, `${path} must be an object`);
        const msgType = item['MsgType'];
        const content = item['MsgContent'];
        if (typeof msgType !== 'string' || !KNOWN_MSG_TYPES.has(msgType)) {
            throw new TencentError(TencentErrorCode.INVALID_PARAM, `${path}.MsgType is not a supported message type`);
        }
        if (!isRecord(content))
            throw new TencentError(TencentErrorCode.INVALID_PARAM, `${path}.MsgContent must be an object`);
        if (msgType === 'TIMTextElem') requireString(content, 'Text', path);
        if (msgType === 'TIMCustomElem' && content['Data'] !== undefined) requireString(content, 'Data', path);
        if (msgType === 'TIMFileElem') requireString(content, 'Url', path);
        if (msgType === 'TIMImageElem' && !Array.isArray(content['ImageInfoArray'])) {
            throw new TencentError(
                TencentErrorCode.INVALID_PARAM,
                `${path}.MsgContent.ImageInfoArray must be an array`,
            );
        }
        return { MsgType: msgType, MsgContent: content };
    });
    if (Buffer.byteLength(JSON.stringify(body), 'utf8') > MAX_MSG_BODY_BYTES) {
        throw new TencentError(TencentErrorCode.MESSAGE_TOO_LONG, `message body exceeds ${MAX_MSG_BODY_BYTES} bytes`);
    }
    return body;
}

function numberOr(value: unknown, fallback: number): number {
    return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** REST body element → simple element. */
export function restToElement(element: RestMsgElement): FakeElement {
    const c = element.MsgContent;
    switch (element.MsgType) {
        case 'TIMTextElem':
            return { type: 'text', text: String(c['Text']) };
        case 'TIMImageElem': {
            const infos = (c['ImageInfoArray'] as unknown[]).filter(isRecord);
            const original = infos.find((info) => info['Type'] === 1) ?? infos[0] ?? {};
            return {
                type: 'image',
                url: typeof original['URL'] === 'string' ? original['URL'] : '',
                width: numberOr(original['Width'], 0),
                height: numberOr(original['Height'], 0),
            };
        }
        case 'TIMFileElem':
            return {
                type: 'file',
                url: String(c['Url']),
                name: typeof c['FileName'] === 'string' ? c['FileName'] : '',
                size: numberOr(c['FileSize'], 0),
            };
        case 'TIMCustomElem': {
            const custom: FakeElement = { type: 'custom', data: typeof c['Data'] === 'string' ? c['Data'] : '' };
            if (typeof c['Desc'] === 'string') custom.description = c['Desc'];
            if (typeof c['Ext'] === 'string') custom.extension = c['Ext'];
            return custom;
        }
        default:
            return { type: 'other', msgType: element.MsgType, content: c };
    }
}

/** Simple element → REST body element (for messages sent over the WebSocket). */
export function elementToRest(element: FakeElement): RestMsgElement {
    switch (element.type) {
        case 'text':
            return { MsgType: 'TIMTextElem', MsgContent: { Text: element.text } };
        case 'image':
            return {
                MsgType: 'TIMImageElem',
                MsgContent: {
                    UUID: element.url,
                    ImageFormat: 255,
                    ImageInfoArray: [
                        { Type: 1, Size: 0, Width: element.width, Height: element.height, URL: element.url },
                    ],
                },
            };
        case 'file':
            return {
                MsgType: 'TIMFileElem',
                MsgContent: { Url: element.url, FileSize: element.size, FileName: element.name, Download_Flag: 2 },
            };
        case 'custom': {
            const content: Record<string, unknown> = { Data: element.data };
            if (element.description !== undefined) content['Desc'] = element.description;
            if (element.extension !== undefined) content['Ext'] = element.extension;
            return { MsgType: 'TIMCustomElem', MsgContent: content };
        }
        case 'other':
            return { MsgType: element.msgType, MsgContent: element.content };
    }
}

/** Validates elements received over the WebSocket. */
export function parseElements(value: unknown): FakeElement[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw new TencentError(TencentErrorCode.INVALID_PARAM, 'elements must be a non-empty array');
    }
    return value.map((item, index): FakeElement => {
        const path = `elements[${index}]`;
        if (!isRecord(item)) throw new TencentError(TencentErrorCode.INVALID_PARAM, `${path} must be an object`);
        const str = (key: string): string => {
            const v = item[key];
            if (typeof v !== 'string')
                throw new TencentError(TencentErrorCode.INVALID_PARAM, `${path}.${key} must be a string`);
            return v;
        };
        const num = (key: string): number => numberOr(item[key], 0);
        switch (item['type']) {
            case 'text':
                return { type: 'text', text: str('text') };
            case 'image':
                return { type: 'image', url: str('url'), width: num('width'), height: num('height') };
            case 'file':
                return { type: 'file', url: str('url'), name: str('name'), size: num('size') };
            case 'custom': {
                const custom: FakeElement = { type: 'custom', data: str('data') };
                if (typeof item['description'] === 'string') custom.description = item['description'];
                if (typeof item['extension'] === 'string') custom.extension = item['extension'];
                return custom;
            }
            default:
                throw new TencentError(
                    TencentErrorCode.INVALID_PARAM,
                    `${path}.type must be text, image, file or custom`,
                );
        }
    });
}

/** The message as group_msg_get_simple lists it. */
export function toRestListedMessage(message: FakeMessageView): Record<string, unknown> {
    return {
        From_Account: message.from,
        IsPlaceMsg: 0,
        MsgBody: message.msgBody,
        MsgPriority: 1,
        MsgRandom: message.random,
        MsgSeq: message.seq,
        MsgTimeStamp: Math.floor(message.time / 1000),
    };
}

/** The message as the WebSocket protocol carries it. */
export function toWireMessage(message: FakeMessageView): Omit<FakeMessageView, 'msgBody'> {
    return {
        groupId: message.groupId,
        seq: message.seq,
        random: message.random,
        from: message.from,
        time: message.time,
        elements: message.elements,
    };
}
