/**
 * Customer → Salesforce: handles the Tencent webhooks for one-to-one messages to the support account.
 *   C2C.CallbackAfterSendMsg  — text → Message entry; images/files/voice/video → AttachmentInteraction (downloaded,
 *                                ≤ 25 MB, a failure notice to the customer above that); typing custom elements →
 *                                TypingStarted/StoppedIndicator.
 *   C2C.CallbackAfterMsgReport — the customer read the support account's messages → Read acknowledgements for the
 *                                agent entries delivered up to that time.
 * Entry ids derive from Tencent's MsgKey, so the same message is the same entry however often it arrives.
 */
import type { Log } from '../logger.js';
import type { CallbackBody } from '../tencent/callback-dispatcher.js';
import {
    AttachmentRejectedError,
    AttachmentTooLargeError,
    MAX_ATTACHMENT_BYTES,
    downloadAttachment,
} from './attachment-download.js';
import { InteractionApiError, entryIdFor, type InteractionClient } from './interaction-client.js';
import type { MessagingStore } from './messaging-store.js';
import { TYPING_BUSINESS_ID, type ServiceAccountMessenger } from './service-account-messenger.js';

const TENCENT_USER_ID = /^[A-Za-z0-9_-]{1,32}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface InboundOptions {
    serviceUserId: () => string;
    /** storage hosts attachments may be downloaded from */
    attachmentHosts: () => readonly string[];
    /** exact origins allowed over http (the sandbox's loopback fake) */
    attachmentLoopbackOrigins?: () => readonly string[];
    onActivity?: (kind: 'inbound', atMs: number) => void;
}

interface FileRef {
    url: string;
    name: string;
    declaredSize: number;
}

function fileRef(element: Record<string, unknown>, seq: string): FileRef | null {
    const content = isObject(element['MsgContent']) ? element['MsgContent'] : {};
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    switch (element['MsgType']) {
        case 'TIMImageElem': {
            const infos = Array.isArray(content['ImageInfoArray']) ? content['ImageInfoArray'].filter(isObject) : [];
            const original = infos.find((i) => i['Type'] === 1) ?? infos[0];
            if (!original || typeof original['URL'] !== 'string') return null;
            return { url: original['URL'], name: `image-${seq}`, declaredSize: num(original['Size']) };
        }
        case 'TIMFileElem':
            return typeof content['Url'] === 'string'
                ? {
                      url: content['Url'],
                      name:
                          typeof content['FileName'] === 'string' && content['FileName']
                              ? content['FileName']
                              : `file-${seq}`,
                      declaredSize: num(content['FileSize']),
                  }
                : null;
        case 'TIMSoundElem':
            return typeof content['Url'] === 'string'
                ? { url: content['Url'], name: `voice-${seq}`, declaredSize: num(content['Size']) }
                : null;
        case 'TIMVideoFileElem':
            return typeof content['VideoUrl'] === 'string'
                ? { url: content['VideoUrl'], name: `video-${seq}`, declaredSize: num(content['VideoSize']) }
                : null;
        default:
            return null;
    }
}

const EXTENSIONS: Record<string, string> = {
    'image/png': 'png',
    'image/jpeg': 'jpg',
    'image/gif': 'gif',
    'image/webp': 'webp',
    'application/pdf': 'pdf',
};

export class InboundForwarder {
    constructor(
        private readonly interactions: InteractionClient,
        private readonly messenger: ServiceAccountMessenger,
        private readonly store: MessagingStore,
        private readonly opts: InboundOptions,
        private readonly log: Log,
    ) {}

    /** C2C.CallbackAfterSendMsg */
    async onMessage(body: CallbackBody): Promise<void> {
        const from = body['From_Account'];
        const to = body['To_Account'];
        const service = this.opts.serviceUserId();
        if (to !== service || from === service) return; // not for us, or our own echo
        if (typeof from !== 'string' || !TENCENT_USER_ID.test(from)) return;
        if (body['SendMsgResult'] !== undefined && body['SendMsgResult'] !== 0) return;
        const msgKey =
            typeof body['MsgKey'] === 'string'
                ? body['MsgKey']
                : `${String(body['MsgSeq'])}_${String(body['MsgRandom'])}_${String(body['MsgTime'])}`;
        const sentAtMs = typeof body['MsgTime'] === 'number' ? body['MsgTime'] * 1000 : Date.now();
        const elements = Array.isArray(body['MsgBody']) ? body['MsgBody'].filter(isObject) : [];
        this.opts.onActivity?.('inbound', Date.now());
        for (const [index, element] of elements.entries()) {
            const id = entryIdFor(`tencent:${from}:${msgKey}:${index}`);
            try {
                await this.forwardElement(from, element, id, sentAtMs, `${String(body['MsgSeq'] ?? '0')}-${index}`);
            } catch (err) {
                if (err instanceof AttachmentTooLargeError) {
                    await this.messenger.sendNotice(
                        from,
                        `too-large:${id}`,
                        'deliveryFailed',
                        'Your file is larger than 25 MB and was not delivered to the agent. Please send a smaller file.',
                    );
                } else if (err instanceof AttachmentRejectedError || err instanceof InteractionApiError) {
                    this.log.warn({ err: err.message }, 'messaging: customer message not delivered to Salesforce');
                    if (isTypingElement(element)) continue; // a lost typing indicator is not worth a notice
                    await this.messenger.sendNotice(
                        from,
                        `failed:${id}`,
                        'deliveryFailed',
                        'Your message could not be delivered to the agent.',
                    );
                } else throw err;
            }
        }
    }

    /** C2C.CallbackAfterMsgReport */
    async onRead(body: CallbackBody): Promise<void> {
        const reader = body['Report_Account'];
        const service = this.opts.serviceUserId();
        if (body['Peer_Account'] !== service || typeof reader !== 'string' || reader === service) return;
        const lastRead = body['LastReadTime'];
        if (typeof lastRead !== 'number') return;
        const conversation = await this.store.conversationOf(reader);
        if (!conversation) return;
        const entries = await this.store.takeAgentEntriesReadBy(reader, lastRead * 1000 + 999);
        if (entries.length === 0) return;
        await this.interactions.acknowledgeRead(conversation, reader, entries, lastRead * 1000);
    }

    private async forwardElement(
        from: string,
        element: Record<string, unknown>,
        id: string,
        sentAtMs: number,
        seq: string,
    ): Promise<void> {
        const content = isObject(element['MsgContent']) ? element['MsgContent'] : {};
        if (element['MsgType'] === 'TIMTextElem' && typeof content['Text'] === 'string' && content['Text'] !== '') {
            return this.remember(
                from,
                await this.interactions.sendEntry(from, { entryType: 'Message', id, text: content['Text'] }, sentAtMs),
            );
        }
        if (element['MsgType'] === 'TIMCustomElem') {
            const typing = typingStatus(content['Data']);
            if (typing !== null) {
                const entryType = typing ? 'TypingStartedIndicator' : 'TypingStoppedIndicator';
                await this.interactions.sendEntry(from, { entryType, id, timestamp: sentAtMs }, sentAtMs);
                return;
            }
            const text = typeof content['Desc'] === 'string' && content['Desc'] ? content['Desc'] : '';
            if (text)
                await this.remember(
                    from,
                    await this.interactions.sendEntry(from, { entryType: 'Message', id, text }, sentAtMs),
                );
            return;
        }
        const ref = fileRef(element, seq);
        if (!ref) {
            const text = `(${String(element['MsgType'] ?? 'unknown')} message not supported in this channel)`;
            return this.remember(
                from,
                await this.interactions.sendEntry(from, { entryType: 'Message', id, text }, sentAtMs),
            );
        }
        if (ref.declaredSize > MAX_ATTACHMENT_BYTES) throw new AttachmentTooLargeError('the file is larger than 25 MB');
        const file = await downloadAttachment(ref.url, {
            hostSuffixes: this.opts.attachmentHosts(),
            loopbackOrigins: this.opts.attachmentLoopbackOrigins?.() ?? [],
        });
        const name = /\.[A-Za-z0-9]{1,8}$/.test(ref.name)
            ? ref.name
            : `${ref.name}.${EXTENSIONS[file.mimeType] ?? 'bin'}`;
        await this.remember(
            from,
            await this.interactions.sendAttachment(
                from,
                { id, file: { name, mimeType: file.mimeType, bytes: file.bytes } },
                sentAtMs,
            ),
        );
    }

    private async remember(customer: string, result: { conversationIdentifier: string | null }): Promise<void> {
        if (result.conversationIdentifier)
            await this.store.rememberConversation(customer, result.conversationIdentifier);
    }
}

function isTypingElement(element: Record<string, unknown>): boolean {
    const content = isObject(element['MsgContent']) ? element['MsgContent'] : {};
    return element['MsgType'] === 'TIMCustomElem' && typingStatus(content['Data']) !== null;
}

/** 1 / 0 for a TUIKit-style typing custom element, null for any other custom element. */
function typingStatus(data: unknown): boolean | null {
    if (typeof data !== 'string' || data.length > 1024) return null;
    try {
        const parsed: unknown = JSON.parse(data);
        if (isObject(parsed) && parsed['businessID'] === TYPING_BUSINESS_ID) return parsed['typingStatus'] === 1;
    } catch {
        return null;
    }
    return null;
}
