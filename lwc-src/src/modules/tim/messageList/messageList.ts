import { LightningElement, api } from 'lwc';
import type { MessageView } from '../../../view/view-model';
import { labels, type Labels } from '../../../i18n/labels';

const NEAR_EDGE_PX = 40;

/**
 * The visible window of a thread. Scrolling to the top asks for older messages (more of the local window,
 * older live pages, then backfilled history); new messages keep the view pinned to the bottom when it was there.
 */
export default class MessageList extends LightningElement {
    @api messages: MessageView[] = [];
    @api hasOlder = false;
    @api loading = false;
    @api loadError = '';
    @api historyLoading = false;
    @api historyError = '';
    @api isEmpty = false;

    get labels(): Labels {
        return labels();
    }

    private atBottom = true;
    private firstKey = '';
    private lastKey = '';
    private heightBefore = 0;
    private topBefore = 0;
    private askedOlder = false;

    get showList(): boolean {
        return !this.loading && !this.loadError;
    }

    get showEmpty(): boolean {
        return this.isEmpty && !this.historyLoading;
    }

    override renderedCallback(): void {
        const el = this.refs?.scroller as HTMLElement | undefined;
        const first = this.messages[0]?.key ?? '';
        const last = this.messages[this.messages.length - 1]?.key ?? '';
        if (!el) return;
        const lastMessage = this.messages[this.messages.length - 1];
        if (last !== this.lastKey && (this.atBottom || this.lastKey === '' || lastMessage?.mine)) {
            el.scrollTop = el.scrollHeight;
        } else if (first !== this.firstKey && this.firstKey !== '' && last === this.lastKey) {
            // Older messages were prepended: keep what the agent was reading in place.
            el.scrollTop = el.scrollHeight - this.heightBefore + this.topBefore;
        }
        this.firstKey = first;
        this.lastKey = last;
        this.heightBefore = el.scrollHeight;
        this.topBefore = el.scrollTop;
        this.askedOlder = false;
    }

    handleScroll(event: Event): void {
        const el = event.currentTarget as HTMLElement;
        this.atBottom = el.scrollTop + el.clientHeight >= el.scrollHeight - NEAR_EDGE_PX;
        this.heightBefore = el.scrollHeight;
        this.topBefore = el.scrollTop;
        if (el.scrollTop <= NEAR_EDGE_PX && this.hasOlder && !this.historyLoading && !this.askedOlder) {
            this.askedOlder = true;
            this.dispatchEvent(new CustomEvent('loadolder'));
        }
    }

    handleLoadOlder(): void {
        this.dispatchEvent(new CustomEvent('loadolder'));
    }

    handleRetryHistory(): void {
        this.dispatchEvent(new CustomEvent('retryhistory'));
    }

    handleRetrySend(event: CustomEvent<{ clientId: string }>): void {
        this.dispatchEvent(new CustomEvent('retrysend', { detail: { clientId: event.detail.clientId } }));
    }
}
