import { LightningElement, api } from 'lwc';
import { labels, type Labels } from '../../../i18n/labels';

/** Text box (Enter sends, Shift+Enter new line) and image/file attach buttons; a note says why it is off. */
export default class Composer extends LightningElement {
    @api disabled = false;
    /** Shown above the (disabled) controls, e.g. "This case is closed — the conversation is read-only." */
    @api note = '';
    text = '';

    get labels(): Labels {
        return labels();
    }

    get hasNote(): boolean {
        return this.note !== '';
    }

    get sendDisabled(): boolean {
        return this.disabled || this.text.trim() === '';
    }

    handleInput(event: Event): void {
        this.text = (event.target as HTMLTextAreaElement).value;
    }

    handleKeyDown(event: KeyboardEvent): void {
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            this.send();
        }
    }

    handleSendClick(): void {
        this.send();
    }

    private send(): void {
        if (this.sendDisabled) return;
        const text = this.text;
        this.text = '';
        const box = this.refs?.box as HTMLTextAreaElement | undefined;
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
