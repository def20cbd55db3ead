/**
 * GET /healthz (liveness) and GET /readyz (live settings valid + a real Tencent call + a real Salesforce call).
 * /readyz is anonymous, so it must not amplify traffic: its result is computed at most once per READY_CACHE_MS (one
 * check in flight at a time; everyone else gets the cached answer) and the route is rate-limited per IP.
 */
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

/** How long one readiness result is served. */
export const READY_CACHE_MS = 5_000;
/** Requests per minute and IP to /readyz. */
export const READY_RATE_LIMIT_PER_MINUTE = 60;

interface Readiness {
    ready: boolean;
    checks: { config: Check; tencent: Check; salesforce: Check };
}

/** Runs the checks: a real, cheap, authenticated call to each upstream (a cached token proves nothing). */
async function checkReadiness(services: RelayServices): Promise<Readiness> {
    const adminId = services.settings.tencent.adminIdentifier;
    const [tencent, salesforce] = await Promise.all([
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
        runCheck(async () => {
            await services.salesforce.query('SELECT Id FROM Case LIMIT 1');
        }),
    ]);
    const config = configCheck(services);
    return { ready: config.ok && tencent.ok && salesforce.ok, checks: { config, tencent, salesforce } };
}

/** Caches one readiness result for `ttlMs`, with at most one check in flight. */
export class ReadinessCache {
    private cached: { at: number; result: Promise<Readiness> } | null = null;

    constructor(
        private readonly check: () => Promise<Readiness>,
        private readonly ttlMs = READY_CACHE_MS,
        private readonly now: () => number = Date.now,
    ) {}

    get(): Promise<Readiness> {
        if (this.cached && this.now() - this.cached.at < this.ttlMs) return this.cached.result;
        const entry = { at: this.now(), result: this.check() };
        // The clock of the cached result starts when the check finishes, not when it started.
        void entry.result.then(() => (entry.at = this.now()));
        this.cached = entry;
        return entry.result;
    }
}

export const healthRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
    const readiness = new ReadinessCache(
        () => checkReadiness(opts.services),
        opts.services.settings.tuning?.readyCacheMs ?? READY_CACHE_MS,
    );

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
            config: { rateLimit: { max: READY_RATE_LIMIT_PER_MINUTE, timeWindow: 60_000 } },
            schema: {
                summary: 'Readiness: upstreams reachable',
                tags: ['ops'],
                response: { 200: readySchema, 503: readySchema },
            },
        },
        async (_request, reply) => {
            const { ready, checks } = await readiness.get();
            return reply.status(ready ? 200 : 503).send({ ready, version: RELAY_VERSION, checks });
        },
    );
};
