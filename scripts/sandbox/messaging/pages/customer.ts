/// <reference lib="dom" />
/**
 * A customer's one-to-one chat with the support account over the fake Tencent Chat WebSocket (the fake's C2C ops).
 * Shows agent messages with the agent's name, notices (joined, ended…), the agent's typing and read state; sends
 * the customer's typing and read reports. All text is rendered with textContent.
 */
interface WireC2C {
    from: string;
    to: string;
    time: number;
    msgKey: string;
    elements: Array<{ type: string; text?: string; data?: string; url?: string; name?: string }>;
    cloudCustomData: string;
    onlineOnly: boolean;
}

(() => {
    const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
    const data = JSON.parse(el('page-data').textContent ?? '{}') as {
        serviceUserId: string;
        wsPath: string;
        sdkAppId: number;
    };
    const list = el<HTMLOListElement>('messages');
    const input = el<HTMLInputElement>('message-text');
    const typingLine = el<HTMLParagraphElement>('agent-typing');
    let socket: WebSocket | null = null;
    let me = '';
    let seq = 0;
    let peerReadTime = 0;
    const pending = new Map<number, (result: Record<string, unknown>) => void>();
    const messages: WireC2C[] = [];
    let typing = false;
    let typingTimer: number | undefined;

    const random = () => crypto.getRandomValues(new Uint32Array(1))[0]!;
    const op = (name: string, fields: Record<string, unknown>) =>
        new Promise<Record<string, unknown>>((resolve) => {
            const id = ++seq;
            pending.set(id, resolve);
            socket?.send(JSON.stringify({ v: 1, id, op: name, ...fields }));
        });

    const parse = (s: string | undefined): Record<string, unknown> | null => {
        try {
            const v: unknown = JSON.parse(s ?? '');
            return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null;
        } catch {
            return null;
        }
    };

    function render(): void {
        list.replaceChildren(
            ...messages.map((m) => {
                const li = document.createElement('li');
                const mine = m.from === me;
                const custom = m.elements[0]?.type === 'custom' ? parse(m.elements[0].data) : null;
                if (custom && custom['businessID'] === 'tim_messaging_notice') {
                    li.className = 'notice';
                    li.dataset['kind'] = String(custom['kind']);
                    li.textContent = String(custom['text']);
                    return li;
                }
                li.className = mine ? 'mine' : 'agent';
                const who = document.createElement('span');
                who.className = 'who';
                who.textContent = mine
                    ? 'You: '
                    : `${String(parse(m.cloudCustomData)?.['senderDisplayName'] ?? 'Support')}: `;
                li.append(who);
                for (const e of m.elements) {
                    const part = document.createElement('span');
                    part.className = 'text';
                    part.textContent = e.type === 'text' ? (e.text ?? '') : `[${e.type}${e.name ? `: ${e.name}` : ''}]`;
                    li.append(part);
                }
                if (mine && peerReadTime >= Math.floor(m.time / 1000)) {
                    const read = document.createElement('span');
                    read.className = 'read-mark';
                    read.textContent = ' · Read';
                    li.append(read);
                }
                return li;
            }),
        );
    }

    function onMessage(m: WireC2C): void {
        const custom = m.elements[0]?.type === 'custom' ? parse(m.elements[0].data) : null;
        if (m.onlineOnly && custom?.['businessID'] === 'user_typing_status') {
            if (m.from !== me) {
                typingLine.hidden = custom['typingStatus'] !== 1;
                typingLine.textContent = 'The agent is typing…';
            }
            return;
        }
        if (messages.some((x) => x.msgKey === m.msgKey)) return;
        messages.push(m);
        if (m.from !== me) {
            typingLine.hidden = true;
            if (document.visibilityState === 'visible') void op('markC2CRead', { peer: data.serviceUserId });
        }
        render();
    }

    async function start(customerId: string): Promise<void> {
        const res = await fetch('/sandbox/messaging/api/customer-session', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ customerId }),
        });
        const session = (await res.json()) as { userId?: string; userSig?: string };
        if (!session.userId || !session.userSig) return;
        me = session.userId;
        const url = `ws://${location.host}${data.wsPath}?sdkappid=${data.sdkAppId}&userid=${encodeURIComponent(me)}&usersig=${encodeURIComponent(session.userSig)}`;
        socket = new WebSocket(url);
        socket.onmessage = (ev: MessageEvent<string>) => {
            const frame = JSON.parse(ev.data) as Record<string, unknown>;
            if (frame['type'] === 'ready') {
                void op('getC2CMessages', { peer: data.serviceUserId }).then((r) => {
                    peerReadTime = Number(r['peerReadTime'] ?? 0);
                    for (const m of (r['messages'] as WireC2C[] | undefined) ?? []) onMessage(m);
                    el('chat').hidden = false;
                    el('login-form').hidden = true;
                    document.body.dataset['ready'] = 'true';
                });
            } else if (frame['type'] === 'reply') {
                pending.get(Number(frame['id']))?.((frame['result'] as Record<string, unknown>) ?? {});
                pending.delete(Number(frame['id']));
            } else if (frame['event'] === 'c2cMessage') onMessage(frame['message'] as WireC2C);
            else if (frame['event'] === 'c2cRead' && frame['reader'] === data.serviceUserId) {
                peerReadTime = Math.max(peerReadTime, Number(frame['readTime'] ?? 0));
                render();
            }
        };
    }

    const sendTyping = (on: boolean) => {
        typing = on;
        const payload = JSON.stringify({ businessID: 'user_typing_status', typingStatus: on ? 1 : 0, version: 1 });
        void op('sendC2C', {
            peer: data.serviceUserId,
            random: random(),
            onlineOnly: true,
            elements: [{ type: 'custom', data: payload }],
        });
    };
    input.addEventListener('input', () => {
        if (!typing && input.value !== '') sendTyping(true);
        window.clearTimeout(typingTimer);
        typingTimer = window.setTimeout(() => typing && sendTyping(false), 3000);
    });
    el<HTMLFormElement>('login-form').addEventListener('submit', (ev) => {
        ev.preventDefault();
        void start(el<HTMLInputElement>('customer-id').value.trim());
    });
    el<HTMLFormElement>('send-form').addEventListener('submit', (ev) => {
        ev.preventDefault();
        const text = input.value.trim();
        if (!text) return;
        input.value = '';
        window.clearTimeout(typingTimer);
        if (typing) sendTyping(false);
        void op('sendC2C', { peer: data.serviceUserId, random: random(), elements: [{ type: 'text', text }] });
    });
})();
