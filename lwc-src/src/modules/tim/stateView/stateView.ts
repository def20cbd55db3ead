import { LightningElement, api } from 'lwc';

/** Empty / loading / error placeholder. */
export default class StateView extends LightningElement {
    @api kind: 'loading' | 'empty' | 'error' = 'empty';
    @api heading = '';
    @api message = '';

    get isLoading(): boolean {
        return this.kind === 'loading';
    }

    get boxClass(): string {
        return `state state-${this.kind}`;
    }

    get role(): string {
        return this.kind === 'error' ? 'alert' : 'status';
    }
}
