import { LightningElement, api } from 'lwc';
import { label, labels, type Labels } from '../../../i18n/labels';
import type { ConversationItemView } from '../../../view/view-model';

interface Row {
    key: string;
    item: ConversationItemView;
    /** Roving tabindex: only the active row is in the Tab order; arrow keys move between rows. */
    tabindex: string;
}

type FocusableRow = HTMLElement & { focusRow(): void };

/**
 * Filter box + the (windowed) list of case conversations, most recent first. Keyboard: Tab reaches one row (the
 * active one), Up/Down/Home/End move between rows, Enter opens; Down in the filter box goes to the first row.
 */
export default class ConversationList extends LightningElement {
    @api conversations: ConversationItemView[] = [];
    @api filter = '';
    @api total = 0;
    @api matching = 0;
    @api hasMore = false;
    @api loading = false;
    @api error = '';
    /** A row to focus once shown (the conversation the agent just came back from). */
    @api focusGroupId = '';

    activeKey = '';
    private focusedOnce = false;

    get labels(): Labels {
        return labels();
    }

    get isEmpty(): boolean {
        return !this.loading && !this.error && this.conversations.length === 0;
    }

    get emptyMessage(): string {
        return this.total === 0 ? label('noChatsYet') : label('noFilterMatch');
    }

    get countLabel(): string {
        return this.filter ? label('countOf', { matching: this.matching, total: this.total }) : `${this.total}`;
    }

    /** The row in the Tab order: the one last moved to, else the first. */
    private get currentKey(): string {
        const keys = this.conversations.map((c) => c.key);
        if (keys.includes(this.activeKey)) return this.activeKey;
        if (keys.includes(this.focusGroupId)) return this.focusGroupId;
        return keys[0] ?? '';
    }

    get rows(): Row[] {
        const active = this.currentKey;
        return this.conversations.map((item) => ({
            key: item.key,
            item,
            tabindex: item.key === active ? '0' : '-1',
        }));
    }

    override renderedCallback(): void {
        if (this.focusedOnce || !this.focusGroupId) return;
        const row = this.rowElement(this.focusGroupId);
        if (!row) return;
        this.focusedOnce = true;
        row.focusRow();
    }

    private rowElement(key: string): FocusableRow | null {
        const rows = this.template?.querySelectorAll<FocusableRow>('tim-conversation-item') ?? [];
        for (const row of Array.from(rows)) if (row.dataset.groupId === key) return row;
        return null;
    }

    private moveTo(index: number): void {
        const item = this.conversations[Math.max(0, Math.min(index, this.conversations.length - 1))];
        if (!item) return;
        this.activeKey = item.key;
        this.rowElement(item.key)?.focusRow();
    }

    handleListKeyDown(event: KeyboardEvent): void {
        const index = this.conversations.findIndex((c) => c.key === this.currentKey);
        let target: number;
        switch (event.key) {
            case 'ArrowDown':
                target = index + 1;
                break;
            case 'ArrowUp':
                target = index - 1;
                break;
            case 'Home':
                target = 0;
                break;
            case 'End':
                target = this.conversations.length - 1;
                break;
            default:
                return;
        }
        event.preventDefault();
        this.moveTo(target);
    }

    handleFilterKeyDown(event: KeyboardEvent): void {
        if (event.key !== 'ArrowDown' || this.conversations.length === 0) return;
        event.preventDefault();
        this.moveTo(this.conversations.findIndex((c) => c.key === this.currentKey));
    }

    handleRowFocus(event: FocusEvent): void {
        const key = (event.currentTarget as HTMLElement).dataset.groupId;
        if (key) this.activeKey = key;
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
