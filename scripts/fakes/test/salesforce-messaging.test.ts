/**
 * The fake Salesforce Messaging org enforces the published Interaction Service API (headers, token, multipart parts,
 * required fields, enums, sizes, error codes) and speaks the Pub/Sub API on the official proto (auth metadata,
 * GetTopic, GetSchema, Subscribe with flow control and replay ids, Avro payloads).
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import avro from 'avsc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeMessagingOrg, type FakeMessagingOrg } from '../salesforce-messaging/index.js';
import { pubSubPackage, type FetchResponse } from '../../relay/src/messaging/pubsub-proto.js';
import { buildJwtAssertion } from '../../relay/src/salesforce/token-provider.js';

const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
let org: FakeMessagingOrg;
let url: string;
let grpcAddress: string;
let token: string;

async function getToken(): Promise<string> {
    const assertion = buildJwtAssertion({
        clientId: 'app',
        username: 'int@example.com',
        audience: url,
        privateKeyPem: keys.privateKey,
        nowMs: Date.now(),
    });
    const res = await fetch(`${url}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString(),
    });
    const body = (await res.json()) as { access_token: string; scope: string };
    expect(body.scope).toContain('interaction_api');
    return body.access_token;
}

beforeAll(async () => {
    org = createFakeMessagingOrg({
        clientId: 'app',
        jwtPublicKeyPem: keys.publicKey,
        username: 'int@example.com',
        keepAliveMs: 200,
    });
    url = await org.listen(0);
    grpcAddress = await org.listenPubSub(0);
    token = await getToken();
});
afterAll(() => org.close());

const headers = (over: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    orgid: org.orgId,
    authorizationcontext: org.authorizationContext,
    requestid: randomUUID(),
    ...over,
});

function textInteraction(from: string, id = randomUUID(), textValue = 'hi') {
    return {
        to: org.channelAddressIdentifier,
        from,
        interactions: [
            {
                timestamp: Date.now(),
                interactionType: 'EntryInteraction',
                payload: {
                    id,
                    entryType: 'Message',
                    abstractMessage: {
                        messageType: 'StaticContentMessage',
                        id,
                        staticContent: { formatType: 'Text', text: textValue },
                    },
                },
            },
        ],
    };
}

async function postInteraction(
    json: unknown,
    opts: { headers?: Record<string, string>; file?: { bytes: Buffer; name: string; type: string } } = {},
) {
    const form = new FormData();
    if (json !== undefined)
        form.append(
            'json',
            new Blob([typeof json === 'string' ? json : JSON.stringify(json)], { type: 'application/json' }),
        );
    if (opts.file)
        form.append(
            'attachments',
            new Blob([new Uint8Array(opts.file.bytes)], { type: opts.file.type }),
            opts.file.name,
        );
    const res = await fetch(`${url}/api/v1/interactions`, {
        method: 'POST',
        headers: opts.headers ?? headers(),
        body: form,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('Interaction Service API', () => {
    it('accepts a text message, opens a conversation and answers 202 with the work item', async () => {
        const res = await postInteraction(textInteraction('ada'));
        expect(res.status).toBe(202);
        expect(res.body).toMatchObject({ success: true });
        expect(res.body['conversationIdentifier']).toBe(org.conversations.forEndUser('ada')!.conversationIdentifier);
        expect((res.body['workItemIds'] as string[])[0]).toMatch(/^0Mw/);
    });

    it('enforces the headers and the token', async () => {
        expect(
            (await postInteraction(textInteraction('a'), { headers: headers({ requestid: 'not-a-uuid' }) })).body,
        ).toMatchObject({ code: 10016 });
        expect(
            (await postInteraction(textInteraction('a'), { headers: headers({ authorization: 'Bearer 00Dxx!nope' }) }))
                .status,
        ).toBe(401);
        expect(
            (await postInteraction(textInteraction('a'), { headers: headers({ authorizationcontext: 'Other' }) })).body,
        ).toMatchObject({ code: 10005 });
        expect(
            (await postInteraction(textInteraction('a'), { headers: headers({ orgid: '00D000000000001' }) })).body,
        ).toMatchObject({ code: 10016 });
    });

    it('enforces parts, required fields, enums and codes', async () => {
        const code = async (json: unknown, file?: { bytes: Buffer; name: string; type: string }) =>
            (await postInteraction(json, file ? { file } : {})).body['code'];
        expect(await code(undefined)).toBe(10100);
        expect(await code({ ...textInteraction('a'), to: 'unknown-channel' })).toBe(10017);
        expect(await code({ ...textInteraction('a'), from: '' })).toBe(10028);
        const two = textInteraction('a');
        two.interactions.push(two.interactions[0]!);
        expect(await code(two)).toBe(10029);
        const badType = textInteraction('a');
        (badType.interactions[0]!.payload as Record<string, unknown>)['entryType'] = 'Bogus';
        expect(await code(badType)).toBe(10045);
        const mismatch = textInteraction('a');
        mismatch.interactions[0]!.payload.abstractMessage.id = randomUUID();
        expect(await code(mismatch)).toBe(10060);
        const id = randomUUID();
        expect((await postInteraction(textInteraction('dupe', id))).status).toBe(202);
        expect(await code(textInteraction('dupe', id))).toBe(10073);
        const attachment = (contentLength: number) => ({
            to: org.channelAddressIdentifier,
            from: 'files',
            interactions: [
                {
                    timestamp: Date.now(),
                    interactionType: 'AttachmentInteraction',
                    id: randomUUID(),
                    attachmentIndex: 0,
                    contentLength,
                },
            ],
        });
        expect(await code(attachment(3))).toBe(10011);
        expect(await code(attachment(4), { bytes: Buffer.from('abc'), name: 'a.txt', type: 'text/plain' })).toBe(10051);
        const big = Buffer.alloc(25 * 1024 * 1024 + 1);
        expect(await code(attachment(big.length), { bytes: big, name: 'big.bin', type: 'application/zip' })).toBe(
            10008,
        );
        const ok = await postInteraction(attachment(3), {
            file: { bytes: Buffer.from('abc'), name: 'a.txt', type: 'text/plain' },
        });
        expect(ok.status).toBe(202);
    });

    it('validates acknowledgements against the conversation', async () => {
        await postInteraction(textInteraction('acker'));
        const conv = org.conversations.forEndUser('acker')!;
        org.conversations.accept(conv, { userId: '005000000000001AAA', name: 'Alice' });
        const reply = org.conversations.reply(conv, 'hello');
        const ack = (entryId: string, subject = 'acker') =>
            fetch(`${url}/api/v1/acknowledgement`, {
                method: 'POST',
                headers: { ...headers(), 'content-type': 'application/json' },
                body: JSON.stringify({
                    conversationIdentifier: conv.conversationIdentifier,
                    sender: { appType: 'custom', subject, role: 'EndUser' },
                    acknowledgements: [
                        {
                            acknowledgementTimestamp: String(Date.now()),
                            acknowledgementType: 'Read',
                            acknowledgedConversationEntryIdentifier: entryId,
                            acknowledgmentCreatedConversationEntryIdentifier: randomUUID(),
                        },
                    ],
                }),
            });
        expect((await ack(reply.id)).status).toBe(200);
        expect(((await (await ack('missing')).json()) as { code: number }).code).toBe(10089);
        expect(((await (await ack(reply.id, 'someone-else')).json()) as { code: number }).code).toBe(10068);
    });
});

describe('Pub/Sub API', () => {
    const { PubSub } = pubSubPackage();
    const client = () => new PubSub(grpcAddress, grpc.credentials.createInsecure()) as unknown as Record<string, any>; // any: generated client
    const metadata = (over: Record<string, string> = {}) => {
        const md = new grpc.Metadata();
        for (const [k, v] of Object.entries({ accesstoken: token, instanceurl: url, tenantid: org.orgId, ...over }))
            md.set(k, v);
        return md;
    };
    // any: generated client methods and responses
    const unary = (c: Record<string, any>, method: string, req: unknown, md: grpc.Metadata): Promise<any> =>
        new Promise((resolve, reject) => {
            c[method](req, md, (err: Error | null, res: unknown) => (err ? reject(err) : resolve(res)));
        });

    it('authenticates every call and serves the topic and its Avro schema', async () => {
        const c = client();
        await expect(
            unary(c, 'GetTopic', { topic_name: org.bus.topicName }, metadata({ accesstoken: 'bad' })),
        ).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
        await expect(
            unary(c, 'GetTopic', { topic_name: org.bus.topicName }, metadata({ tenantid: '00D000000000002' })),
        ).rejects.toMatchObject({ code: grpc.status.UNAUTHENTICATED });
        const topic = await unary(c, 'GetTopic', { topic_name: org.bus.topicName }, metadata());
        expect(topic).toMatchObject({ topic_name: '/event/Tim_Messaging_Event__e', can_subscribe: true });
        const schema = await unary(c, 'GetSchema', { schema_id: topic.schema_id }, metadata());
        const type = avro.Type.forSchema(JSON.parse(schema.schema_json));
        const event = org.bus.publish('Interaction', { hello: 'world' }, '005000000000001AAA');
        expect(type.fromBuffer(event.payload)).toMatchObject({
            Event_Type__c: 'Interaction',
            Payload__c: '{"hello":"world"}',
        });
        c.close();
    });

    it('sends no more than num_requested, resumes after a CUSTOM replay id and rejects bad requests', async () => {
        org.bus.reset();
        for (let i = 0; i < 5; i++) org.bus.publish('Interaction', { n: i }, '005000000000001AAA');
        const c = client();
        const got: FetchResponse[] = [];
        const stream = c['Subscribe'](metadata());
        stream.on('data', (r: FetchResponse) => got.push(r));
        stream.on('error', () => undefined);
        stream.write({ topic_name: org.bus.topicName, replay_preset: 'EARLIEST', num_requested: 2 });
        await new Promise((r) => setTimeout(r, 300));
        const delivered = () => got.flatMap((r) => r.events);
        expect(delivered()).toHaveLength(2);
        stream.write({ num_requested: 2 });
        await new Promise((r) => setTimeout(r, 100));
        expect(delivered()).toHaveLength(4);
        const resumeAfter = delivered()[1]!.replay_id;
        stream.cancel();

        const again: FetchResponse[] = [];
        const s2 = c['Subscribe'](metadata());
        s2.on('data', (r: FetchResponse) => again.push(r));
        s2.on('error', () => undefined);
        s2.write({ topic_name: org.bus.topicName, replay_preset: 'CUSTOM', replay_id: resumeAfter, num_requested: 10 });
        await new Promise((r) => setTimeout(r, 300));
        const resumed = again
            .flatMap((r) => r.events)
            .map((e) => (JSON.parse(String(org.bus.decode(e.event.payload)['Payload__c'])) as { n: number }).n);
        expect(resumed).toEqual([2, 3, 4]);
        expect(again.some((r) => r.events.length === 0 && r.latest_replay_id.length === 8)).toBe(true); // keep-alive
        s2.cancel();

        const failure = (request: Record<string, unknown>) =>
            new Promise<grpc.ServiceError>((resolve) => {
                const s = c['Subscribe'](metadata());
                s.on('error', resolve);
                s.on('data', () => undefined);
                s.write(request);
            });
        expect(
            (await failure({ topic_name: org.bus.topicName, replay_preset: 'LATEST', num_requested: 101 })).code,
        ).toBe(grpc.status.INVALID_ARGUMENT);
        expect(
            (
                await failure({
                    topic_name: org.bus.topicName,
                    replay_preset: 'CUSTOM',
                    replay_id: Buffer.from('garbage'),
                    num_requested: 1,
                })
            ).code,
        ).toBe(grpc.status.INVALID_ARGUMENT);
        c.close();
    });
});
