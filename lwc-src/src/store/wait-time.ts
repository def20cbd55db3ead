import type { ChatMessage } from '../chat/chat-types';
import { label } from '../i18n/labels';

/** Salesforce user ids: agents write with their 005… id (the same rule as the relay's engagement timings). */
const AGENT_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

/**
 * Since when the customer has been waiting for a reply: the time of their first message after the last agent
 * message (an agent = a Salesforce user id, or this agent's own messages); null when an agent wrote last or the
 * customer has not written. System and relay messages (the admin account) count for neither side.
 */
export function customerWaitingSince(messages: readonly ChatMessage[], customerId: string): number | null {
    let since: number | null = null;
    for (const m of messages) {
        if (m.mine || AGENT_ID.test(m.from)) since = null;
        else if (customerId !== '' && m.from === customerId) since ??= m.time;
    }
    return since;
}

/**
 * How many of the customer's messages wait for a reply and are unread for this agent: their messages after the last
 * agent message, above `seenSeq` (what the agent already saw). Counted whether the chat service showed them to the
 * agent or hid them (sent before the agent joined): the service counts only what arrived after the join.
 */
export function waitingUnread(messages: readonly ChatMessage[], customerId: string, seenSeq: number): number {
    let n = 0;
    for (let i = messages.length - 1; i >= 0; i--) {
        const m = messages[i] as ChatMessage;
        if (m.mine || AGENT_ID.test(m.from)) break;
        if (customerId !== '' && m.from === customerId && m.seq !== null && m.seq > seenSeq) n++;
    }
    return n;
}

/**
 * Whether a listed conversation may hide waiting customer messages from the agent: the service counts none as
 * unread and shows no last message, a system tip, or the customer's own last message. Unknown senders (a client
 * that cannot say) are not checked.
 */
export function mayHideWaitingMessages(c: {
    unread: number;
    lastFrom?: string | undefined;
    customerId: string;
}): boolean {
    if (c.unread > 0 || c.lastFrom === undefined) return false;
    return c.lastFrom === '' || c.lastFrom.startsWith('@TIM#') || (c.customerId !== '' && c.lastFrom === c.customerId);
}

/** "Waiting 45 s", "Waiting 3 min", "Waiting 1 h 5 min" (in the agent's language); '' when not waiting. */
export function waitLabel(since: number | null, now: number): string {
    if (since === null) return '';
    const s = Math.max(0, Math.floor((now - since) / 1000));
    if (s < 60) return label('waitingSeconds', { s });
    const m = Math.floor(s / 60);
    if (m < 60) return label('waitingMinutes', { m });
    return label('waitingHours', { h: Math.floor(m / 60), m: m % 60 });
}
