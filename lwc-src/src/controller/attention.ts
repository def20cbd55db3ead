import type { ChatConversation, ChatMessage } from '../chat/chat-types';
import { label } from '../i18n/labels';
import { ATTENTION_BODY_MAX, ATTENTION_TITLE_MAX, type WidgetPayloads } from '../protocol/messages';
import { toCaseId18 } from '../protocol/salesforce-id';
import type { ChatStore } from '../store/chat-store';
import { senderLabel } from '../view/view-model';
import { previewText } from '../chat/message-preview';

/**
 * After sign-in the chat service completes its lists over a few seconds (the Web SDK's first conversation list can be
 * partial): what appears during this time was already there, not newly assigned.
 */
export const ATTENTION_SETTLE_MS = 5_000;

export interface AttentionDeps {
    store: ChatStore;
    /** Tells the host (`attention` / `attentionSeen`). */
    send: <K extends 'attention' | 'attentionSeen'>(type: K, payload: WidgetPayloads[K]) => void;
    /** Says a sentence in the widget's one polite live region (screen readers). */
    announce: (text: string) => void;
    /** The widget is on screen: the page is visible and the utility panel is open. */
    isVisible: () => boolean;
    now: () => number;
}

/**
 * What the agent should notice: new conversations assigned to them and messages they are not looking at. Each is
 * announced to screen readers and reported to the host (which highlights the utility item and may show a desktop
 * notification); opening a conversation in the visible widget tells the host the agent has seen it.
 */
export class Attention {
    /** Group ids the agent already has; null until the first complete list (which announces nothing). */
    private known: Set<string> | null = null;
    /** Assigned during this session and not opened yet. */
    private readonly fresh = new Set<string>();
    private settleUntil = 0;

    constructor(private readonly deps: AttentionDeps) {}

    /** The first list after sign-in: what is there already is not new. */
    baseline(list: readonly ChatConversation[]): void {
        this.known = new Set(list.map((c) => c.groupId));
        this.settleUntil = this.deps.now() + ATTENTION_SETTLE_MS;
    }

    /** A complete list from the chat service: groups not seen before were just assigned. */
    conversations(list: readonly ChatConversation[]): void {
        if (this.known === null) return;
        const settled = this.deps.now() >= this.settleUntil;
        const next = new Set<string>();
        for (const c of list) {
            next.add(c.groupId);
            if (settled && !this.known.has(c.groupId)) this.assigned(c);
        }
        for (const groupId of this.fresh) if (!next.has(groupId)) this.fresh.delete(groupId);
        this.known = next;
    }

    /** A live message (already in the store). Own messages and backfilled history are not news. */
    message(m: ChatMessage): void {
        if (m.mine || m.origin !== 'live') return;
        const { store } = this.deps;
        const c = store.conversation(m.groupId);
        if (!c) return;
        const sender = senderLabel(m, c);
        const text = previewText(m.body);
        const caseNumber = c.caseNumber || c.groupName;
        const reading = store.selected === m.groupId && this.deps.isVisible();
        if (reading) {
            this.deps.announce(label('announceMessage', { sender, text }));
            return;
        }
        this.deps.announce(label('announceOtherMessage', { caseNumber, sender }));
        this.report('message', c, label('notifyMessageTitle', { caseNumber, sender }), text);
    }

    /** The agent opened a conversation; when they can see it, the host clears the highlight. */
    opened(groupId: string): void {
        if (!this.deps.isVisible()) return;
        this.fresh.delete(groupId);
        this.deps.send('attentionSeen', {});
    }

    /**
     * New conversations not opened yet that have no unread message of their own: each counts once in the utility
     * label, so that a new assignment shows in the count even before (or without) a waiting customer message.
     */
    unopenedAssignments(): number {
        let n = 0;
        for (const groupId of this.fresh) {
            const c = this.deps.store.conversation(groupId);
            // unreadOf: the service's count or the customer messages that waited before the agent joined
            if (c && this.deps.store.unreadOf(c) === 0) n++;
        }
        return n;
    }

    private assigned(c: ChatConversation): void {
        const caseNumber = c.caseNumber || c.groupName;
        this.fresh.add(c.groupId);
        this.deps.announce(label('announceAssigned', { caseNumber, subject: c.subject }));
        this.report('assigned', c, label('notifyAssignedTitle', { caseNumber }), c.subject);
    }

    private report(kind: 'assigned' | 'message', c: ChatConversation, title: string, body: string): void {
        this.deps.send('attention', {
            kind,
            caseId: toCaseId18(c.groupId),
            title: title.slice(0, ATTENTION_TITLE_MAX),
            body: body.slice(0, ATTENTION_BODY_MAX),
        });
    }
}
