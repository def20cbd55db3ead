/**
 * The sandbox console's voice routes (sandbox mode only), mounted by demo-plugin.ts:
 *
 *   POST /sandbox/api/console/voice/session          TimVoiceController.startVoiceSession   {agent}
 *   POST /sandbox/api/console/voice/callers          TimVoiceController.findCallerRecords   {agent, phoneE164}
 *   POST /sandbox/api/console/voice/cases            TimVoiceController.createPhoneCase     {agent, phoneE164, contactId}
 *   GET  /sandbox/api/console/voice/cases/:caseId    the popped Case and its call log       ?agent=
 *   GET  /sandbox/tim_voice/<file>                   the committed static resource tim_voice (ltng:require)
 *
 * Plus the demo contacts the screen pop finds (formatted phone numbers, as people type them). Simulated calls are
 * placed with the sandbox's call control (voice-sandbox.ts, `POST /sandbox/api/voice/calls`).
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ConsoleAgent } from './console-service.js';
import { AGENT_ID, AGENT_ONLY, CASE_ID_PARAMS } from './console-schemas.js';
import type { VoiceConsoleService } from './voice-console-service.js';
import { VOICE_DEMO } from './voice-demo.js';

export interface VoiceRoutesDeps {
    service: VoiceConsoleService;
    requireAgent(userId: unknown): ConsoleAgent & { email?: string };
    sendError(reply: FastifyReply, e: unknown): FastifyReply;
}

/** Seeds the demo contacts (and the known caller's open and closed cases) into the fake Salesforce. */
export function seedVoiceDemo(insert: (sobject: string, fields: Record<string, unknown>) => string): void {
    const d = VOICE_DEMO;
    const known = insert('Contact', {
        FirstName: d.knownCaller.first,
        LastName: d.knownCaller.last,
        [d.knownCaller.field]: d.knownCaller.phone,
    });
    insert('Case', { Subject: 'Invoice address change', Origin: 'Email', ContactId: known, Status: 'Closed' });
    insert('Case', {
        Subject: d.knownCaseSubject,
        Origin: 'Phone',
        ContactId: known,
        SuppliedPhone: d.knownCaller.phone,
    });
    const c = d.contactWithoutCase;
    insert('Contact', { FirstName: c.first, LastName: c.last, [c.field]: c.phone });
    for (const m of d.household) insert('Contact', { FirstName: m.first, LastName: m.last, [m.field]: m.phone });
}

const here = path.dirname(fileURLToPath(import.meta.url));
const TIM_VOICE_DIR = path.resolve(here, '../../force-app/main/default/staticresources/tim_voice');

const phone = { type: ['string', 'null'], maxLength: 40 } as const;

export function registerVoiceRoutes(app: FastifyInstance, deps: VoiceRoutesDeps): void {
    const { service } = deps;

    app.get<{ Params: { file: string } }>(
        '/sandbox/tim_voice/:file',
        { schema: { hide: true } },
        async (request, reply) => {
            const files = await readdir(TIM_VOICE_DIR).catch(() => [] as string[]);
            if (!files.includes(request.params.file))
                return reply
                    .code(404)
                    .send({ error: { code: 'NOT_FOUND', message: 'No such file in tim_voice (npm run build)' } });
            return reply
                .header('content-type', 'text/javascript; charset=utf-8')
                .send(await readFile(path.join(TIM_VOICE_DIR, request.params.file)));
        },
    );
    const run = async <T>(reply: FastifyReply, fn: () => Promise<T>): Promise<T | FastifyReply> => {
        try {
            return await fn();
        } catch (e) {
            return deps.sendError(reply, e);
        }
    };

    app.post<{ Body: { agent: string } }>(
        '/sandbox/api/console/voice/session',
        { schema: { hide: true, body: { ...AGENT_ONLY, additionalProperties: false } } },
        async (request, reply) => run(reply, () => service.startVoiceSession(deps.requireAgent(request.body.agent))),
    );

    app.post<{ Body: { agent: string; phoneE164: string } }>(
        '/sandbox/api/console/voice/callers',
        {
            schema: {
                hide: true,
                body: {
                    type: 'object',
                    required: ['agent', 'phoneE164'],
                    additionalProperties: false,
                    properties: { agent: AGENT_ID, phoneE164: phone },
                },
            },
        },
        async (request, reply) =>
            run(reply, () => {
                deps.requireAgent(request.body.agent);
                return service.findCallerRecords(request.body.phoneE164);
            }),
    );

    app.post<{ Body: { agent: string; phoneE164: string | null; contactId: string | null } }>(
        '/sandbox/api/console/voice/cases',
        {
            schema: {
                hide: true,
                body: {
                    type: 'object',
                    required: ['agent'],
                    additionalProperties: false,
                    properties: {
                        agent: AGENT_ID,
                        phoneE164: phone,
                        contactId: { type: ['string', 'null'], maxLength: 18 },
                    },
                },
            },
        },
        async (request, reply) =>
            run(reply, async () => {
                deps.requireAgent(request.body.agent);
                const id = await service.createPhoneCase(
                    request.body.phoneE164 ?? null,
                    request.body.contactId ?? null,
                );
                // Apex returns the Id itself: a JSON string (fastify would send a bare string as text)
                return reply.type('application/json; charset=utf-8').send(JSON.stringify(id));
            }),
    );

    app.get<{ Params: { caseId: string }; Querystring: { agent: string } }>(
        '/sandbox/api/console/voice/cases/:caseId',
        {
            schema: {
                hide: true,
                params: CASE_ID_PARAMS,
                querystring: AGENT_ONLY,
            },
        },
        async (request, reply) =>
            run(reply, () => {
                deps.requireAgent(request.query.agent);
                return service.poppedCase(request.params.caseId);
            }),
    );
}
