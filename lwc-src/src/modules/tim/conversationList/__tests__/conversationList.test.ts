import { createElement } from 'lwc';
import ConversationList from 'tim/conversationList';
import { conversationItem } from '../../../../view/view-model';
import { setLanguage } from '../../../../i18n/labels';

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
        // The row's name is its visible text; the badge is hidden from screen readers and said as "2 unread".
        expect(first.hasAttribute('aria-label')).toBe(false);
        expect(first.textContent?.replace(/\s+/g, ' ')).toContain('00001001');
        expect(first.querySelector('.sr-only')?.textContent).toBe('2 unread');
        expect(first.querySelector('.badge')?.getAttribute('aria-hidden')).toBe('true');
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

    it('keeps one row in the Tab order and moves with Up/Down/Home/End; the filter box goes down to the list', async () => {
        const third = { ...items[1], key: '500000000000003AAA', groupId: '500000000000003AAA' } as (typeof items)[1];
        const el = render({ conversations: [...items, third], total: 3, matching: 3 });
        const root = el.shadowRoot as ShadowRoot;
        const buttons = () =>
            [...root.querySelectorAll('tim-conversation-item')].map(
                (row) => (row.shadowRoot as ShadowRoot).querySelector('button') as HTMLButtonElement,
            );
        const focused = () => buttons().findIndex((b) => b === (b.getRootNode() as ShadowRoot).activeElement);
        const key = (k: string) => {
            const target = (root.activeElement as HTMLElement | null) ?? root.querySelector('ul');
            target?.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true }));
            return Promise.resolve();
        };
        expect(buttons().map((b) => b.tabIndex)).toEqual([0, -1, -1]);
        (root.querySelector('input') as HTMLInputElement).focus();
        await key('ArrowDown');
        expect(focused()).toBe(0);
        await key('ArrowDown');
        expect(focused()).toBe(1);
        expect(buttons().map((b) => b.tabIndex)).toEqual([-1, 0, -1]);
        await key('End');
        expect(focused()).toBe(2);
        await key('ArrowDown');
        expect(focused()).toBe(2);
        await key('Home');
        expect(focused()).toBe(0);
        await key('ArrowUp');
        expect(focused()).toBe(0);
    });

    it('focuses the row of the conversation the agent came back from', async () => {
        const el = render({ conversations: items, total: 2, matching: 2, focusGroupId: '500000000000002AAA' });
        await Promise.resolve();
        const row = (el.shadowRoot as ShadowRoot).querySelectorAll('tim-conversation-item')[1] as HTMLElement;
        const button = (row.shadowRoot as ShadowRoot).querySelector('button');
        expect((row.shadowRoot as ShadowRoot).activeElement).toBe(button);
        expect(button?.tabIndex).toBe(0);
    });

    it('speaks Simplified Chinese when the language is zh-CN', () => {
        setLanguage('zh-CN');
        try {
            const el = render({ conversations: items, total: 2, matching: 1, filter: 'x' });
            const root = el.shadowRoot as ShadowRoot;
            expect(root.querySelector('input')?.getAttribute('placeholder')).toBe('按个案、主题或客户筛选');
            expect(root.querySelector('.count')?.textContent).toBe('1 / 2');
            expect(root.querySelector('section')?.getAttribute('aria-label')).toBe('个案会话');
            const zhItem = conversationItem({ ...conversationOf(items[0]), unread: 3 }, 0);
            expect(zhItem.unreadSpoken).toBe('3 条未读');
        } finally {
            setLanguage('en');
        }
    });
});

function conversationOf(item: (typeof items)[0] | undefined) {
    return {
        groupId: item?.groupId ?? '',
        groupName: '',
        caseNumber: item?.caseNumber ?? '',
        subject: item?.subject ?? '',
        customerName: item?.customerName ?? '',
        customerId: '',
        unread: 0,
        lastText: '',
        lastTime: 0,
        muted: false,
    };
}
