import { createElement } from 'lwc';
import Composer from 'tim/composer';

function setup() {
    const el = createElement('tim-composer', { is: Composer });
    document.body.appendChild(el);
    const root = el.shadowRoot as ShadowRoot;
    const box = root.querySelector('textarea') as HTMLTextAreaElement;
    const sent: string[] = [];
    el.addEventListener('send', (e) => sent.push((e as CustomEvent<{ text: string }>).detail.text));
    const type = (value: string) => {
        box.value = value;
        box.dispatchEvent(new Event('input'));
    };
    const key = (init: KeyboardEventInit) => {
        const event = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
        box.dispatchEvent(event);
        return event;
    };
    return { el, root, box, sent, type, key };
}

afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
});

describe('tim-composer', () => {
    it('sends on Enter and clears the box', async () => {
        const t = setup();
        t.type('hello');
        const e = t.key({ key: 'Enter' });
        expect(e.defaultPrevented).toBe(true);
        expect(t.sent).toEqual(['hello']);
        expect(t.box.value).toBe('');
    });

    it('keeps Shift+Enter as a new line', () => {
        const t = setup();
        t.type('line 1');
        const e = t.key({ key: 'Enter', shiftKey: true });
        expect(e.defaultPrevented).toBe(false);
        expect(t.sent).toEqual([]);
    });

    it('does not send blank text and has labelled controls', async () => {
        const t = setup();
        t.type('   ');
        t.key({ key: 'Enter' });
        expect(t.sent).toEqual([]);
        expect(t.box.getAttribute('aria-label')).toBe('Message');
        await Promise.resolve();
        expect((t.root.querySelector('.send') as HTMLButtonElement).disabled).toBe(true);
        expect([...t.root.querySelectorAll('button.icon')].map((b) => b.getAttribute('aria-label'))).toEqual([
            'Attach image',
            'Attach file',
            'Insert Quick Text (or type / at the start of a line)',
        ]);
    });

    it('shows a read-only note with every control disabled', async () => {
        const t = setup();
        expect(t.root.querySelector('.note')).toBeNull();
        Object.assign(t.el, { disabled: true, note: 'This case is closed — the conversation is read-only.' });
        await Promise.resolve();
        const note = t.root.querySelector('.note') as HTMLElement;
        expect(note.textContent).toBe('This case is closed — the conversation is read-only.');
        expect(note.getAttribute('role')).toBe('status');
        expect(t.box.disabled).toBe(true);
        expect([...t.root.querySelectorAll('button')].every((b) => b.disabled)).toBe(true);
        t.type('x');
        t.key({ key: 'Enter' });
        expect(t.sent).toEqual([]);
    });

    it('reports a chosen file as an attachment', () => {
        const t = setup();
        const attached: Array<{ kind: string; name: string }> = [];
        t.el.addEventListener('attach', (e) => {
            const d = (e as CustomEvent<{ kind: string; file: File }>).detail;
            attached.push({ kind: d.kind, name: d.file.name });
        });
        const input = t.root.querySelector('input[data-kind="image"]') as HTMLInputElement;
        const file = new File(['x'], 'shot.png', { type: 'image/png' });
        Object.defineProperty(input, 'files', { value: [file], configurable: true });
        input.dispatchEvent(new Event('change'));
        expect(attached).toEqual([{ kind: 'image', name: 'shot.png' }]);
    });
});
