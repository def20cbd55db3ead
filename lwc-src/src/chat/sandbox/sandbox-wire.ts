import { safeHttpUrl } from '../../store/link-segments';
import { parseCaseMeta } from '../case-meta';
import type { ChatConversation, ChatMessage, MessageBody } from '../chat-types';
import { previewText } from '../message-preview';

/**
 * Shapes of the sandbox fake's real-time channel (docs/fakes.md "Real-time channel", protocol version 1) and their
 * mapping to the widget's chat types. Everything coming off the socket is `unknown` until checked here.
 */
export const WIRE_VERSION = 1;

export type WireElement =
    | { type: 'text'; text: string }
    | { type: 'image'; url: string; width: number; height: number }
    | { type: 'file'; url: string; name: string; size: number }
    | { type: 'custom'; data: string };

export interface WireMessage {
    groupId: string;
    seq: number;
    random: number;
    from: string;
    time: number;
    elements: unknown[];
}

export interface WireGroup {
    groupId: string;
    name: string;
    /** The group introduction: the relay's case JSON (docs/widget.md "Group metadata"); '' when unset. */
    introduction: string;
    unread: number;
    muteAll: boolean;
    lastMessage: WireMessage | null;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function parseWireMessage(v: unknown): WireMessage | null {
    if (!isRecord(v)) return null;
    const groupId = str(v.groupId);
    const seq = num(v.seq);
    if (!groupId || !Number.isInteger(seq) || seq < 1) return null;
    return {
        groupId,
        seq,
        random: num(v.random),
        from: str(v.from),
        time: num(v.time),
        elements: Array.isArray(v.elements) ? v.elements : [],
    };
}

export function parseWireGroup(v: unknown): WireGroup | null {
    if (!isRecord(v)) return null;
    const groupId = str(v.groupId);
    if (!groupId) return null;
    return {
        groupId,
        name: str(v.name),
        introduction: str(v.introduction),
        unread: Math.max(0, Math.floor(num(v.unread))),
        muteAll: v.muteAll === true,
        lastMessage: v.lastMessage === null || v.lastMessage === undefined ? null : parseWireMessage(v.lastMessage),
    };
}

/** Groups made before the relay set case profiles are named "Case 00001001"; case-meta.ts reads "00001001 Subject". */
function groupNameForMeta(name: string): string {
    return name.replace(/^\s*Case\s+(?=\d{4,12}\b)/iu, '');
}

export function toConversation(g: WireGroup): ChatConversation {
    const meta = parseCaseMeta(groupNameForMeta(g.name), g.introduction);
    const last = g.lastMessage;
    return {
        ...meta,
        groupId: g.groupId,
        groupName: g.name || g.groupId,
        unread: g.unread,
        lastText: last ? previewText(toBody(last.elements)) : '',
        lastTime: last ? last.time : 0,
        muted: g.muteAll,
    };
}

/** Elements → one message body: text elements are joined; otherwise the first image/file/custom element wins. */
export function toBody(elements: readonly unknown[]): MessageBody {
    const texts: string[] = [];
    for (const e of elements) if (isRecord(e) && e.type === 'text' && typeof e.text === 'string') texts.push(e.text);
    if (texts.length > 0) return { kind: 'text', text: texts.join('') };
    for (const e of elements) {
        if (!isRecord(e)) continue;
        if (e.type === 'image') return { kind: 'image', url: safeHttpUrl(str(e.url)) ?? '', name: 'image' };
        if (e.type === 'file')
            return {
                kind: 'file',
                url: safeHttpUrl(str(e.url)) ?? '',
                name: str(e.name) || 'file',
                size: Math.max(0, num(e.size)),
            };
        if (e.type === 'custom') return { kind: 'custom', data: str(e.data) };
    }
    return { kind: 'unsupported' };
}

export function toChatMessage(m: WireMessage, selfId: string, clientId?: string): ChatMessage {
    return {
        groupId: m.groupId,
        seq: m.seq,
        clientId: clientId ?? `sbx-${m.groupId}-${m.seq}`,
        from: m.from,
        nick: '',
        mine: m.from === selfId,
        time: m.time,
        body: toBody(m.elements),
        delivery: 'sent',
        origin: 'live',
    };
}
