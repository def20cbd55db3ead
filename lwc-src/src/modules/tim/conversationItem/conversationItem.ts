import { LightningElement, api } from 'lwc';
import type { ConversationItemView } from '../../../view/view-model';

/** One case conversation row: case number, subject, customer, last message, time, unread badge. */
export default class ConversationItem extends LightningElement {
    @api item: ConversationItemView | undefined;

    get rowClass(): string {
        return this.item?.hasUnread ? 'row row-unread' : 'row';
    }

    handleClick(): void {
        if (this.item) this.dispatchEvent(new CustomEvent('open', { detail: { groupId: this.item.groupId } }));
    }
}
