/**
 * Messaging mode, Salesforce → customer: agent actions in the fake org publish the channel's platform event; the relay
 * consumes it over the Pub/Sub API (gRPC, Avro) and the customer sees each entry in Tencent Chat from the support
 * account — once, even across restarts, redeliveries and replicas.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
    API_KEY,
    AGENT,
    SERVICE_USER,
    startMessagingRig,
    textOf,
    toCustomer,
    waitFor,
    type MessagingRig,
    type RelayInstance,
} from './helpers/messaging-harness.js';
import { startRedisServer, type RedisServer } from './helpers/redis-server.js';

const text = (t: string) => [{ MsgType: 'TIMTextElem', MsgContent: { Text: t } }];

async function openConversation(rig: MessagingRig, customer: string) {
    rig.customerSends(customer, text('I need help'));
    const conv = await waitFor(() => rig.org.conversations.forEndUser(customer), 'conversation');
    return conv;
}

const sendmsgCalls = (rig: MessagingRig, customer: string) =>
    rig.tencent.calls.filter(
        (c) => c.command === 'openim/sendmsg' && (c.body as Record<string, unknown>)['To_Account'] === customer,
    );

describe('Salesforce → customer, one relay', () => {
    let rig: MessagingRig;
    let relay: RelayInstance;
    beforeAll(async () => {
        rig = await startMessagingRig();
        relay = await rig.startRelay();
        rig.routeCallbacksTo(relay);
        await waitFor(() => relay.app.relay.messaging?.subscriber.status().live, 'subscription live');
    });
    afterAll(() => rig.close());

    it('shows accept, reply (with the agent name), attachments, typing, read and end to the customer', async () => {
        const conv = await openConversation(rig, 'cust-out');
        rig.org.conversations.accept(conv, AGENT);
        rig.org.conversations.reply(conv, 'Hello, I am Alice');
        rig.org.conversations.replyWithAttachment(conv, 'Here is the label', {
            name: 'label.png',
            mimeType: 'image/png',
            url: 'https://files.example.com/label.png',
        });
        rig.org.conversations.replyWithAttachment(conv, '', {
            name: 'terms.pdf',
            mimeType: 'application/pdf',
            url: 'https://files.example.com/terms.pdf',
        });
        rig.org.conversations.typing(conv, true);
        rig.org.conversations.typing(conv, false);
        const lastCustomerEntry = conv.entries.find((e) => e.sender.role === 'EndUser')!;
        rig.org.conversations.read(conv, lastCustomerEntry.id);
        rig.org.conversations.end(conv);
        await waitFor(
            () => toCustomer(rig, 'cust-out').some((m) => textOf(m).includes('[sessionEnded]')),
            'end notice',
        );
        const seen = toCustomer(rig, 'cust-out').map(textOf);
        expect(seen).toEqual([
            '[agentJoined] Alice Agent joined the conversation',
            'Hello, I am Alice',
            'Here is the label [image]',
            '[file]',
            '[agentLeft] Alice Agent left the conversation',
            '[sessionEnded] The conversation has ended',
        ]);
        const reply = toCustomer(rig, 'cust-out')[1]!;
        expect(JSON.parse(reply.cloudCustomData)).toEqual({
            tim: 'messaging',
            senderDisplayName: 'Alice Agent',
            role: 'Agent',
        });
        expect(reply.from).toBe(SERVICE_USER);
        // Typing went as online-only custom messages (not stored), in order started → stopped.
        const typing = sendmsgCalls(rig, 'cust-out')
            .map((c) => c.body as { MsgLifeTime?: number; MsgBody: Array<{ MsgContent: { Data?: string } }> })
            .filter((b) => b.MsgLifeTime === 0)
            .map((b) => JSON.parse(b.MsgBody[0]!.MsgContent.Data!) as { typingStatus: number });
        expect(typing.map((t) => t.typingStatus)).toEqual([1, 0]);
        // The agent's read receipt: the support account marked the customer's messages read.
        expect(rig.tencent.c2c.readTime(SERVICE_USER, 'cust-out')).toBeGreaterThan(0);
        // No echo: the relay's own sends never came back as Interaction API calls.
        expect(rig.org.calls.filter((c) => c.path === 'interactions')).toHaveLength(1);
    });

    it('tells the customer about a transfer', async () => {
        const conv = await openConversation(rig, 'cust-transfer');
        rig.org.conversations.accept(conv, AGENT);
        rig.org.conversations.transfer(conv);
        await waitFor(() => toCustomer(rig, 'cust-transfer').length === 2, 'transfer notice');
        expect(textOf(toCustomer(rig, 'cust-transfer')[1]!)).toBe(
            '[transferred] You are being transferred to another agent',
        );
    });

    it('survives an expired Pub/Sub session: re-authenticates and resumes', async () => {
        const conv = await openConversation(rig, 'cust-reauth');
        rig.org.conversations.accept(conv, AGENT);
        await waitFor(() => toCustomer(rig, 'cust-reauth').length === 1, 'join notice');
        rig.org.expireAllTokens();
        rig.org.pubsub.dropStreams(); // the reconnect first presents the dead token → UNAUTHENTICATED → new token
        rig.org.conversations.reply(conv, 'after re-auth');
        await waitFor(() => toCustomer(rig, 'cust-reauth').length === 2, 'delivered after re-auth');
        expect(textOf(toCustomer(rig, 'cust-reauth')[1]!)).toBe('after re-auth');
    });

    it('reports the subscription in GET /v1/messaging/status', async () => {
        const res = await fetch(`${relay.url}/v1/messaging/status`, {
            headers: { authorization: `Bearer ${API_KEY}` },
        });
        const body = (await res.json()) as Record<string, any>; // any: response shape checked field by field
        expect(res.status).toBe(200);
        expect(body['configured']).toBe(true);
        expect(body['healthy']).toBe(true);
        expect(body['token']).toEqual({ ok: true });
        expect(body['subscription']).toMatchObject({ live: true, leaseHeld: true, store: 'file' });
        expect(typeof body['subscription']['lastEventAt']).toBe('string');
        const anonymous = await fetch(`${relay.url}/v1/messaging/status`);
        expect(anonymous.status).toBe(401);
    });

    it('never shows a redelivered event twice', async () => {
        const conv = await openConversation(rig, 'cust-dup');
        rig.org.conversations.accept(conv, AGENT);
        rig.org.conversations.reply(conv, 'one');
        rig.org.conversations.reply(conv, 'two');
        await waitFor(() => toCustomer(rig, 'cust-dup').length === 3, 'three messages');
        // Stop the consumer, rewind the stored position to before these events and start it again: the fake
        // redelivers them from there.
        const subscriber = relay.app.relay.messaging!.subscriber;
        await subscriber.stop();
        const firstSeq = rig.org.bus
            .retained()
            .find((e) => e.payload.includes(Buffer.from(conv.conversationIdentifier)))!.seq;
        const rewind = Buffer.alloc(8);
        rewind.writeBigUInt64BE(BigInt(firstSeq - 1));
        writeFileSync(rig.replayFile, rewind.toString('hex'));
        subscriber.start();
        await waitFor(
            () =>
                rig.org.pubsub.fetches.some(
                    (f) => f.request.replay_preset === 'CUSTOM' && f.request.replay_id === rewind.toString('hex'),
                ),
            'resubscribe at the rewound id',
        );
        const handledBefore = relay.app.relay.messaging!.subscriber.status().handled;
        rig.org.conversations.reply(conv, 'three');
        await waitFor(() => toCustomer(rig, 'cust-dup').length >= 4, 'fourth');
        expect(toCustomer(rig, 'cust-dup').map(textOf)).toEqual([
            '[agentJoined] Alice Agent joined the conversation',
            'one',
            'two',
            'three',
        ]);
        // The redelivered events (before "three" in the stream) were skipped as already delivered; only "three" was
        // handled anew.
        await waitFor(() => subscriber.status().handled >= handledBefore + 1, 'handled count');
        expect(subscriber.status().handled).toBe(handledBefore + 1);
    });

    it('retries an event when Tencent is briefly unreachable: delivered once, not skipped', async () => {
        const conv = await openConversation(rig, 'cust-outage');
        rig.org.conversations.accept(conv, AGENT);
        await waitFor(() => toCustomer(rig, 'cust-outage').length === 1, 'join notice');
        const skippedBefore = relay.app.relay.messaging!.subscriber.status().skipped;
        rig.tencent.faults.inject({ command: 'openim/sendmsg', httpStatus: 503, times: 4 });
        rig.org.conversations.reply(conv, 'after the outage');
        await waitFor(() => toCustomer(rig, 'cust-outage').length === 2, 'delivered after reconnect');
        expect(toCustomer(rig, 'cust-outage').map(textOf)[1]).toBe('after the outage');
        expect(relay.app.relay.messaging!.subscriber.status().skipped).toBe(skippedBefore);
    });

    it('skips an event that can never be delivered and keeps the stream going', async () => {
        // A conversation whose end user has no Tencent account: Tencent answers 20003 for every send.
        const { conversation: ghost } = rig.org.conversations.openFor('ghost-user');
        rig.org.conversations.accept(ghost, AGENT);
        rig.org.conversations.reply(ghost, 'nobody will read this');
        const skippedBefore = relay.app.relay.messaging!.subscriber.status().skipped;
        const conv = await openConversation(rig, 'cust-after-poison');
        rig.org.conversations.accept(conv, AGENT);
        rig.org.conversations.reply(conv, 'still flowing');
        await waitFor(
            () => toCustomer(rig, 'cust-after-poison').some((m) => textOf(m) === 'still flowing'),
            'next event',
        );
        expect(relay.app.relay.messaging!.subscriber.status().skipped).toBeGreaterThan(skippedBefore);
    });

    it('uses flow control: never more events in flight than it asked for', async () => {
        const requests = rig.org.pubsub.fetches.map((f) => f.request.num_requested);
        expect(requests.every((n) => n === 5)).toBe(true);
    });
});

describe('restart mid-stream', () => {
    it('resumes where it stopped: nothing published while down is lost, nothing is repeated', async () => {
        const rig = await startMessagingRig();
        try {
            let relay = await rig.startRelay();
            rig.routeCallbacksTo(relay);
            const conv = await openConversation(rig, 'cust-restart');
            rig.org.conversations.accept(conv, AGENT);
            rig.org.conversations.reply(conv, 'before 1');
            rig.org.conversations.reply(conv, 'before 2');
            await waitFor(() => toCustomer(rig, 'cust-restart').length === 3, 'before restart');
            await relay.close();
            for (let i = 1; i <= 4; i++) rig.org.conversations.reply(conv, `while down ${i}`);
            relay = await rig.startRelay();
            rig.routeCallbacksTo(relay);
            await waitFor(() => toCustomer(rig, 'cust-restart').length === 7, 'after restart');
            rig.org.conversations.reply(conv, 'after');
            await waitFor(() => toCustomer(rig, 'cust-restart').length === 8, 'live again');
            expect(toCustomer(rig, 'cust-restart').map(textOf).slice(1)).toEqual([
                'before 1',
                'before 2',
                'while down 1',
                'while down 2',
                'while down 3',
                'while down 4',
                'after',
            ]);
            const resumed = rig.org.pubsub.fetches.filter((f) => f.request.replay_preset === 'CUSTOM');
            expect(resumed.length).toBeGreaterThanOrEqual(1);
        } finally {
            await rig.close();
        }
    });
});

describe('two replicas sharing Redis', () => {
    let redis: RedisServer;
    beforeAll(async () => {
        redis = await startRedisServer();
    });
    afterAll(() => redis.stop());

    it('exactly one consumes; when it stops the other takes over without loss or duplicates', async () => {
        const rig = await startMessagingRig();
        try {
            const a = await rig.startRelay({ redisUrl: redis.url, leaseTtlMs: 600 });
            const b = await rig.startRelay({ redisUrl: redis.url, leaseTtlMs: 600 });
            rig.routeCallbacksTo(a);
            const status = () => [a, b].map((r) => r.app.relay.messaging!.subscriber.status());
            await waitFor(() => status().some((s) => s.live), 'a consumer');
            await new Promise((r) => setTimeout(r, 700)); // more than a lease period: still exactly one
            expect(status().filter((s) => s.leaseHeld)).toHaveLength(1);
            expect(status().filter((s) => s.live)).toHaveLength(1);
            expect(rig.org.pubsub.openStreams).toBe(1);

            const conv = await openConversation(rig, 'cust-replicas');
            rig.org.conversations.accept(conv, AGENT);
            for (let i = 1; i <= 5; i++) rig.org.conversations.reply(conv, `m${i}`);
            await waitFor(() => toCustomer(rig, 'cust-replicas').length === 6, 'first five');

            const leader = status()[0]!.live ? a : b;
            const follower = leader === a ? b : a;
            rig.routeCallbacksTo(follower);
            await leader.close();
            for (let i = 6; i <= 8; i++) rig.org.conversations.reply(conv, `m${i}`);
            await waitFor(() => follower.app.relay.messaging!.subscriber.status().live, 'takeover', 5_000);
            await waitFor(() => toCustomer(rig, 'cust-replicas').length === 9, 'after takeover');
            expect(toCustomer(rig, 'cust-replicas').map(textOf).slice(1)).toEqual([
                'm1',
                'm2',
                'm3',
                'm4',
                'm5',
                'm6',
                'm7',
                'm8',
            ]);
        } finally {
            await rig.close();
        }
    });
});
