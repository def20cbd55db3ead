/** GET /healthz (liveness) and GET /readyz (live settings valid + Tencent reachable + Salesforce token obtainable). */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';
import { RELAY_VERSION } from '../version.js';
import { toAppError } from '../http/upstream-errors.js';
import { TencentApiError } from '../tencent/tencent-errors.js';
import { verifyUserSig } from '../tencent/usersig.js';
import { GROUP_TYPES, isHttpUrl } from '../config.js';
import type { RelayServices } from '../services/container.js';

/**
 * The live settings re-validated (they can change after start: sandbox mode rebinds its URLs) plus proof that the
 * admin UserSig the REST calls use verifies with the current secret and has not expired. Names the settings, never
 * their values.
 */
export function configCheck(services: RelayServices): Check {
    const { tencent: t, salesforce: sf, http } = services.settings;
    const problems: string[] = [];
    if (!Number.isInteger(t.sdkAppId) || t.sdkAppId <= 0 || t.sdkAppId > 0xffffffff)
        problems.push('TENCENT_SDK_APP_ID');
    if (!t.secretKey) problems.push('TENCENT_SECRET_KEY');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(t.adminIdentifier)) problems.push('TENCENT_ADMIN_IDENTIFIER');
    if (!isHttpUrl(t.apiBaseUrl, true)) problems.push('TENCENT_API_BASE_URL');
    if (!GROUP_TYPES.includes(t.groupType)) problems.push('TENCENT_GROUP_TYPE');
    if (!isHttpUrl(sf.loginUrl, true)) problems.push('SF_LOGIN_URL');
    if (!sf.clientId) problems.push('SF_CLIENT_ID');
    if (http.apiKey.length < 32) problems.push('RELAY_API_KEY');
    if (problems.length === 0) {
        let sigOk = false;
        try {
            sigOk = verifyUserSig(services.adminSig.get(), t.sdkAppId, t.secretKey) !== null;
        } catch {
            sigOk = false;
        }
        if (!sigOk)
            problems.push('admin UserSig (does not verify with TENCENT_SECRET_KEY / TENCENT_SDK_APP_ID, or expired)');
    }
    return problems.length === 0
        ? { ok: true }
        : { ok: false, code: 'CONFIG_INVALID', message: `invalid: ${problems.join(', ')}` };
}

interface Check {
    ok: boolean;
    code?: string;
    upstreamCode?: number | string;
    message?: string;
}

async function runCheck(fn: () => Promise<void>): Promise<Check> {
    try {
        await fn();
        return { ok: true };
    } catch (err) {
        return { ok: false, ...toAppError(err).toBody().error };
    }
}

const checkSchema = {
    type: 'object',
    properties: {
        ok: { type: 'boolean' },
        code: { type: 'string' },
        message: { type: 'string' },
        upstreamCode: { anyOf: [{ type: 'number' }, { type: 'string' }] },
    },
} as const;
const readySchema = {
    type: 'object',
    properties: {
        ready: { type: 'boolean' },
        version: { type: 'string' },
        checks: { type: 'object', properties: { config: checkSchema, tencent: checkSchema, salesforce: checkSchema } },
    },
} as const;

export const healthRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    app.get(
        '/healthz',
        {
            schema: {
                summary: 'Liveness',
                tags: ['ops'],
                response: {
                    200: { type: 'object', properties: { ok: { type: 'boolean' }, version: { type: 'string' } } },
                },
            },
        },
        async () => ({
            ok: true,
            version: RELAY_VERSION,
        }),
    );

    app.get(
        '/readyz',
        {
            schema: {
                summary: 'Readiness: upstreams reachable',
                tags: ['ops'],
                response: { 200: readySchema, 503: readySchema },
            },
        },
        async (_request, reply) => {
            const { services } = opts;
            const adminId = services.settings.tencent.adminIdentifier;
            const [tencent, salesforce] = await Promise.all([
                // A cheap authenticated Tencent call: check that the admin account exists.
                runCheck(async () => {
                    const command = 'im_open_login_svc/account_check';
                    const res = await services.tencent.call(command, { CheckItem: [{ UserID: adminId }] });
                    if (res.ErrorCode !== 0)
                        throw new TencentApiError(
                            command,
                            res.ErrorCode,
                            `Tencent ${command} failed: ${res.ErrorInfo}`,
                            'permanent',
                        );
                }),
                runCheck(() => services.salesforce.checkToken()),
            ]);
            const config = configCheck(services);
            const checks = { config, tencent, salesforce };
            const ready = config.ok && tencent.ok && salesforce.ok;
            return reply.status(ready ? 200 : 503).send({ ready, version: RELAY_VERSION, checks });
        },
    );
};
