/**
 * Messaging mode, customer → Salesforce, over real HTTP: Tencent's C2C webhooks into the relay, the relay into the
 * fake Interaction Service API (which enforces the published schema).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
    AGENT,
    SERVICE_USER,
    startMessagingRig,
    textOf,
    toCustomer,
    waitFor,
    type MessagingRig,
    type RelayInstance,
} from './helpers/messaging-harness.js';

let rig: MessagingRig;
let relay: RelayInstance;

beforeAll(async () => {
    rig = await startMessagingRig();
    relay = await rig.startRelay();
    rig.routeCallbacksTo(relay);
});
afterAll(() => rig.close());
beforeEach(() => rig.org.faults.clear());

const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];
const conversationOf = (customer: string) => rig.org.conversations.forEndUser(customer);

describe('customer → Salesforce', () => {
    it('opens a conversation per customer and delivers text as a Message entry', async () => {
        rig.customerSends('cust-text', text('Hello, my order is late'));
        const conv = await waitFor(
            () =>
                conversationOf('cust-text')?.entries.find((e) => e.text === 'Hello, my order is late') &&
                conversationOf('cust-text'),
            'message entry',
        );
        expect(conv.sessions).toHaveLength(1);
        expect(conv.sessions[0]!.status).toBe('Waiting');
        rig.customerSends('cust-other', text('Another customer'));
        const other = await waitFor(() => conversationOf('cust-other'), 'second conversation');
        expect(other.conversationIdentifier).not.toBe(conv.conversationIdentifier);
        const call = rig.org.calls.find((c) => c.path === 'interactions' && c.status === 202);
        expect(call?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('forwards typing started and stopped', async () => {
        const typing = (status: number) => [
            {
                MsgType: 'TIMCustomElem',
                MsgContent: {
                    Data: JSON.stringify({ businessID: 'user_typing_status', typingStatus: status, version: 1 }),
                },
            },
        ];
        rig.customerSends('cust-typing', typing(1));
        await waitFor(() => conversationOf('cust-typing')?.endUserTyping === true, 'typing started');
        rig.customerSends('cust-typing', typing(0));
        await waitFor(() => conversationOf('cust-typing')?.endUserTyping === false, 'typing stopped');
    });

    it('uploads images and files as attachment interactions with the exact bytes', async () => {
        const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(4096, 7)]);
        const pdf = Buffer.from('%PDF-1.4 fake invoice');
        rig.files.put('/img/1.png', png, 'image/png');
        rig.files.put('/doc/invoice.pdf', pdf, 'application/pdf');
        rig.customerSends('cust-files', [
            {
                MsgType: 'TIMImageElem',
                MsgContent: {
                    UUID: 'u1',
                    ImageFormat: 2,
                    ImageInfoArray: [
                        { Type: 1, Size: png.length, Width: 10, Height: 10, URL: `${rig.files.origin}/img/1.png` },
                    ],
                },
            },
        ]);
        rig.customerSends('cust-files', [
            {
                MsgType: 'TIMFileElem',
                MsgContent: {
                    Url: `${rig.files.origin}/doc/invoice.pdf`,
                    FileName: 'invoice.pdf',
                    FileSize: pdf.length,
                    Download_Flag: 2,
                },
            },
        ]);
        const conv = await waitFor(
            () =>
                conversationOf('cust-files')?.entries.filter((e) => e.attachment).length === 2
                    ? conversationOf('cust-files')
                    : undefined,
            'two attachments',
        );
        const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
        const attachments = conv.entries.map((e) => e.attachment).filter((a) => a !== undefined);
        expect(attachments.map((a) => [a.mimeType, a.size, a.sha256])).toEqual([
            ['image/png', png.length, sha(png)],
            ['application/pdf', pdf.length, sha(pdf)],
        ]);
        expect(attachments[1]!.name).toBe('invoice.pdf');
    });

    it('refuses files over 25 MB with a notice the customer sees, declared or actual', async () => {
        rig.customerSends('cust-big', [
            {
                MsgType: 'TIMFileElem',
                MsgContent: {
                    Url: `${rig.files.origin}/nothing`,
                    FileName: 'huge.zip',
                    FileSize: 26 * 1024 * 1024,
                    Download_Flag: 2,
                },
            },
        ]);
        const notice = await waitFor(() => toCustomer(rig, 'cust-big')[0], 'failure notice');
        expect(textOf(notice)).toContain('[deliveryFailed] Your file is larger than 25 MB');
        // The declared size lies: the bytes themselves are counted.
        rig.files.put('/big.bin', Buffer.alloc(25 * 1024 * 1024 + 1), 'application/zip');
        rig.customerSends('cust-big', [
            {
                MsgType: 'TIMFileElem',
                MsgContent: {
                    Url: `${rig.files.origin}/big.bin`,
                    FileName: 'liar.zip',
                    FileSize: 10,
                    Download_Flag: 2,
                },
            },
        ]);
        await waitFor(() => toCustomer(rig, 'cust-big').length === 2, 'second notice');
        expect(conversationOf('cust-big')?.entries ?? []).toHaveLength(0);
    });

    it('never downloads from hosts outside the storage allowlist', async () => {
        rig.customerSends('cust-ssrf', [
            {
                MsgType: 'TIMFileElem',
                MsgContent: {
                    Url: 'http://169.254.169.254/latest/meta-data',
                    FileName: 'x.txt',
                    FileSize: 10,
                    Download_Flag: 2,
                },
            },
        ]);
        const notice = await waitFor(() => toCustomer(rig, 'cust-ssrf')[0], 'failure notice');
        expect(textOf(notice)).toContain('could not be delivered');
    });

    it('retries retryable Interaction API errors with the same RequestId, and the message arrives once', async () => {
        rig.org.faults.inject({
            path: 'interactions',
            status: 503,
            code: 10094,
            message: 'downstream timeout',
            times: 2,
        });
        rig.customerSends('cust-retry', text('Are you there?'));
        await waitFor(() => conversationOf('cust-retry')?.entries.length === 1, 'entry after retries');
        const attempts = rig.org.calls.filter((c) => c.path === 'interactions').slice(-3);
        expect(attempts.map((c) => c.status)).toEqual([503, 503, 202]);
        expect(new Set(attempts.map((c) => c.requestId)).size).toBe(1);
    });

    it('does not retry a permanent error and tells the customer', async () => {
        rig.org.faults.inject({
            path: 'interactions',
            status: 400,
            code: 10045,
            message: 'Provide a valid message entry format.',
        });
        const before = rig.org.calls.length;
        rig.customerSends('cust-permanent', text('hi'));
        const notice = await waitFor(() => toCustomer(rig, 'cust-permanent')[0], 'failure notice');
        expect(textOf(notice)).toContain('could not be delivered to the agent');
        expect(rig.org.calls.length - before).toBe(1);
    });

    it('gets a new token when the old one expired and loses nothing', async () => {
        rig.customerSends('cust-token', text('first'));
        await waitFor(() => conversationOf('cust-token')?.entries.length === 1, 'first');
        rig.org.expireAllTokens();
        rig.customerSends('cust-token', text('second'));
        await waitFor(() => conversationOf('cust-token')?.entries.length === 2, 'second after token expiry');
        const last = rig.org.calls.filter((c) => c.path === 'interactions').slice(-2);
        expect(last.map((c) => [c.status, c.code])).toEqual([
            [401, 10004],
            [202, undefined],
        ]);
    });

    it('sends read receipts for the agent messages the customer read', async () => {
        rig.customerSends('cust-read', text('hello'));
        const conv = await waitFor(() => conversationOf('cust-read'), 'conversation');
        rig.org.conversations.accept(conv, AGENT);
        const reply = rig.org.conversations.reply(conv, 'Hi, I am Alice');
        await waitFor(
            () => toCustomer(rig, 'cust-read').some((m) => textOf(m) === 'Hi, I am Alice'),
            'reply delivered',
        );
        rig.tencent.c2c.markRead('cust-read', SERVICE_USER, Math.floor(Date.now() / 1000) + 1, 'Web');
        const ack = await waitFor(() => conv.entries.find((e) => e.acknowledges?.entryId === reply.id), 'read ack');
        expect(ack.acknowledges?.type).toBe('Read');
        expect(ack.entryType).toBe('ReadAcknowledgement');
    });

    it('ignores its own messages and messages to other users', async () => {
        const before = rig.org.calls.length;
        rig.tencent.importAccount('someone');
        rig.tencent.importAccount('cust-x');
        rig.tencent.c2c.send({ from: 'cust-x', to: 'someone', random: 1, msgBody: text('private') });
        rig.tencent.c2c.send({ from: SERVICE_USER, to: 'cust-x', random: 2, msgBody: text('from support') });
        await rig.tencent.callbacks.idle();
        await relay.app.relay.callbacks.idle();
        expect(rig.org.calls.length).toBe(before);
    });
});
