import type { ChatConversation, ChatMessage, ReadState } from '../chat/chat-types';
import { safeHttpUrl, splitLinks, type TextSegment } from '../store/link-segments';
import type { MessageThread } from '../store/message-thread';
import { fileSize, fullTime, shortTime } from './format';
import { waitLabel } from '../store/wait-time';
import { label } from '../i18n/labels';

export interface ConversationItemView {
    key: string;
    groupId: string;
    caseNumber: string;
    subject: string;
    customerName: string;
    preview: string;
    timeLabel: string;
    unread: number;
    hasUnread: boolean;
    unreadLabel: string;
    /** How long the customer has waited for a reply ('' when an agent wrote last). */
    waitLabel: string;
    hasWait: boolean;
    /** "<customer> is typing…" ('' when nobody is). */
    typingLabel: string;
    isTyping: boolean;
    /** Said after the unread badge (the badge itself is hidden from screen readers): "2 unread". */
    unreadSpoken: string;
}

/** What the list row shows beyond the conversation itself (the store's view of it). */
export interface ConversationExtras {
    /** Unread for this agent (ChatStore.unreadOf). */
    unread: number;
    /** Who is typing in it, or null. */
    typing: { from: string; nick: string } | null;
}

/** Per-thread lookups for message views: names of other senders, read state of the agent's messages. */
export interface ThreadLookups {
    nameOf: (userId: string) => string;
    readStateOf: (seq: number | null) => ReadState | null;
}

const NO_LOOKUPS: ThreadLookups = { nameOf: () => '', readStateOf: () => null };

export type Divider = 'none' | 'backfill' | 'joined';

export interface MessageView {
    key: string;
    clientId: string;
    mine: boolean;
    senderLabel: string;
    timeLabel: string;
    timeTitle: string;
    isText: boolean;
    segments: TextSegment[];
    isImage: boolean;
    isFile: boolean;
    otherLabel: string;
    url: string;
    hasUrl: boolean;
    fileLabel: string;
    failed: boolean;
    deliveryLabel: string;
    /** 'sending' | 'failed' | 'sent' | 'delivered' | 'read' for the agent's own messages, '' for others'. */
    deliveryState: string;
    showBackfillHeader: boolean;
    showJoinedDivider: boolean;
    cssClass: string;
}

/** One list row; `waitingSince` comes from the messages the widget has (store/wait-time.ts), null when not waiting. */
export function conversationItem(
    c: ChatConversation,
    now: number,
    waitingSince: number | null = null,
    extras: ConversationExtras = { unread: c.unread, typing: null },
): ConversationItemView {
    const wait = waitLabel(waitingSince, now);
    const unread = extras.unread;
    const typingLabel = extras.typing ? typingText(extras.typing, c) : '';
    return {
        key: c.groupId,
        groupId: c.groupId,
        caseNumber: c.caseNumber || c.groupName,
        subject: c.subject,
        customerName: c.customerName,
        preview: c.lastText,
        timeLabel: shortTime(c.lastTime, now),
        unread,
        hasUnread: unread > 0,
        unreadLabel: unread > 99 ? '99+' : String(unread),
        waitLabel: wait,
        hasWait: wait !== '',
        typingLabel,
        isTyping: typingLabel !== '',
        unreadSpoken: unread ? label('unreadCount', { count: unread }) : '',
    };
}

/** "<name> is typing…": the customer's name for the customer, else the sender's nick (or "Customer"). */
export function typingText(typist: { from: string; nick: string }, c: ChatConversation | undefined): string {
    const name =
        c && typist.from === c.customerId && c.customerName ? c.customerName : typist.nick || label('customer');
    return label('isTyping', { name });
}

export function senderLabel(
    m: ChatMessage,
    conversation: ChatConversation | undefined,
    nameOf: (userId: string) => string = NO_LOOKUPS.nameOf,
): string {
    if (m.mine) return label('you');
    if (m.nick) return m.nick;
    const known = nameOf(m.from);
    if (known) return known;
    if (
        conversation &&
        (m.from === conversation.customerId || (m.from.startsWith('cust_') && conversation.customerName))
    ) {
        return conversation.customerName || m.from;
    }
    if (m.from.startsWith('005')) return label('agent');
    return m.from || label('unknownSender');
}

const cache = new WeakMap<ChatMessage, { divider: Divider; label: string; state: string; view: MessageView }>();

/** The delivery state shown for a message: the agent's own confirmed ones say sent / delivered / read. */
function deliveryStateOf(m: ChatMessage, readState: ReadState | null): string {
    if (!m.mine) return '';
    if (m.delivery !== 'sent') return m.delivery;
    return m.origin === 'live' ? (readState ?? 'sent') : '';
}

const DELIVERY_LABELS: Record<string, () => string> = {
    sending: () => label('sending'),
    failed: () => label('notSent'),
    sent: () => label('sent'),
    delivered: () => label('delivered'),
    read: () => label('read'),
};

/** View of one message; cached per message object so unchanged rows keep their identity (cheap re-render). */
export function messageView(
    m: ChatMessage,
    divider: Divider,
    conversation: ChatConversation | undefined,
    now: number,
    lookups: ThreadLookups = NO_LOOKUPS,
): MessageView {
    const sender = senderLabel(m, conversation, lookups.nameOf);
    const state = deliveryStateOf(m, m.mine ? lookups.readStateOf(m.seq) : null);
    const hit = cache.get(m);
    if (hit && hit.divider === divider && hit.label === sender && hit.state === state) return hit.view;
    const body = m.body;
    const url = body.kind === 'image' || body.kind === 'file' ? (safeHttpUrl(body.url) ?? '') : '';
    const view: MessageView = {
        key: m.seq !== null ? `s${m.seq}` : `c${m.clientId}`,
        clientId: m.clientId,
        mine: m.mine,
        senderLabel: sender,
        timeLabel: shortTime(m.time, now),
        timeTitle: fullTime(m.time),
        isText: body.kind === 'text',
        segments: body.kind === 'text' ? splitLinks(body.text) : [],
        isImage: body.kind === 'image',
        isFile: body.kind === 'file',
        otherLabel: body.kind === 'custom' ? label('customMessage') : label('unsupportedMessage'),
        url,
        hasUrl: url !== '',
        fileLabel:
            body.kind === 'file'
                ? `${body.name} (${fileSize(body.size)})`
                : body.kind === 'image'
                  ? body.name || label('image')
                  : '',
        failed: m.delivery === 'failed',
        deliveryLabel: DELIVERY_LABELS[state]?.() ?? '',
        deliveryState: state,
        showBackfillHeader: divider === 'backfill',
        showJoinedDivider: divider === 'joined',
        cssClass: `msg ${m.mine ? 'msg-mine' : 'msg-theirs'}${m.origin === 'history' ? ' msg-history' : ''}`,
    };
    cache.set(m, { divider, label: sender, state, view });
    return view;
}

/** The visible window of a thread, with the "before you joined" / "you joined" dividers placed. */
export function threadWindow(
    thread: MessageThread,
    conversation: ChatConversation | undefined,
    now: number,
    lookups: ThreadLookups = NO_LOOKUPS,
): MessageView[] {
    const list = thread.newest(thread.window);
    const views: MessageView[] = new Array<MessageView>(list.length);
    let prevHistory = false;
    for (let i = 0; i < list.length; i++) {
        const m = list[i] as ChatMessage;
        const isHistory = m.origin === 'history';
        let divider: Divider = 'none';
        if (isHistory && (i === 0 ? true : !prevHistory)) divider = 'backfill';
        else if (!isHistory && prevHistory) divider = 'joined';
        views[i] = messageView(m, divider, conversation, now, lookups);
        prevHistory = isHistory;
    }
    return views;
}
