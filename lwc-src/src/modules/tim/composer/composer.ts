import { LightningElement, api } from 'lwc';
import { label, labels, type Labels } from '../../../i18n/labels';
import { mergeFieldsIn } from '../../../quick-text/merge-fields';
import { CLOSED_QUICK_TEXT, type QuickTextOptionView, type QuickTextView } from '../../../quick-text/quick-text-view';
import { replaceSlashLine, slashLineAt, type SlashLine } from '../../../quick-text/slash-line';

interface OptionRow extends QuickTextOptionView {
    key: string;
    domId: string;
    selected: string;
    cls: string;
}

/**
 * Text box (Enter sends, Shift+Enter new line), image/file attach buttons, and quick replies: the Quick Text button or
 * `/` typed at the start of an empty line opens a list of the agent's Quick Text under the box (the text after `/`
 * searches it); arrows choose, Enter inserts the resolved text for editing (never sends), Esc closes. The box keeps
 * the focus and points at the highlighted option with aria-activedescendant. A note says why the composer is off.
 */
export default class Composer extends LightningElement {
    @api disabled = false;
    /** Shown above the (disabled) controls, e.g. "This case is closed — the conversation is read-only." */
    @api note = '';
    /** The Quick Text search's state for this case (shell: controller.quickTextView()). */
    @api quickText: QuickTextView = CLOSED_QUICK_TEXT;
    text = '';
    pickerOpen = false;
    activeIndex = 0;
    /** Merge fields of an inserted Quick Text still in the box, as written. */
    unresolved: string[] = [];
    private slash: SlashLine | null = null;
    /** The slash line the agent closed with Esc: it does not reopen until that line is gone. */
    private dismissedAt: number | null = null;
    private scrolledTo = -1;

    get labels(): Labels {
        return labels();
    }

    get hasNote(): boolean {
        return this.note !== '';
    }

    get sendDisabled(): boolean {
        return this.disabled || this.text.trim() === '';
    }

    get options(): OptionRow[] {
        if (!this.pickerOpen) return [];
        const active = this.clampedActive;
        return this.quickText.options.map((o) => ({
            ...o,
            key: `${o.index}:${o.id}`,
            domId: `qt-option-${o.index}`,
            selected: o.index === active ? 'true' : 'false',
            cls: o.index === active ? 'option active' : 'option',
        }));
    }

    get hasOptions(): boolean {
        return this.showPicker && this.quickText.options.length > 0;
    }

    /** The list shows while open, never on a disabled (closed case / signed out) composer. */
    get showPicker(): boolean {
        return this.pickerOpen && !this.disabled;
    }

    /** The picker's status line (loading / no matches / error / how many), announced politely. */
    get pickerMessage(): string {
        return this.showPicker ? this.quickText.message : '';
    }

    get statusClass(): string {
        return this.pickerOpen && this.quickText.isError ? 'qt-status error' : 'qt-status';
    }

    get listboxId(): string | null {
        return this.hasOptions ? 'qt-listbox' : null;
    }

    get activeDescendant(): string | null {
        return this.hasOptions ? `qt-option-${this.clampedActive}` : null;
    }

    get autocomplete(): string | null {
        return this.pickerOpen ? 'list' : null;
    }

    get expanded(): string {
        return this.pickerOpen ? 'true' : 'false';
    }

    get unresolvedNote(): string {
        return this.unresolved.length ? label('quickTextUnresolved', { fields: this.unresolved.join(' ') }) : '';
    }

    private get clampedActive(): number {
        const n = this.quickText.options.length;
        return n === 0 ? 0 : Math.min(Math.max(this.activeIndex, 0), n - 1);
    }

    private get box(): HTMLTextAreaElement | undefined {
        return this.refs?.box as HTMLTextAreaElement | undefined;
    }

    override renderedCallback(): void {
        if (!this.hasOptions || this.scrolledTo === this.clampedActive) return;
        this.scrolledTo = this.clampedActive;
        const el = this.template?.querySelector('li.option.active');
        if (el && typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'nearest' });
    }

    handleInput(event: Event): void {
        const box = event.target as HTMLTextAreaElement;
        this.text = box.value;
        this.followSlash(box);
        if (this.unresolved.length) {
            const left = mergeFieldsIn(this.text);
            this.unresolved = this.unresolved.filter((f) => left.includes(f));
        }
        if (this.text.trim() !== '') this.dispatchEvent(new CustomEvent('typing'));
    }

    handleKeyDown(event: KeyboardEvent): void {
        if (this.pickerOpen && this.pickerKey(event)) return;
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            this.send();
        }
    }

    handleBlur(): void {
        this.closePicker();
    }

    handleSendClick(): void {
        this.send();
    }

    /** The Quick Text button: starts a `/` line (on a new line when the box has text) and opens the picker. */
    handleQuickTextClick(): void {
        const box = this.box;
        if (!box || this.disabled) return;
        if (!this.pickerOpen) {
            const value = box.value;
            box.value = value === '' || value.endsWith('\n') ? `${value}/` : `${value}\n/`;
            this.text = box.value;
            box.setSelectionRange(box.value.length, box.value.length);
            this.dismissedAt = null;
        }
        box.focus();
        this.followSlash(box);
    }

    /** Keep the focus in the box when an option is clicked. */
    handleOptionMouseDown(event: MouseEvent): void {
        event.preventDefault();
    }

    handleOptionClick(event: MouseEvent): void {
        if (this.disabled) return;
        const index = Number((event.currentTarget as HTMLElement).dataset.index);
        const option = this.quickText.options[index];
        if (option) this.choose(option);
    }

    /** Arrow keys / Enter / Esc while the picker is open; true when the key was the picker's. */
    private pickerKey(event: KeyboardEvent): boolean {
        const count = this.quickText.options.length;
        switch (event.key) {
            case 'ArrowDown':
            case 'ArrowUp':
                event.preventDefault();
                if (count > 0) {
                    const step = event.key === 'ArrowDown' ? 1 : -1;
                    this.activeIndex = (this.clampedActive + step + count) % count;
                }
                return true;
            case 'Enter': {
                if (event.shiftKey || event.isComposing) return false;
                // Enter picks; it never sends the "/search" line.
                event.preventDefault();
                const option = this.quickText.options[this.clampedActive];
                if (option) this.choose(option);
                return true;
            }
            case 'Escape':
                // Closes the picker only (not the conversation).
                event.preventDefault();
                event.stopPropagation();
                this.dismissedAt = this.slash?.start ?? null;
                this.closePicker();
                return true;
            default:
                return false;
        }
    }

    /** Opens, updates or closes the picker from the line around the caret. */
    private followSlash(box: HTMLTextAreaElement): void {
        const line = slashLineAt(box.value, box.selectionStart ?? box.value.length);
        if (!line) {
            this.dismissedAt = null;
            this.closePicker();
            return;
        }
        if (line.start === this.dismissedAt) return;
        // It opens when "/" is typed at the start of an empty line; then the rest of the line is the search.
        if (!this.pickerOpen && line.query !== '') return;
        this.slash = line;
        this.pickerOpen = true;
        this.activeIndex = 0;
        this.scrolledTo = -1;
        this.dispatchEvent(new CustomEvent('quicktextsearch', { detail: { query: line.query } }));
    }

    private closePicker(): void {
        this.slash = null;
        if (!this.pickerOpen) return;
        this.pickerOpen = false;
        this.dispatchEvent(new CustomEvent('quicktextclose'));
    }

    /** Replaces the `/` line with the option's resolved text, caret after it, ready to edit. */
    private choose(option: QuickTextOptionView): void {
        const box = this.box;
        if (this.disabled) return;
        const at = this.slash ? this.slash.start + 1 : -1;
        const line = box && at > 0 ? slashLineAt(box.value, at) : null;
        if (!box || !line) return;
        const next = replaceSlashLine(box.value, line, option.text);
        box.value = next.text;
        this.text = next.text;
        this.closePicker();
        box.focus();
        box.setSelectionRange(next.caret, next.caret);
        const left = mergeFieldsIn(next.text);
        this.unresolved = option.unresolved.filter((f) => left.includes(f));
    }

    private send(): void {
        if (this.sendDisabled) return;
        const text = this.text;
        this.text = '';
        this.unresolved = [];
        this.closePicker();
        const box = this.box;
        if (box) box.value = '';
        this.dispatchEvent(new CustomEvent('send', { detail: { text } }));
    }

    handlePickImage(): void {
        (this.refs?.image as HTMLInputElement | undefined)?.click();
    }

    handlePickFile(): void {
        (this.refs?.file as HTMLInputElement | undefined)?.click();
    }

    handleFileChosen(event: Event): void {
        const input = event.target as HTMLInputElement;
        const file = input.files?.[0];
        const kind = input.dataset.kind === 'image' ? 'image' : 'file';
        input.value = '';
        if (file) this.dispatchEvent(new CustomEvent('attach', { detail: { file, kind } }));
    }
}
