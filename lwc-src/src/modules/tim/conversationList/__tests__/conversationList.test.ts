import { createElement } from 'lwc';
import ConversationList from 'tim/conversationList';
import { conversationItem } from '../../../../view/view-model';

const items = [
    conversationItem(
        {
            groupId: '500000000000001AAA',
            groupName: '',
            caseNumber: '00001001',
            subject: 'Cannot log in',
            customerName: 'Ada',
            customerId: '',
            unread: 2,
            lastText: 'hi',
            lastTime: 0,
            muted: false,
        },
        0,
    ),
    conversationItem(
        {
            groupId: '500000000000002AAA',
            groupName: '',
            caseNumber: '00001002',
            subject: 'Refund',
            customerName: 'Grace',
            customerId: '',
            unread: 0,
            lastText: '',
            lastTime: 0,
            muted: false,
        },
        0,
    ),
];

afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
});

function render(props: Record<string, unknown>): HTMLElement {
    const el = createElement('tim-conversation-list', { is: ConversationList });
    Object.assign(el, props);
    document.body.appendChild(el);
    return el;
}

describe('tim-conversation-list', () => {
    it('renders one labelled item per conversation with an unread badge', () => {
        const el = render({ conversations: items, total: 2, matching: 2 });
        const rows = [...(el.shadowRoot as ShadowRoot).querySelectorAll('tim-conversation-item')];
        expect(rows).toHaveLength(2);
        const first = (rows[0]?.shadowRoot as ShadowRoot).querySelector('button') as HTMLButtonElement;
        expect(first.getAttribute('aria-label')).toBe('Case 00001001: Cannot log in, Ada, 2 unread');
        expect(first.querySelector('.badge')?.textContent).toBe('2');
        expect((rows[1]?.shadowRoot as ShadowRoot).querySelector('.badge')).toBeNull();
    });

    it('emits filter changes and opens on click', () => {
        const el = render({ conversations: items, total: 2, matching: 2 });
        const root = el.shadowRoot as ShadowRoot;
        const filters: string[] = [];
        const opened: string[] = [];
        el.addEventListener('filterchange', (e) => filters.push((e as CustomEvent<{ value: string }>).detail.value));
        el.addEventListener('open', (e) => opened.push((e as CustomEvent<{ groupId: string }>).detail.groupId));
        const input = root.querySelector('input') as HTMLInputElement;
        expect(input.getAttribute('aria-label')).toBe('Filter conversations');
        input.value = 'refund';
        input.dispatchEvent(new Event('input'));
        const row = root.querySelectorAll('tim-conversation-item')[1] as HTMLElement;
        ((row.shadowRoot as ShadowRoot).querySelector('button') as HTMLButtonElement).click();
        expect(filters).toEqual(['refund']);
        expect(opened).toEqual(['500000000000002AAA']);
    });

    it('shows loading, error and empty states', () => {
        const stateOf = (props: Record<string, unknown>) => {
            const el = render({ conversations: [], total: 0, ...props });
            const state = (el.shadowRoot as ShadowRoot).querySelector('tim-state-view') as HTMLElement & {
                kind: string;
                message: string;
            };
            return [state.kind, state.message];
        };
        expect(stateOf({ loading: true })).toEqual(['loading', 'Loading conversations…']);
        expect(stateOf({ error: 'boom' })).toEqual(['error', 'boom']);
        expect(stateOf({})[0]).toBe('empty');
    });
});
