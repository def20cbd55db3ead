import type { Message } from '@tencentcloud/chat';
import type { ReadReceipts, ReadState } from '../chat-types';
import type { TencentChat } from './tencent-sdk';

/** How many of the agent's own SDK messages are remembered for read receipts (oldest forgotten first). */
export const TRACKED_MESSAGES = 2_000;

interface ReceiptInfoLike {
    readCount?: unknown;
    unreadCount?: unknown;
}

/** 'read' once anyone else read it, else 'delivered' (the service accepted it and it waits unread). */
function stateOf(info: ReceiptInfoLike | undefined): ReadState | null {
    if (!info || typeof info.readCount !== 'number') return null;
    return info.readCount > 0 ? 'read' : 'delivered';
}

/**
 * Group read receipts for the agent's own messages, through the SDK (`needReadReceipt` on send,
 * `getMessageReadReceiptList`, MESSAGE_READ_RECEIPT_RECEIVED). Tencent has them only in the Pro / Pro Plus /
 * Enterprise editions with the console switch on: the first failed query marks them unavailable and nothing more is
 * asked (the widget then shows "Sent").
 */
export class ReadReceiptTracker {
    private readonly own = new Map<string, { groupId: string; seq: number; message: Message }>();
    private available = true;

    constructor(private readonly emit: (receipts: ReadReceipts) => void) {}

    /** Remembers the agent's own accepted messages that asked for a receipt and queries their state. */
    async track(chat: TencentChat, messages: readonly Message[]): Promise<void> {
        const wanted: Message[] = [];
        for (const m of messages) {
            if (m.flow !== 'out' || m.needReadReceipt !== true || !(m.sequence > 0)) continue;
            this.own.delete(m.ID);
            this.own.set(m.ID, { groupId: m.to, seq: m.sequence, message: m });
            wanted.push(m);
        }
        while (this.own.size > TRACKED_MESSAGES) {
            const oldest = this.own.keys().next().value;
            if (oldest === undefined) break;
            this.own.delete(oldest);
        }
        if (!this.available || wanted.length === 0) return;
        try {
            const res = (await chat.getMessageReadReceiptList(wanted)) as { data?: { messageList?: Message[] } };
            this.report(
                (res.data?.messageList ?? []).map((m) => ({
                    id: m.ID,
                    state: stateOf(m.readReceiptInfo as ReceiptInfoLike | undefined),
                })),
            );
        } catch {
            // Not in this edition (or switched off in the console): stop asking; the widget shows "Sent".
            this.available = false;
        }
    }

    /** MESSAGE_READ_RECEIPT_RECEIVED data: `[{groupID, messageID, readCount, unreadCount}]`. */
    received(data: unknown): void {
        if (!Array.isArray(data)) return;
        this.report(
            data.map((d: unknown) => {
                const r = (typeof d === 'object' && d !== null ? d : {}) as Record<string, unknown>;
                return { id: typeof r.messageID === 'string' ? r.messageID : '', state: stateOf(r) };
            }),
        );
    }

    reset(): void {
        this.own.clear();
        this.available = true;
    }

    private report(items: Array<{ id: string; state: ReadState | null }>): void {
        const byGroup = new Map<string, ReadReceipts>();
        for (const { id, state } of items) {
            const known = this.own.get(id);
            if (!known || !state) continue;
            const entry = byGroup.get(known.groupId) ?? { groupId: known.groupId, states: [] };
            entry.states.push({ seq: known.seq, state });
            byGroup.set(known.groupId, entry);
        }
        for (const receipts of byGroup.values()) this.emit(receipts);
    }
}
