/**
 * Salesforce → customer: turns one outbound conversation entry into what the customer sees in Tencent Chat, sent as
 * the support account (service-account-messenger.ts): agent messages (text, attachments as image/file elements) with
 * the agent's display name, typing, the agent's read receipts, and session notices (agent joined / left, transfer,
 * conversation ended).
 */
import type { Log } from '../logger.js';
import type { InteractionEvent } from './outbound-event.js';
import type { MessagingStore } from './messaging-store.js';
import type { ServiceAccountMessenger } from './service-account-messenger.js';

const TENCENT_USER_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class PermanentDeliveryError extends Error {
    override readonly name = 'PermanentDeliveryError';
}

interface RestElement {
    MsgType: string;
    MsgContent: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Message entry → Tencent message body (text first, then one element per attachment). */
export function messageBody(entryPayload: Record<string, unknown>): RestElement[] {
    const message = isObject(entryPayload['abstractMessage']) ? entryPayload['abstractMessage'] : {};
    const content = isObject(message['staticContent']) ? message['staticContent'] : {};
    const body: RestElement[] = [];
    const text = typeof content['text'] === 'string' ? content['text'] : '';
    if (text !== '') body.push({ MsgType: 'TIMTextElem', MsgContent: { Text: text } });
    const attachments = Array.isArray(content['attachments']) ? content['attachments'].filter(isObject) : [];
    for (const a of attachments) {
        const url = typeof a['url'] === 'string' ? a['url'] : '';
        if (!/^https?:\/\//.test(url)) continue;
        const name = typeof a['name'] === 'string' ? a['name'] : 'attachment';
        const mimeType = typeof a['mimeType'] === 'string' ? a['mimeType'] : '';
        body.push(
            mimeType.startsWith('image/')
                ? {
                      MsgType: 'TIMImageElem',
                      MsgContent: {
                          UUID: typeof a['id'] === 'string' ? a['id'] : name,
                          ImageFormat: 255,
                          ImageInfoArray: [{ Type: 1, Size: 0, Width: 0, Height: 0, URL: url }],
                      },
                  }
                : { MsgType: 'TIMFileElem', MsgContent: { Url: url, FileName: name, FileSize: 0, Download_Flag: 2 } },
        );
    }
    if (body.length === 0) {
        const links = Array.isArray(content['links']) ? content['links'].filter(isObject) : [];
        const fallback = links
            .map((l) => String(l['url'] ?? ''))
            .filter((u) => u !== '')
            .join('\n');
        body.push({ MsgType: 'TIMTextElem', MsgContent: { Text: fallback || '(a message this chat cannot show)' } });
    }
    return body;
}

export class OutboundDelivery {
    constructor(
        private readonly messenger: ServiceAccountMessenger,
        private readonly store: MessagingStore,
        private readonly channelAddressId: () => string,
        private readonly log: Log,
        private readonly now: () => number = Date.now,
    ) {}

    /** Delivers one entry; returns what it did (for logs and tests). Throws PermanentDeliveryError for bad input. */
    async deliver(event: InteractionEvent): Promise<string> {
        if (event.channelAddressIdentifier !== this.channelAddressId()) return 'ignored: another channel';
        if (event.recipient.role !== 'EndUser') return 'ignored: not for the end user';
        const customer = event.recipient.subject;
        if (!TENCENT_USER_ID.test(customer)) throw new PermanentDeliveryError('recipient is not a Tencent UserID');
        const { entry } = event;
        if (entry.sender.role === 'EndUser') return 'ignored: the customer’s own entry';
        await this.store.rememberConversation(customer, event.conversationIdentifier);
        const key = `sf:${entry.identifier}`;
        const name = entry.senderDisplayName || 'Agent';
        switch (entry.entryType) {
            case 'Message': {
                await this.messenger.sendAgentMessage(customer, key, messageBody(entry.entryPayload), name);
                await this.store.addUnreadAgentEntry(customer, entry.identifier, this.now());
                return 'message';
            }
            case 'TypingStartedIndicator':
            case 'TypingStoppedIndicator':
                await this.messenger.sendTyping(customer, key, entry.entryType === 'TypingStartedIndicator');
                return 'typing';
            case 'ReadAcknowledgement': {
                const at = entry.entryPayload['acknowledgementTimestamp'];
                await this.messenger.markRead(customer, typeof at === 'number' ? at : entry.transcriptedTimestamp);
                return 'read';
            }
            case 'ParticipantChanged': {
                const changes = Array.isArray(entry.entryPayload['entries'])
                    ? entry.entryPayload['entries'].filter(isObject)
                    : [];
                let sent = 0;
                for (const [i, change] of changes.entries()) {
                    const who = isObject(change['participant']) ? change['participant'] : {};
                    if (who['role'] !== 'Agent' && who['role'] !== 'Chatbot') continue;
                    const display =
                        typeof change['displayName'] === 'string' && change['displayName']
                            ? change['displayName']
                            : name;
                    if (change['operation'] === 'add')
                        await this.messenger.sendNotice(
                            customer,
                            `${key}:${i}`,
                            'agentJoined',
                            `${display} joined the conversation`,
                        );
                    else if (change['operation'] === 'remove')
                        await this.messenger.sendNotice(
                            customer,
                            `${key}:${i}`,
                            'agentLeft',
                            `${display} left the conversation`,
                        );
                    else continue;
                    sent++;
                }
                return `participants: ${sent}`;
            }
            case 'TransferProgress':
                await this.messenger.sendNotice(
                    customer,
                    key,
                    'transferred',
                    'You are being transferred to another agent',
                );
                return 'transfer';
            case 'SessionStatusChanged':
                if (entry.entryPayload['sessionStatus'] !== 'Ended') return 'ignored: session status';
                await this.messenger.sendNotice(customer, key, 'sessionEnded', 'The conversation has ended');
                return 'ended';
            default:
                this.log.debug({ entryType: entry.entryType }, 'messaging: outbound entry type not shown to customers');
                return `ignored: ${entry.entryType}`;
        }
    }
}
