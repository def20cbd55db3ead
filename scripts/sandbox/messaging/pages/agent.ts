/// <reference lib="dom" />
/**
 * The Messaging console stand-in (sandbox): live conversations over Server-Sent Events; accept, reply, typing,
 * read and end post to the sandbox, which publishes the channel's platform event as Salesforce would. All text is
 * rendered with textContent.
 */
interface EntryView {
    id: string;
    type: string;
    role: string;
    name: string;
    at: number;
    text: string | null;
    attachment: { name: string; size: number; mimeType: string } | null;
    acknowledges: { entryId: string; type: string } | null;
}
interface ConversationView {
    id: string;
    customer: string;
    status: string;
    agent: string | null;
    customerTyping: boolean;
    entries: EntryView[];
}

(() => {
    const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
    const list = el<HTMLElement>('conversations');
    const thread = el<HTMLElement>('thread');
    const entries = el<HTMLOListElement>('entries');
    const replyForm = el<HTMLFormElement>('reply-form');
    const replyText = el<HTMLInputElement>('reply-text');
    let conversations: ConversationView[] = [];
    let selected: string | null = null;
    let lastReadSent = '';
    let typing = false;
    let typingTimer: number | undefined;

    const post = (action: string, body: Record<string, unknown> = {}) =>
        selected
            ? fetch(`/sandbox/messaging/api/conversations/${encodeURIComponent(selected)}/${action}`, {
                  method: 'POST',
                  headers: { 'content-type': 'application/json' },
                  body: JSON.stringify(body),
              })
            : Promise.resolve(null);

    const node = (tag: string, text: string, cls?: string) => {
        const n = document.createElement(tag);
        n.textContent = text;
        if (cls) n.className = cls;
        return n;
    };

    function render(): void {
        list.replaceChildren(
            node('h2', 'Conversations'),
            ...conversations.map((c) => {
                const b = node(
                    'button',
                    `${c.customer} · ${c.status}`,
                    c.id === selected ? 'conversation selected' : 'conversation',
                );
                b.dataset['customer'] = c.customer;
                b.addEventListener('click', () => {
                    selected = c.id;
                    render();
                });
                return b;
            }),
        );
        if (!selected && conversations[0]) selected = conversations[0].id;
        const c = conversations.find((x) => x.id === selected);
        thread.hidden = !c;
        if (!c) return;
        el('thread-title').textContent = `Conversation with ${c.customer}`;
        el('thread-status').textContent = `Status: ${c.status}${c.agent ? ` · ${c.agent}` : ''}`;
        el('thread-status').dataset['status'] = c.status;
        el('customer-typing').hidden = !c.customerTyping;
        el<HTMLButtonElement>('accept').disabled = c.status !== 'Waiting';
        el<HTMLButtonElement>('end').disabled = c.status === 'Ended';
        replyText.disabled = c.status !== 'Active';
        const readByCustomer = new Set(
            c.entries.filter((e) => e.acknowledges && e.role === 'EndUser').map((e) => e.acknowledges!.entryId),
        );
        entries.replaceChildren(
            ...c.entries
                .filter(
                    (e) => e.type === 'Message' || e.type === 'ParticipantChanged' || e.type === 'SessionStatusChanged',
                )
                .filter((e) => e.type === 'Message')
                .map((e) => {
                    const li = document.createElement('li');
                    li.dataset['role'] = e.role;
                    li.className = e.role === 'EndUser' ? 'customer' : 'agent';
                    li.append(node('span', `${e.role === 'EndUser' ? c.customer : e.name}: `, 'who'));
                    if (e.text) li.append(node('span', e.text, 'text'));
                    if (e.attachment)
                        li.append(node('span', `📎 ${e.attachment.name} (${e.attachment.size} bytes)`, 'attachment'));
                    if (e.role !== 'EndUser' && readByCustomer.has(e.id))
                        li.append(node('span', ' · Read', 'read-mark'));
                    return li;
                }),
        );
        // The agent sees the thread: acknowledge the newest customer message once.
        const lastCustomer = [...c.entries].reverse().find((e) => e.role === 'EndUser' && e.type === 'Message');
        if (
            c.status === 'Active' &&
            lastCustomer &&
            lastCustomer.id !== lastReadSent &&
            document.visibilityState === 'visible'
        ) {
            lastReadSent = lastCustomer.id;
            void post('read', { entryId: lastCustomer.id });
        }
    }

    const events = new EventSource('/sandbox/messaging/api/events');
    events.onmessage = (m: MessageEvent<string>) => {
        conversations = (JSON.parse(m.data) as { conversations: ConversationView[] }).conversations;
        render();
    };

    const stopTyping = () => {
        if (!typing) return;
        typing = false;
        void post('typing', { typing: false });
    };
    replyText.addEventListener('input', () => {
        if (!typing && replyText.value !== '') {
            typing = true;
            void post('typing', { typing: true });
        }
        window.clearTimeout(typingTimer);
        typingTimer = window.setTimeout(stopTyping, 3000);
    });
    el('accept').addEventListener('click', () => void post('accept'));
    el('end').addEventListener('click', () => void post('end'));
    replyForm.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const text = replyText.value.trim();
        if (!text) return;
        replyText.value = '';
        window.clearTimeout(typingTimer);
        stopTyping();
        void post('reply', { text });
    });
})();
