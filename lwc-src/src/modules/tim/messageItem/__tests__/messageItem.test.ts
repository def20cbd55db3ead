import { createElement } from 'lwc';
import MessageItem from 'tim/messageItem';
import { messageView } from '../../../../view/view-model';
import type { ChatMessage } from '../../../../chat/chat-types';

const base: ChatMessage = {
    groupId: '500000000000001AAA',
    seq: 1,
    clientId: 'x',
    from: 'cust_1',
    nick: 'Mallory',
    mine: false,
    time: 0,
    body: { kind: 'text', text: '' },
    delivery: 'sent',
    origin: 'live',
};

function render(message: Partial<ChatMessage>, divider: 'none' | 'backfill' | 'joined' = 'none'): HTMLElement {
    const el = createElement('tim-message-item', { is: MessageItem });
    Object.assign(el, { message: messageView({ ...base, ...message }, divider, undefined, Date.now()) });
    document.body.appendChild(el);
    return el;
}

afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
});

describe('tim-message-item', () => {
    it.each(['<img src=x onerror=alert(1)>', '<script>alert(2)</script>', '<b onmouseover="x()">bold</b>'])(
        'renders %s as text only',
        (text) => {
            const el = render({ body: { kind: 'text', text } });
            const root = el.shadowRoot as ShadowRoot;
            expect(root.querySelector('.text')?.textContent).toBe(text);
            expect(root.querySelector('img')).toBeNull();
            expect(root.querySelector('script')).toBeNull();
            expect(root.querySelector('b')).toBeNull();
        },
    );

    it('links only http(s) URLs, opening a new tab without opener', () => {
        const el = render({ body: { kind: 'text', text: 'see https://example.com/x and javascript:alert(1)' } });
        const links = [...(el.shadowRoot as ShadowRoot).querySelectorAll('a')];
        expect(links).toHaveLength(1);
        expect(links[0]?.getAttribute('href')).toBe('https://example.com/x');
        expect(links[0]?.getAttribute('target')).toBe('_blank');
        expect(links[0]?.getAttribute('rel')).toBe('noopener noreferrer');
    });

    it('shows sender, delivery state and a retry button for failed sends', () => {
        const el = render({ seq: null, mine: true, delivery: 'failed', body: { kind: 'text', text: 'hi' } });
        const root = el.shadowRoot as ShadowRoot;
        expect(root.querySelector('.sender')?.textContent).toBe('You');
        expect(root.querySelector('.delivery-label')?.textContent).toBe('Not sent');
        const retry = jest.fn();
        el.addEventListener('retry', retry);
        (root.querySelector('.retry') as HTMLButtonElement).click();
        expect(retry).toHaveBeenCalled();
    });

    it('does not link a file with a non-http URL', () => {
        const el = render({ body: { kind: 'file', url: 'javascript:alert(1)', name: 'a.pdf', size: 2048 } });
        const root = el.shadowRoot as ShadowRoot;
        expect(root.querySelector('a')).toBeNull();
        expect(root.querySelector('.attachment')?.textContent).toContain('a.pdf (2.0 KB)');
    });

    it('marks the start of the backfilled section', () => {
        const el = render({ origin: 'history', body: { kind: 'text', text: 'old' } }, 'backfill');
        expect((el.shadowRoot as ShadowRoot).querySelector('.divider')?.textContent).toBe('Messages before you joined');
    });
});
