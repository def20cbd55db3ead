import { LightningElement, api } from 'lwc';
import type { ThreadView } from '../app/app-view';
import { CLOSED_QUICK_TEXT, type QuickTextView } from '../../../quick-text/quick-text-view';
import { labels, type Labels } from '../../../i18n/labels';

/** Header (back, case, "Open case") + message list + composer for one case conversation. */
export default class ConversationView extends LightningElement {
    @api thread: ThreadView | null = null;
    @api composerDisabled = false;
    /** The composer's Quick Text picker (app: controller.quickTextView()). */
    @api quickText: QuickTextView = CLOSED_QUICK_TEXT;

    get labels(): Labels {
        return labels();
    }

    get conversation(): ThreadView['conversation'] | null {
        return this.thread?.conversation ?? null;
    }

    private fire(name: string, detail: Record<string, unknown> = {}): void {
        if (!this.thread) return;
        this.dispatchEvent(new CustomEvent(name, { detail: { groupId: this.thread.groupId, ...detail } }));
    }

    handleBack(): void {
        this.dispatchEvent(new CustomEvent('back'));
    }
    handleOpenCase(): void {
        this.fire('opencase');
    }
    handleLoadOlder(): void {
        this.fire('loadolder');
    }
    handleRetryHistory(): void {
        this.fire('retryhistory');
    }
    handleRetrySend(event: CustomEvent<{ clientId: string }>): void {
        this.fire('retrysend', { clientId: event.detail.clientId });
    }
    handleSend(event: CustomEvent<{ text: string }>): void {
        this.fire('send', { text: event.detail.text });
    }
    handleTyping(): void {
        this.fire('typing');
    }
    handleAttach(event: CustomEvent<{ file: File; kind: 'image' | 'file' }>): void {
        this.fire('attach', { file: event.detail.file, kind: event.detail.kind });
    }
    handleQuickTextSearch(event: CustomEvent<{ query: string }>): void {
        this.fire('quicktextsearch', { query: event.detail.query });
    }
    handleQuickTextClose(): void {
        this.fire('quicktextclose');
    }
    handleKeyDown(event: KeyboardEvent): void {
        if (event.key === 'Escape') {
            event.stopPropagation();
            this.handleBack();
        }
    }
}
