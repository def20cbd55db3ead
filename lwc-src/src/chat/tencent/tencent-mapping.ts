import type { Conversation, Message } from '@tencentcloud/chat';
import type { ChatConversation, ChatMessage, DeliveryState, KickReason, MessageBody } from '../chat-types';
import { parseCaseMeta } from '../case-meta';

export const GROUP_PREFIX = 'GROUP';

/** Tencent Web SDK message (times in seconds) → ChatMessage (ms). */
export function mapMessage(m: Message, selfId: string, clientId?: string): ChatMessage {
    return {
        groupId: m.to,
        seq:
            typeof m.sequence === 'number' && m.sequence > 0 && m.status !== 'unSend' && m.status !== 'fail'
                ? m.sequence
                : null,
        clientId: clientId ?? m.ID,
        from: m.from,
        nick: m.nick || m.nameCard || '',
        mine: m.flow === 'out' || m.from === selfId,
        time: toMs(m.time),
        body: mapBody(m.type as unknown as string, m.payload as Record<string, unknown> | undefined),
        delivery: mapStatus(m.status),
        origin: 'live',
    };
}

function toMs(t: number): number {
    // The Web SDK reports seconds; guard against ms in case a version changes it.
    return t > 1e12 ? t : t * 1000;
}

function mapStatus(status: string): DeliveryState {
    if (status === 'fail') return 'failed';
    if (status === 'unSend') return 'sending';
    return 'sent';
}

function mapBody(type: string, payload: Record<string, unknown> | undefined): MessageBody {
    const p = payload ?? {};
    switch (type) {
        case 'TIMTextElem':
            return { kind: 'text', text: typeof p.text === 'string' ? p.text : '' };
        case 'TIMImageElem': {
            const infos = Array.isArray(p.imageInfoArray) ? (p.imageInfoArray as Array<Record<string, unknown>>) : [];
            // 0 = original, 1 = large, 2 = thumbnail: prefer the thumbnail for the list.
            const pick = infos.find((i) => i.type === 2) ?? infos[0];
            // `url` is what the SDK shows (for our own just-sent image a blob: URL of the local file); `imageUrl` is
            // the uploaded file's URL. Use the remote one whenever `url` is not http(s).
            const shown = typeof pick?.url === 'string' ? pick.url : '';
            const remote = typeof pick?.imageUrl === 'string' ? pick.imageUrl : '';
            return { kind: 'image', url: /^https?:/i.test(shown) ? shown : remote, name: 'image' };
        }
        case 'TIMFileElem':
            return {
                kind: 'file',
                url: typeof p.fileUrl === 'string' ? p.fileUrl : '',
                name: typeof p.fileName === 'string' ? p.fileName : 'file',
                size: typeof p.fileSize === 'number' ? p.fileSize : 0,
            };
        case 'TIMCustomElem':
            return { kind: 'custom', data: typeof p.data === 'string' ? p.data : '' };
        default:
            return { kind: 'unsupported' };
    }
}

export function mapConversation(c: Conversation): ChatConversation | null {
    if (!c.conversationID.startsWith(GROUP_PREFIX) || !c.groupProfile) return null;
    const g = c.groupProfile;
    const meta = parseCaseMeta(g.name || '', g.introduction || '');
    const last = (c.lastMessage ?? {}) as Record<string, unknown>;
    return {
        ...meta,
        groupId: g.groupID,
        groupName: g.name || g.groupID,
        unread: c.unreadCount || 0,
        lastText: typeof last.messageForShow === 'string' ? last.messageForShow : '',
        lastTime: typeof last.lastTime === 'number' ? toMs(last.lastTime) : 0,
        lastFrom: typeof last.fromAccount === 'string' ? last.fromAccount : '',
        muted: g.muteAllMembers === true,
    };
}

export function mapKickReason(type: unknown): KickReason {
    switch (type) {
        case 'multipleAccount':
            return 'multipleAccount';
        case 'multipleDevice':
            return 'multipleDevice';
        case 'userSigExpired':
            return 'userSigExpired';
        case 'REST_API_Kick':
            return 'restApi';
        default:
            return 'unknown';
    }
}
