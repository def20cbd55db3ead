/**
 * Voice in the sandbox: the fake Tencent Cloud Contact Center on its own loopback port (the official SDK signs for
 * `ccc` only when the host's first label is `ccc`, so the relay reaches it as `ccc.localhost:<port>`), the relay's voice
 * settings pointed at it with throwaway keys, and a small control API for the console page:
 *
 *   POST /sandbox/api/voice/calls                 { from, userId | seatUserId } → { sessionId, seatUserId }
 *   POST /sandbox/api/voice/calls/:id/transfer    { userId? (a seat), skillGroupId? }
 *   POST /sandbox/api/voice/calls/:id/end         { closeBy?: client | admin | seat }
 *   GET  /sandbox/api/voice/calls/:id             the call's state
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { createFakeTccc, type FakeTccc } from '../fakes/tencent-contact-center/index.js';
import { CallCenterError } from '../fakes/tencent-contact-center/call-center.js';
import type { VoiceConfig } from '../relay/src/voice/voice-config.js';

export const SANDBOX_TCCC_SDK_APP_ID = 1400000099;

export interface SandboxVoice {
    tccc: FakeTccc;
    config: VoiceConfig;
    /** starts the fake on loopback and points the relay's settings at it */
    start(): Promise<void>;
    /** the relay's own URL is known: the phone page lives there, the console may frame it */
    bindTo(relayUrl: string): void;
    plugin: FastifyPluginAsync;
}

/** The fake TCCC with the agents' e-mails as seats, and the relay's voice settings (filled in at start). */
export function createSandboxVoice(seats: string[], agentSeat: (userId: string) => string | undefined): SandboxVoice {
    const secretId = `AKIDsandbox${randomBytes(12).toString('hex')}`;
    const secretKey = `sandbox-${randomBytes(24).toString('base64url')}`;
    const tccc = createFakeTccc({ sdkAppId: SANDBOX_TCCC_SDK_APP_ID, secrets: { [secretId]: secretKey }, seats });
    const config: VoiceConfig = {
        secretId,
        secretKey,
        sdkAppId: SANDBOX_TCCC_SDK_APP_ID,
        region: 'ap-singapore',
        endpoint: 'ccc.localhost',
        seatUserField: 'Email',
        publicBaseUrl: '',
        consoleOrigins: [],
        sdkScriptOrigins: [],
        sdkConnectOrigins: [],
    };

    const fail = (reply: FastifyReply, err: unknown) => {
        if (err instanceof CallCenterError)
            return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
        throw err;
    };
    const obj = (v: unknown): Record<string, unknown> =>
        typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
    const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 128 ? v : undefined);
    const view = (id: string) => {
        const c = tccc.call(id);
        return c
            ? {
                  sessionId: c.sessionId,
                  state: c.state,
                  seatUserId: c.seatUserId,
                  callerPhoneNumber: c.callerPhoneNumber,
                  closeBy: c.closeBy,
              }
            : null;
    };

    const plugin: FastifyPluginAsync = async (app) => {
        app.post('/sandbox/api/voice/calls', { schema: { hide: true } }, async (request, reply) => {
            const body = obj(request.body);
            const userId = str(body['userId']);
            const seat = str(body['seatUserId']) ?? (userId ? agentSeat(userId) : undefined);
            try {
                const call = tccc.placeCall(str(body['from']) ?? '', seat ?? '');
                return reply.code(201).send(view(call.sessionId));
            } catch (err) {
                return fail(reply, err);
            }
        });
        app.post<{ Params: { id: string } }>(
            '/sandbox/api/voice/calls/:id/transfer',
            { schema: { hide: true } },
            async (request, reply) => {
                const body = obj(request.body);
                const userId = str(body['userId']);
                const skillGroupId = str(body['skillGroupId']);
                try {
                    tccc.transferCall(request.params.id, {
                        ...(userId ? { userId: agentSeat(userId) ?? userId } : {}),
                        ...(skillGroupId ? { skillGroupId } : {}),
                    });
                    return view(request.params.id);
                } catch (err) {
                    return fail(reply, err);
                }
            },
        );
        app.post<{ Params: { id: string } }>(
            '/sandbox/api/voice/calls/:id/end',
            { schema: { hide: true } },
            async (request, reply) => {
                const closeBy = obj(request.body)['closeBy'] ?? 'client';
                if (closeBy !== 'client' && closeBy !== 'admin' && closeBy !== 'seat')
                    return reply.code(400).send({ error: { code: 'VALIDATION_FAILED', message: 'closeBy' } });
                try {
                    tccc.endCall(request.params.id, closeBy);
                    return view(request.params.id);
                } catch (err) {
                    return fail(reply, err);
                }
            },
        );
        app.get<{ Params: { id: string } }>(
            '/sandbox/api/voice/calls/:id',
            { schema: { hide: true } },
            async (request, reply) =>
                view(request.params.id) ??
                reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such call' } }),
        );
        app.addHook('onClose', () => tccc.close());
    };

    return {
        tccc,
        config,
        plugin,
        async start() {
            const url = await tccc.listen(0, '127.0.0.1');
            config.endpoint = `ccc.localhost:${new URL(url).port}`;
            config.sdkScriptOrigins = [url];
            config.sdkConnectOrigins = [url];
        },
        bindTo(relayUrl) {
            const u = new URL(relayUrl);
            // The phone page is served on the other loopback name, so it is cross-origin to the console page
            // (as the relay is to Lightning); both loopback names may frame it.
            config.publicBaseUrl = `http://localhost:${u.port}`;
            config.consoleOrigins = [`http://127.0.0.1:${u.port}`, `http://localhost:${u.port}`];
        },
    };
}
