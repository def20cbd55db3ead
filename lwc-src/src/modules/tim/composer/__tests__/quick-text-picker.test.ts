import { createElement } from 'lwc';
import Composer from 'tim/composer';
import { buildQuickTextView, type QuickTextView } from '../../../../quick-text/quick-text-view';
import type { QuickTextState } from '../../../../quick-text/quick-text-search';

const QT1 = '574000000000001AAA';
const QT2 = '574000000000002AAA';
const context = {
    caseNumber: '00001002',
    caseSubject: 'Refund',
    customerName: 'Grace Hopper',
    agentName: 'Alice Agent',
    agentFirstName: 'Alice',
};
const ready = (items: QuickTextState['items']): QuickTextView =>
    buildQuickTextView({ status: 'ready', query: 'ref', items, error: '' }, context);
const REFUND = {
    id: QT1,
    name: 'Refund status',
    message: 'Hi {!Contact.FirstName}, case {!Case.CaseNumber}: refunded.',
};
const POLICY = {
    id: QT2,
    name: 'Refund policy',
    message: 'Refunds take 5 days. {!Case.Owner.Phone}',
    category: 'Billing',
};

type ComposerEl = HTMLElement & { quickText: QuickTextView; disabled: boolean };

function setup() {
    const el = createElement('tim-composer', { is: Composer }) as ComposerEl;
    const outside: string[] = [];
    const wrapper = document.createElement('div');
    wrapper.addEventListener('keydown', (e) => outside.push(e.key));
    wrapper.appendChild(el);
    document.body.appendChild(wrapper);
    const root = el.shadowRoot as ShadowRoot;
    const box = root.querySelector('textarea') as HTMLTextAreaElement;
    const searches: string[] = [];
    let closes = 0;
    const sent: string[] = [];
    el.addEventListener('quicktextsearch', (e) => searches.push((e as CustomEvent<{ query: string }>).detail.query));
    el.addEventListener('quicktextclose', () => closes++);
    el.addEventListener('send', (e) => sent.push((e as CustomEvent<{ text: string }>).detail.text));
    /** Types at the end of the box, one input event per character (as a keyboard does). */
    const type = (chars: string) => {
        for (const ch of chars) {
            box.value += ch;
            box.setSelectionRange(box.value.length, box.value.length);
            box.dispatchEvent(new Event('input'));
        }
    };
    const key = (init: KeyboardEventInit) => {
        const event = new KeyboardEvent('keydown', { bubbles: true, composed: true, cancelable: true, ...init });
        box.dispatchEvent(event);
        return event;
    };
    const options = () => [...root.querySelectorAll('li[role="option"]')] as HTMLElement[];
    const status = () => (root.querySelector('.qt-status') as HTMLElement).textContent;
    return { el, root, box, searches, closes: () => closes, sent, type, key, options, status, outside };
}

const tick = () => Promise.resolve();

afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
});

describe('tim-composer quick replies', () => {
    it('opens on / at the start of an empty line and searches what follows it', async () => {
        const t = setup();
        t.type('hello /x');
        expect(t.searches).toEqual([]);
        t.box.value = 'hello\n';
        t.type('/ref');
        expect(t.searches).toEqual(['', 'r', 're', 'ref']);
        t.el.quickText = ready([]);
        await tick();
        expect(t.status()).toBe('No quick text matches');
        expect(t.box.getAttribute('aria-controls')).toBeNull();
    });

    it('shows name, category and the resolved preview; arrows move aria-activedescendant; Enter inserts without sending', async () => {
        const t = setup();
        t.type('/ref');
        t.el.quickText = ready([REFUND, POLICY]);
        await tick();
        const [first, second] = t.options();
        expect(first?.textContent).toContain('Refund status');
        expect(first?.textContent).toContain('Hi Grace, case 00001002: refunded.');
        expect(second?.textContent).toContain('Billing');
        expect(second?.textContent).toContain('Fill in before sending: {!Case.Owner.Phone}');
        const listbox = t.root.querySelector('[role="listbox"]') as HTMLElement;
        expect(t.box.getAttribute('aria-controls')).toBe(listbox.id);
        expect(t.box.getAttribute('aria-activedescendant')).toBe(first?.id);
        expect(first?.getAttribute('aria-selected')).toBe('true');
        expect(t.key({ key: 'ArrowDown' }).defaultPrevented).toBe(true);
        await tick();
        expect(t.box.getAttribute('aria-activedescendant')).toBe(t.options()[1]?.id);
        t.key({ key: 'ArrowDown' }); // wraps
        await tick();
        expect(t.box.getAttribute('aria-activedescendant')).toBe(t.options()[0]?.id);
        t.key({ key: 'ArrowUp' });
        await tick();
        expect(t.key({ key: 'Enter' }).defaultPrevented).toBe(true);
        await tick();
        expect(t.sent).toEqual([]);
        expect(t.box.value).toBe('Refunds take 5 days. {!Case.Owner.Phone}');
        expect(t.options()).toEqual([]);
        expect(t.closes()).toBe(1);
        expect(t.box.getAttribute('aria-activedescendant')).toBeNull();
        expect((t.root.querySelector('.qt-unresolved') as HTMLElement).textContent).toBe(
            'Fill in before sending: {!Case.Owner.Phone}',
        );
        // the agent fills it in: the flag goes; Enter now sends the edited text
        t.box.value = 'Refunds take 5 days. Call 555-0100.';
        t.box.dispatchEvent(new Event('input'));
        await tick();
        expect(t.root.querySelector('.qt-unresolved')).toBeNull();
        t.key({ key: 'Enter' });
        expect(t.sent).toEqual(['Refunds take 5 days. Call 555-0100.']);
    });

    it('inserts in place of the / line only, keeping the lines around it', async () => {
        const t = setup();
        t.box.value = 'Thanks for waiting.\n';
        t.type('/ref');
        t.el.quickText = ready([REFUND]);
        await tick();
        t.options()[0]?.dispatchEvent(new MouseEvent('click'));
        await tick();
        expect(t.box.value).toBe('Thanks for waiting.\nHi Grace, case 00001002: refunded.');
        expect(t.box.selectionStart).toBe(t.box.value.length);
    });

    it('Esc closes the picker but not the conversation, keeps the text, and does not reopen on that line', async () => {
        const t = setup();
        t.type('/re');
        t.el.quickText = ready([REFUND]);
        await tick();
        const esc = t.key({ key: 'Escape' });
        await tick();
        expect(esc.defaultPrevented).toBe(true);
        expect(t.outside).not.toContain('Escape');
        expect(t.options()).toEqual([]);
        expect(t.box.value).toBe('/re');
        t.type('f');
        expect(t.searches).toEqual(['', 'r', 're']);
        // a second Esc (picker closed) is the conversation's again
        t.key({ key: 'Escape' });
        expect(t.outside).toContain('Escape');
    });

    it('keeps Shift+Enter as a new line while open, and shows loading and errors', async () => {
        const t = setup();
        t.type('/');
        t.el.quickText = buildQuickTextView({ status: 'loading', query: '', items: [], error: '' }, context);
        await tick();
        expect(t.status()).toBe('Searching Quick Text…');
        expect(t.root.querySelector('.qt-status')?.getAttribute('role')).toBe('status');
        expect(t.key({ key: 'Enter' }).defaultPrevented).toBe(true);
        expect(t.sent).toEqual([]);
        t.el.quickText = buildQuickTextView(
            { status: 'error', query: '', items: [], error: 'You do not have access to Quick Text.' },
            context,
        );
        await tick();
        expect(t.status()).toBe('You do not have access to Quick Text.');
        expect(t.root.querySelector('.qt-status')?.classList.contains('error')).toBe(true);
        expect(t.key({ key: 'Enter', shiftKey: true }).defaultPrevented).toBe(false);
    });

    it('the Quick Text button starts a / line (on a new line after text) and opens the picker', async () => {
        const t = setup();
        t.type('Hello');
        const button = t.root.querySelector('button.quick-text') as HTMLButtonElement;
        expect(button.getAttribute('aria-haspopup')).toBe('listbox');
        expect(button.getAttribute('aria-expanded')).toBe('false');
        button.click();
        await tick();
        expect(t.box.value).toBe('Hello\n/');
        expect(t.searches).toEqual(['']);
        expect(button.getAttribute('aria-expanded')).toBe('true');
        t.el.quickText = ready([REFUND]);
        await tick();
        expect(t.options()).toHaveLength(1);
        // the case closes while the list is open: no list on a disabled composer
        t.el.disabled = true;
        await tick();
        expect(button.disabled).toBe(true);
        expect(t.options()).toEqual([]);
        expect(t.root.querySelector('.picker')).toBeNull();
    });
});
