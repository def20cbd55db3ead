import { LightningElement, api } from 'lwc';
import type { ConversationItemView } from '../../../view/view-model';

/** Filter box + the (windowed) list of case conversations, most recent first. */
export default class ConversationList extends LightningElement {
    @api conversations: ConversationItemView[] = [];
    @api filter = '';
    @api total = 0;
    @api matching = 0;
    @api hasMore = false;
    @api loading = false;
    @api error = '';

    get isEmpty(): boolean {
        return !this.loading && !this.error && this.conversations.length === 0;
    }

    get emptyMessage(): string {
        return this.total === 0
            ? 'No case chats yet. Chats appear here when a case is assigned to you.'
            : 'No conversation matches the filter.';
    }

    get countLabel(): string {
        return this.filter ? `${this.matching} of ${this.total}` : `${this.total}`;
    }

    handleFilterInput(event: Event): void {
        const value = (event.target as HTMLInputElement).value;
        this.dispatchEvent(new CustomEvent('filterchange', { detail: { value } }));
    }

    handleOpen(event: CustomEvent<{ groupId: string }>): void {
        this.dispatchEvent(new CustomEvent('open', { detail: { groupId: event.detail.groupId } }));
    }

    handleShowMore(): void {
        this.dispatchEvent(new CustomEvent('showmore'));
    }

    handleScroll(event: Event): void {
        const el = event.currentTarget as HTMLElement;
        if (this.hasMore && el.scrollTop + el.clientHeight >= el.scrollHeight - 40) this.handleShowMore();
    }
}
