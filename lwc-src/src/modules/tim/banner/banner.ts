import { LightningElement, api } from 'lwc';

/** A message with one action button (kicked out, session error, notices). */
export default class Banner extends LightningElement {
    @api variant: 'info' | 'warning' | 'error' = 'info';
    @api message = '';
    @api actionLabel = '';

    get boxClass(): string {
        return `banner banner-${this.variant}`;
    }

    get role(): string {
        return this.variant === 'info' ? 'status' : 'alert';
    }

    handleAction(): void {
        this.dispatchEvent(new CustomEvent('action'));
    }
}
