import { LightningElement, api } from 'lwc';
import type { ConversationItemView } from '../../../view/view-model';

/** One case conversation row: case number, subject, customer, last message, time, unread badge. */
export default class ConversationItem extends LightningElement {
    @api item: ConversationItemView | undefined;
    /** '0' or '-1': the list keeps one row in the Tab order and moves between rows with the arrow keys. */
    @api rowTabindex = '0';

    /** Focuses the row's button (the list's arrow-key navigation). */
    @api focusRow(): void {
        this.template?.querySelector('button')?.focus();
    }

    get rowClass(): string {
        return this.item?.hasUnread ? 'row row-unread' : 'row';
    }

    handleClick(): void {
        if (this.item) this.dispatchEvent(new CustomEvent('open', { detail: { groupId: this.item.groupId } }));
    }
}
