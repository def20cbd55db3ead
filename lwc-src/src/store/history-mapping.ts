import type { HistoryElement, HistoryMessage } from '../protocol/messages';
import type { ChatMessage, MessageBody } from '../chat/chat-types';

/** A relay history message (one message may hold several elements) → one ChatMessage with origin "history". */
export function historyToChatMessage(groupId: string, m: HistoryMessage, selfId: string): ChatMessage {
    return {
        groupId,
        seq: m.seq,
        clientId: `h${m.seq}`,
        from: m.from,
        nick: '',
        mine: m.from === selfId,
        time: m.time,
        body: bodyOf(m.elements),
        delivery: 'sent',
        origin: 'history',
    };
}

function bodyOf(elements: HistoryElement[]): MessageBody {
    const texts = elements.filter((e): e is Extract<HistoryElement, { type: 'text' }> => e.type === 'text');
    if (texts.length) return { kind: 'text', text: texts.map((t) => t.text).join('\n') };
    const first = elements[0];
    if (!first) return { kind: 'text', text: '' };
    switch (first.type) {
        case 'image':
            return { kind: 'image', url: first.url, name: 'image' };
        case 'file':
            return { kind: 'file', url: first.url, name: first.name, size: first.size };
        case 'custom':
            return { kind: 'custom', data: first.data };
        default:
            return { kind: 'unsupported' };
    }
}
