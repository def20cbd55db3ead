/// <reference lib="dom" />
/**
 * Customer page: ticket form → `POST /v1/tickets` (the relay's public route) → chat through the real Tencent Chat
 * Web SDK (customer-chat.ts) as the customer id the relay minted, with the UserSig and SDK endpoints from the answer.
 */
import type { TicketResult } from '../../relay/src/services/ticket-service.js';
import type { SdkEndpoints } from '../../relay/src/tencent/sdk-endpoints.js';
import { ChatError, CustomerChat, type ClosedKind, type WireMessage } from './customer-chat.js';
import { api, byId, errorMessage, h, hide, safeHref, show, timeLabel } from './dom.js';
import { parseRatingRequest, renderRatingRequest } from './rating-request.js';
import { splitLinks } from '../../../lwc-src/src/store/link-segments.js';
import { TYPING_EXPIRY_MS, TYPING_IDLE_MS, TypingThrottle } from '../../../lwc-src/src/chat/typing-signal.js';

/**
 * The relay's answer to `POST /v1/tickets` (the status code says whether it was replayed), with the SDK proxy
 * endpoints the relay hands out beside the UserSig (the sandbox: its gateway).
 */
type TicketAnswer = Omit<TicketResult, 'replayed'> & SdkEndpoints;
/** The answer with the subject the customer typed (shown in the chat header). */
type Ticket = TicketAnswer & { subject: string };

const TICKET_KEY = 'sandbox.customer.ticket';
const IDEMPOTENCY_KEY = 'sandbox.customer.idempotencyKey';

const ticketView = byId('ticket-view');
const chatView = byId('chat-view');
const form = byId<HTMLFormElement>('ticket-form');
const ticketError = byId('ticket-error');
const submit = byId<HTMLButtonElement>('ticket-submit');
const list = byId<HTMLOListElement>('chat-messages');
const input = byId<HTMLTextAreaElement>('chat-input');
const chatForm = byId<HTMLFormElement>('chat-form');
const conn = byId('chat-conn');
const banner = byId('chat-banner');
const chatError = byId('chat-error');
/** "Support is typing…" under the messages (online-only signals from the agent's widget). */
const typingLine = h('p', { className: 'typing', id: 'chat-typing', role: 'status', 'aria-live': 'polite' });
list.after(typingLine);
let typingExpiry: ReturnType<typeof setTimeout> | null = null;
const typingOut = new TypingThrottle();
let typingIdle: ReturnType<typeof setTimeout> | null = null;

let chat: CustomerChat | null = null;
let ticket: Ticket | null = null;
const messages = new Map<number, WireMessage>();

function loadTicket(): Ticket | null {
    try {
        const raw = sessionStorage.getItem(TICKET_KEY);
        return raw ? (JSON.parse(raw) as Ticket) : null;
    } catch {
        return null;
    }
}

function idempotencyKey(): string {
    let key = sessionStorage.getItem(IDEMPOTENCY_KEY);
    if (!key) {
        key = `web_${crypto.randomUUID()}`;
        sessionStorage.setItem(IDEMPOTENCY_KEY, key);
    }
    return key;
}

form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void openTicket();
});

async function openTicket(): Promise<void> {
    hide(ticketError);
    const data = new FormData(form);
    const value = (k: string) => String(data.get(k) ?? '').trim();
    const body: Record<string, string> = { name: value('name'), email: value('email'), subject: value('subject') };
    const missing = Object.entries(body)
        .filter(([, v]) => v === '')
        .map(([k]) => k);
    if (missing.length > 0) {
        show(ticketError, `Please fill in: ${missing.join(', ')}.`);
        return;
    }
    if (value('message') !== '') body.message = value('message');
    submit.disabled = true;
    submit.textContent = 'Starting…';
    try {
        const res = await api<TicketAnswer>('POST', '/v1/tickets', body, { 'Idempotency-Key': idempotencyKey() });
        if (!res.userSig) throw new Error('The relay did not return a chat login for this ticket.');
        ticket = { ...res, subject: body.subject ?? '' };
        sessionStorage.setItem(TICKET_KEY, JSON.stringify(ticket));
        sessionStorage.removeItem(IDEMPOTENCY_KEY);
        startChat(ticket);
    } catch (e) {
        show(ticketError, `Could not open the ticket: ${errorMessage(e)}`);
    } finally {
        submit.disabled = false;
        submit.textContent = 'Start chat';
    }
}

function startChat(t: Ticket): void {
    hide(ticketView);
    show(chatView);
    byId('chat-case').textContent = `Case ${t.caseNumber}`;
    byId('chat-subject').textContent = t.subject;
    chatView.dataset.caseId = t.caseId;
    const session = new CustomerChat(
        {
            sdkAppId: t.sdkAppId,
            customerId: t.customerId,
            userSig: t.userSig ?? '',
            groupId: t.groupId,
            ...(t.proxyServer ? { proxyServer: t.proxyServer } : {}),
            ...(t.fileUploadProxy ? { fileUploadProxy: t.fileUploadProxy } : {}),
            ...(t.fileDownloadProxy ? { fileDownloadProxy: t.fileDownloadProxy } : {}),
        },
        {
            onState: (state, detail) => {
                conn.textContent = state;
                conn.dataset.state = state;
                if (detail) show(chatError, detail);
                if (state === 'connected') void refresh();
            },
            onMessage: (m) => {
                if (m.from !== ticket?.customerId) showTyping(null);
                add(m);
                seen();
            },
            onTyping: (_from, nick, typing) => showTyping(typing ? nick : null),
            onClosed: (kind) => {
                const wasGone = chatView.dataset.closed === 'dismissed';
                setClosed(kind);
                // Back in the group (reopened): load what was said meanwhile.
                if (kind !== 'dismissed' && wasGone) void refresh();
            },
        },
    );
    chat = session;
    void session.start();
}

/** Everything the customer may see (they are a member since the group was created), and the group's state. */
async function refresh(): Promise<void> {
    const c = chat;
    if (!c) return;
    try {
        const state: ClosedKind = await c.groupState();
        setClosed(state);
        if (state === 'dismissed') return;
        for (const m of await c.messages()) add(m);
        seen();
    } catch (e) {
        show(chatError, `Could not load the conversation: ${errorMessage(e)}`);
    }
}

function setClosed(kind: 'muted' | 'dismissed' | null): void {
    chatView.dataset.closed = kind ?? '';
    if (kind === 'muted') show(banner, 'Support closed this case. Thank you for contacting us!');
    else if (kind === 'dismissed') show(banner, 'This conversation has ended.');
    else hide(banner);
    input.disabled = kind !== null;
    byId<HTMLButtonElement>('chat-send').disabled = kind !== null;
}

function add(m: WireMessage): void {
    if (!Number.isInteger(m.seq) || messages.has(m.seq)) return;
    messages.set(m.seq, m);
    render();
}

/** Support's messages count as read while the page is in view (read receipts to the agent, unread cleared). */
function seen(): void {
    if (document.visibilityState === 'visible') void chat?.markSeen();
}
document.addEventListener('visibilitychange', seen);

/** `nick` = who is typing ('' = unnamed support agent); null = nobody. Lapses after TYPING_EXPIRY_MS. */
function showTyping(nick: string | null): void {
    if (typingExpiry) clearTimeout(typingExpiry);
    typingExpiry = null;
    typingLine.textContent = nick === null ? '' : `${nick || 'Support'} is typing…`;
    if (nick !== null) typingExpiry = setTimeout(() => showTyping(null), TYPING_EXPIRY_MS);
}

/** The customer typed: at most one signal per few seconds, "stopped" after a pause. */
function typed(): void {
    if (!chat || input.value.trim() === '') return;
    if (typingOut.input(Date.now())) void chat.sendTyping(true);
    if (typingIdle) clearTimeout(typingIdle);
    typingIdle = setTimeout(() => {
        if (typingOut.stop()) void chat?.sendTyping(false);
    }, TYPING_IDLE_MS);
}

/** Message text with http(s) URLs as links (the widget's own splitter; everything stays text). */
function textWithLinks(text: string): Node[] {
    return splitLinks(text).map((seg) =>
        seg.isLink
            ? h('a', { href: seg.href, target: '_blank', rel: 'noopener noreferrer', text: seg.text })
            : document.createTextNode(seg.text),
    );
}

function bodyOf(m: WireMessage): Node {
    const parts: Node[] = [];
    for (const e of m.elements ?? []) {
        if (e.type === 'text') parts.push(...textWithLinks(e.text ?? ''));
        else if (e.type === 'image') {
            // Shown inline (the sandbox serves only sniffed PNG/JPEG/GIF/WebP as images), linked to the full size.
            const href = safeHref(e.url ?? '');
            parts.push(
                href
                    ? h(
                          'a',
                          { href, target: '_blank', rel: 'noopener noreferrer', className: 'image-link' },
                          h('img', { className: 'image', src: href, alt: 'Image from support' }),
                      )
                    : document.createTextNode('[Image]'),
            );
        } else if (e.type === 'file') {
            // A download link (the sandbox serves non-images as attachments).
            const href = safeHref(e.url ?? '');
            const label = `[File] ${e.name || 'file'}`;
            parts.push(
                href
                    ? h('a', {
                          href,
                          target: '_blank',
                          rel: 'noopener noreferrer',
                          download: e.name || 'file',
                          className: 'file-link',
                          text: label,
                      })
                    : document.createTextNode(label),
            );
        } else if (e.type === 'custom' && parseRatingRequest(e.data ?? '')) {
            parts.push(renderRatingRequest(parseRatingRequest(e.data ?? '')!));
        } else parts.push(document.createTextNode(`[${e.type}]`));
    }
    return h('p', { className: 'text' }, ...parts);
}

function render(): void {
    const self = ticket?.customerId ?? '';
    const items = [...messages.values()].sort((a, b) => a.seq - b.seq);
    list.replaceChildren(
        ...items.map((m) => {
            const mine = m.from === self;
            return h(
                'li',
                {
                    className: mine ? 'msg mine' : 'msg theirs',
                    'data-seq': m.seq,
                    'data-from': mine ? 'me' : 'support',
                },
                h('span', { className: 'who', text: mine ? 'You' : 'Support' }),
                h('time', { text: timeLabel(m.time) }),
                bodyOf(m),
            );
        }),
    );
    list.lastElementChild?.scrollIntoView({ block: 'end' });
}

function sendErrorText(e: unknown): string {
    const code = e instanceof ChatError ? e.code : 0;
    if (code === 10017) return 'Support closed this conversation; it no longer accepts messages.';
    if (code === 10010) return 'This conversation has ended.';
    if (code === 10007) return 'You are not part of this conversation any more.';
    return `Not sent: ${errorMessage(e)}`;
}

async function send(): Promise<void> {
    const c = chat;
    const text = input.value.trim();
    if (!c || text === '') return;
    hide(chatError);
    input.value = '';
    if (typingIdle) clearTimeout(typingIdle);
    typingOut.stop(); // the message itself ends "is typing" for Support
    try {
        add(await c.sendText(text));
    } catch (e) {
        input.value = text;
        show(chatError, sendErrorText(e));
    }
}

chatForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void send();
});
input.addEventListener('input', typed);
input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey) {
        ev.preventDefault();
        void send();
    }
});
byId('new-ticket').addEventListener('click', () => {
    void chat?.stop();
    chat = null;
    ticket = null;
    messages.clear();
    list.replaceChildren();
    sessionStorage.removeItem(TICKET_KEY);
    form.reset();
    hide(chatView);
    show(ticketView);
});

ticket = loadTicket();
if (ticket) startChat(ticket);
