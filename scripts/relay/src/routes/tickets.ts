/** POST /v1/tickets (public: CORS allowlist + per-IP rate limit). */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';
import { errorResponses, nonBlank } from '../http/schemas.js';
import { badRequest, customerIdUnproven } from '../http/app-error.js';
import { sdkEndpointProperties } from '../tencent/sdk-endpoints.js';

interface TicketBody {
    name: string;
    email: string;
    subject: string;
    message?: string;
    customerId?: string;
    customerIdSignature?: string;
}

const ticketResponse = {
    type: 'object',
    required: ['caseId', 'caseNumber', 'groupId', 'customerId', 'sdkAppId'],
    properties: {
        caseId: { type: 'string' },
        caseNumber: { type: 'string' },
        groupId: { type: 'string' },
        customerId: { type: 'string' },
        sdkAppId: { type: 'number' },
        userSig: { type: 'string', description: 'Only when the relay minted customerId' },
        userSigExpiresAt: { type: 'number', description: 'Epoch milliseconds' },
        ...sdkEndpointProperties,
    },
} as const;

export const ticketRoutes: FastifyPluginAsync<RouteOptions & { rateLimitPerMinute: number }> = async (app, opts) => {
    app.post<{ Body: TicketBody; Headers: { 'idempotency-key'?: string } }>(
        '/v1/tickets',
        {
            config: { rateLimit: { max: opts.rateLimitPerMinute, timeWindow: 60_000 } },
            schema: {
                summary: 'Create a support ticket: Contact-matched Case + chat group (idempotent with Idempotency-Key)',
                tags: ['public'],
                headers: {
                    type: 'object',
                    properties: {
                        'idempotency-key': {
                            type: 'string',
                            format: 'idempotency-key',
                            description:
                                'A UUID v4 or a random key of 32-64 chars [A-Za-z0-9_-]; a replay must repeat the same body',
                        },
                    },
                },
                body: {
                    type: 'object',
                    required: ['name', 'email', 'subject'],
                    properties: {
                        name: nonBlank(80),
                        email: { type: 'string', format: 'chat-email' },
                        subject: nonBlank(255),
                        message: { type: 'string', maxLength: 4000 },
                        customerId: {
                            type: 'string',
                            format: 'caller-customer-id',
                            description:
                                'Caller-chosen Tencent UserID (no UserSig is returned for it), with customerIdSignature. Must match CUSTOMER_ID_PATTERN and must not be the admin, the group owner, a cust_ id or a Salesforce User id. An existing account keeps its profile.',
                        },
                        customerIdSignature: {
                            type: 'string',
                            maxLength: 64,
                            description:
                                "Hex HMAC-SHA256 of customerId with CUSTOMER_ID_SECRET, computed by the customer app's backend",
                        },
                    },
                },
                response: { 200: ticketResponse, 201: ticketResponse, ...errorResponses },
            },
        },
        async (request, reply) => {
            const b = request.body;
            if (b.customerId !== undefined) {
                const problem = opts.services.customerIds.problem(b.customerId);
                if (problem) throw badRequest('customerId', `customerId ${problem}`);
                const proof = opts.services.customerIds.verify(b.customerId, b.customerIdSignature);
                if (proof !== 'ok') throw customerIdUnproven(proof, 'customerId', 'customerIdSignature');
            }
            const idempotencyKey = request.headers['idempotency-key'];
            const result = await opts.services.tickets.create({
                name: b.name.trim(),
                email: b.email,
                subject: b.subject.trim(),
                ...(b.message ? { message: b.message } : {}),
                ...(b.customerId !== undefined ? { customerId: b.customerId } : {}),
                ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
            });
            const { replayed, ...body } = result;
            request.log.info({ caseId: body.caseId, replayed }, replayed ? 'ticket replayed' : 'ticket created');
            // Where the customer's SDK connects, when the deployment uses SDK proxies (the sandbox: its gateway).
            return reply.status(replayed ? 200 : 201).send({ ...body, ...opts.services.settings.tencent.sdkEndpoints });
        },
    );
};
