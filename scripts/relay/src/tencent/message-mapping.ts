/** Maps Tencent message bodies (MsgBody[]) to the relay contract's `elements`. */

export type MessageElement =
    | { type: 'text'; text: string }
    | { type: 'image'; url: string; width: number; height: number }
    | { type: 'file'; url: string; name: string; size: number }
    | { type: 'custom'; data: string };

export interface HistoryMessage {
    seq: number;
    random: number;
    from: string;
    time: number;
    elements: MessageElement[];
}

type Json = Record<string, unknown>;
const s = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const n = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : Number(v) || 0);

export function mapElement(elem: Json): MessageElement {
    const content = (
        typeof elem['MsgContent'] === 'object' && elem['MsgContent'] !== null ? elem['MsgContent'] : {}
    ) as Json;
    switch (elem['MsgType']) {
        case 'TIMTextElem':
            return { type: 'text', text: s(content['Text']) };
        case 'TIMImageElem': {
            const infos = Array.isArray(content['ImageInfoArray']) ? (content['ImageInfoArray'] as Json[]) : [];
            const best = infos.find((i) => n(i['Type']) === 1) ?? infos[0] ?? {};
            return {
                type: 'image',
                url: s(best['URL'] ?? best['Url']),
                width: n(best['Width']),
                height: n(best['Height']),
            };
        }
        case 'TIMFileElem':
            return { type: 'file', url: s(content['Url']), name: s(content['FileName']), size: n(content['FileSize']) };
        case 'TIMSoundElem':
            return { type: 'file', url: s(content['Url']), name: 'voice-message', size: n(content['Size']) };
        case 'TIMVideoFileElem':
            return { type: 'file', url: s(content['VideoUrl']), name: 'video', size: n(content['VideoSize']) };
        case 'TIMCustomElem':
            return { type: 'custom', data: s(content['Data']) };
        default:
            // Faces, locations, and anything newer: keep the raw content so nothing is silently lost.
            return { type: 'custom', data: JSON.stringify({ msgType: s(elem['MsgType']), content }) };
    }
}

/** Maps one RspMsgList entry; returns null for placeholders of deleted/expired messages (IsPlaceMsg = 1). */
export function mapMessage(raw: Json): HistoryMessage | null {
    if (n(raw['IsPlaceMsg']) === 1) return null;
    const body = Array.isArray(raw['MsgBody']) ? (raw['MsgBody'] as Json[]) : [];
    return {
        seq: n(raw['MsgSeq']),
        random: n(raw['MsgRandom']),
        from: s(raw['From_Account']),
        time: n(raw['MsgTimeStamp']) * 1000,
        elements: body.map(mapElement),
    };
}
