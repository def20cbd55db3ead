import { LightningElement, api } from 'lwc';
import type { MessageView } from '../../../view/view-model';
import { labels, type Labels } from '../../../i18n/labels';

/** One message. Text is always rendered as text; only http(s) URLs become links. */
export default class MessageItem extends LightningElement {
    @api message: MessageView | undefined;

    get labels(): Labels {
        return labels();
    }

    handleRetry(): void {
        if (this.message) this.dispatchEvent(new CustomEvent('retry', { detail: { clientId: this.message.clientId } }));
    }
}
