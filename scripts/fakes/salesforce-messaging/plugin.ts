/**
 * The fake org's HTTP side: the OAuth token endpoint of the connected app (JWT bearer) and the Interaction Service
 * API (`/api/v1/interactions` multipart, `/api/v1/acknowledgement`), enforcing the published headers, token, parts,
 * required fields, enums, sizes and error codes.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { OAuthError, type OAuthServer } from '../salesforce/oauth.js';
import type { FaultQueue } from '../shared/fault-queue.js';
import { sleep } from '../shared/sleep.js';
import type { ConversationStore } from './conversations.js';
import {
    InteractionError,
    MAX_ATTACHMENT_BYTES,
    isUuid,
    parseAcknowledgementRequest,
    parseInteractionRequest,
} from './interaction-schema.js';

export interface InteractionFault {
    /** 'interactions' | 'acknowledgement' | '*' */
    path: string;
    status: number;
    code: number;
    message?: string;
    delayMs?: number;
    times?: number;
}

export interface RecordedInteractionCall {
    path: string;
    requestId: string;
    status: number;
    code?: number;
    at: number;
}

export interface PluginDeps {
    orgId: string;
    authorizationContext: string;
    channelAddressIdentifier: string;
    /** scopes granted to the connected app's tokens */
    scopes: string[];
    oauth: OAuthServer;
    userIdForUsername: (username: string) => string | undefined;
    conversations: ConversationStore;
    faults: FaultQueue<InteractionFault>;
    calls: RecordedInteractionCall[];
    now: () => number;
}

/** Raw multipart bodies up to the file limit plus room for the json part. */
const BODY_LIMIT = MAX_ATTACHMENT_BYTES + 1024 * 1024;

function header(request: FastifyRequest, name: string): string {
    const value = request.headers[name.toLowerCase()];
    return typeof value === 'string' ? value.trim() : '';
}

/** Authorization, OrgId, AuthorizationContext and RequestId, as every Interaction Service call requires. */
function checkHeaders(request: FastifyRequest, deps: PluginDeps): string {
    const auth = /^Bearer\s+(\S+)$/i.exec(header(request, 'authorization'));
    const requestId = header(request, 'requestid');
    if (!auth) throw new InteractionError(401, 10004, 'The supplied Authorization access token is not valid.');
    if (header(request, 'orgid') === '' || header(request, 'authorizationcontext') === '' || !isUuid(requestId))
        throw new InteractionError(400, 10016, 'Enter a valid header.');
    const token = auth[1]!;
    if (!deps.oauth.session(token))
        throw new InteractionError(401, 10004, 'The supplied Authorization access token is not valid.');
    if (
        header(request, 'orgid').slice(0, 15) !== deps.orgId.slice(0, 15) ||
        !token.startsWith(`${deps.orgId.slice(0, 15)}!`)
    )
        throw new InteractionError(400, 10016, 'Enter a valid header.');
    if (!deps.scopes.includes('interaction_api'))
        throw new InteractionError(
            403,
            10003,
            'The supplied Authorization access token is missing the required Connected App scope. Required value: interaction_api.',
        );
    if (header(request, 'authorizationcontext') !== deps.authorizationContext)
        throw new InteractionError(
            403,
            10005,
            "The AuthorizationContext for the request isn't valid based on the supplied Authorization access token.",
        );
    return requestId;
}

function sendError(reply: FastifyReply, error: unknown): FastifyReply {
    if (error instanceof InteractionError)
        return reply.code(error.status).send({ code: error.code, message: error.message });
    return reply
        .code(500)
        .send({ code: 500, message: 'An internal server error occurred. Please contact Salesforce Support.' });
}

async function formData(request: FastifyRequest): Promise<FormData> {
    const contentType = header(request, 'content-type');
    if (!contentType.toLowerCase().startsWith('multipart/form-data'))
        throw new InteractionError(400, 10016, 'Enter a valid header. (content-type must be multipart/form-data)');
    try {
        return await new Response(new Uint8Array(request.body as Buffer), {
            headers: { 'content-type': contentType },
        }).formData();
    } catch {
        throw new InteractionError(400, 10100, 'the multipart body could not be parsed');
    }
}

async function partText(value: FormDataEntryValue | null): Promise<string | null> {
    if (value === null) return null;
    return typeof value === 'string' ? value : await value.text();
}

export function createInteractionPlugin(deps: PluginDeps): FastifyPluginAsync {
    return async (app) => {
        app.addContentTypeParser(
            'multipart/form-data',
            { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
            (_req, body, done) => done(null, body),
        );
        app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
            done(null, body),
        );

        app.post('/services/oauth2/token', async (request, reply) => {
            try {
                const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
                const base = `${request.protocol}://${request.host}${request.url.replace(/\/services\/oauth2\/token.*$/, '')}`;
                const token = deps.oauth.grant(form, {
                    baseUrl: base,
                    orgId: deps.orgId,
                    integrationUserId: '',
                    userIdForUsername: deps.userIdForUsername,
                });
                return { ...token, scope: deps.scopes.join(' ') };
            } catch (error) {
                if (error instanceof OAuthError)
                    return reply.code(error.status).send({ error: error.error, error_description: error.description });
                throw error;
            }
        });

        const guarded =
            (
                path: string,
                handler: (request: FastifyRequest, reply: FastifyReply, requestId: string) => Promise<unknown>,
            ) =>
            async (request: FastifyRequest, reply: FastifyReply) => {
                let requestId = header(request, 'requestid');
                const fault = deps.faults.take((f) => f.path === '*' || f.path === path);
                if (fault?.delayMs) await sleep(fault.delayMs);
                try {
                    if (fault) throw new InteractionError(fault.status, fault.code, fault.message ?? 'injected fault');
                    requestId = checkHeaders(request, deps);
                    const result = await handler(request, reply, requestId);
                    deps.calls.push({ path, requestId, status: reply.statusCode, at: deps.now() });
                    return result;
                } catch (error) {
                    const code = error instanceof InteractionError ? error.code : 500;
                    deps.calls.push({
                        path,
                        requestId,
                        status: error instanceof InteractionError ? error.status : 500,
                        code,
                        at: deps.now(),
                    });
                    return sendError(reply, error);
                }
            };

        app.post(
            '/api/v1/interactions',
            guarded('interactions', async (request, reply) => {
                const form = await formData(request);
                const json = await partText(form.get('json'));
                if (json === null) throw new InteractionError(400, 10100, 'the json part is required');
                const parsed = parseInteractionRequest(json, deps.channelAddressIdentifier);
                const files = form.getAll('attachments').filter((v): v is File => typeof v !== 'string');
                const interaction = parsed.interaction;
                if (interaction.kind === 'entry' && files.length > 0)
                    throw new InteractionError(
                        400,
                        10011,
                        'The number of interactions of type AttachmentInteraction does not match the number of attachment files.',
                    );
                let attachment: { name: string; mimeType: string; size: number; sha256: string } | undefined;
                if (interaction.kind === 'attachment') {
                    if (files.length !== 1)
                        throw new InteractionError(
                            400,
                            10011,
                            'The number of interactions of type AttachmentInteraction does not match the number of attachment files.',
                        );
                    const file = files[0]!;
                    if (file.size === 0) throw new InteractionError(400, 10009, 'The file is empty or doesn’t exist.');
                    if (file.size > MAX_ATTACHMENT_BYTES)
                        throw new InteractionError(400, 10008, 'The file size exceeds the maximum limit of 25 MB.');
                    if (file.size !== interaction.contentLength)
                        throw new InteractionError(
                            400,
                            10051,
                            'The file size (in bytes) of uploaded attachment is incorrect.',
                        );
                    const mimeType = file.type.split(';')[0]!.trim();
                    if (
                        mimeType === '' ||
                        (mimeType === 'application/octet-stream' && !/\.[A-Za-z0-9]{1,8}$/.test(file.name))
                    )
                        throw new InteractionError(
                            400,
                            10095,
                            'The MIME type of the uploaded file cannot be determined. Please check the file and try again.',
                        );
                    const bytes = Buffer.from(await file.arrayBuffer());
                    attachment = {
                        name: file.name,
                        mimeType,
                        size: file.size,
                        sha256: createHash('sha256').update(bytes).digest('hex'),
                    };
                }
                const { conversation, session } = deps.conversations.openFor(parsed.from);
                if (deps.conversations.hasEntry(conversation, interaction.id))
                    throw new InteractionError(
                        400,
                        10073,
                        'Invalid message ID. Provide a unique ID for each message entry.',
                    );
                deps.conversations.addEndUserEntry(conversation, {
                    id: interaction.id,
                    entryType: interaction.kind === 'entry' ? interaction.entryType : 'Message',
                    ...(interaction.text !== undefined ? { text: interaction.text } : {}),
                    ...(attachment ? { attachment } : {}),
                });
                return reply.code(202).send({
                    conversationIdentifier: conversation.conversationIdentifier,
                    id: interaction.id,
                    workItemIds: [session.sessionId],
                    success: true,
                });
            }),
        );

        app.post(
            '/api/v1/acknowledgement',
            guarded('acknowledgement', async (request) => {
                const parsed = parseAcknowledgementRequest(request.body);
                const conversation = deps.conversations.byId(parsed.conversationIdentifier);
                if (!conversation) throw new InteractionError(400, 10018, 'The conversation identifier is not valid.');
                if (parsed.sender.subject !== conversation.endUser.subject || parsed.sender.role !== 'EndUser')
                    throw new InteractionError(
                        400,
                        10068,
                        "Invalid participant. The message isn't from an approved participant.",
                    );
                for (const ack of parsed.acknowledgements) {
                    if (!conversation.entries.some((e) => e.id === ack.entryId))
                        throw new InteractionError(
                            400,
                            10089,
                            `acknowledged entry ${ack.entryId} is not in this conversation`,
                        );
                }
                for (const ack of parsed.acknowledgements) {
                    if (conversation.entries.some((e) => e.id === ack.createdEntryId)) continue; // same ack again: harmless
                    conversation.entries.push({
                        id: ack.createdEntryId,
                        entryType: ack.type === 'Read' ? 'ReadAcknowledgement' : 'DeliveryAcknowledgement',
                        sender: conversation.endUser,
                        senderDisplayName: conversation.endUser.subject,
                        at: deps.now(),
                        acknowledges: { entryId: ack.entryId, type: ack.type },
                    });
                }
                deps.conversations.changed(conversation);
                return { success: true };
            }),
        );
    };
}
