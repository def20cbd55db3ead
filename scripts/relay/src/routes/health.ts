/** GET /healthz (liveness) and GET /readyz (config valid + Tencent reachable + Salesforce token obtainable). */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from './route-options.js';
import { RELAY_VERSION } from '../version.js';
import { toAppError } from '../http/upstream-errors.js';
import { TencentApiError } from '../tencent/tencent-errors.js';

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
    const e = toAppError(err);
    const check: Check = { ok: false, code: e.code, message: e.message };
    if (e.extra.upstreamCode !== undefined) check.upstreamCode = e.extra.upstreamCode;
    return check;
  }
}

const checkSchema = {
  type: 'object',
  properties: { ok: { type: 'boolean' }, code: { type: 'string' }, message: { type: 'string' }, upstreamCode: { anyOf: [{ type: 'number' }, { type: 'string' }] } },
} as const;
const readySchema = {
  type: 'object',
  properties: { ready: { type: 'boolean' }, version: { type: 'string' }, checks: { type: 'object', properties: { config: checkSchema, tencent: checkSchema, salesforce: checkSchema } } },
} as const;

export const healthRoutes: FastifyPluginAsync<RouteOptions> = async (app, opts) => {
  app.get('/healthz', { schema: { summary: 'Liveness', tags: ['ops'], response: { 200: { type: 'object', properties: { ok: { type: 'boolean' }, version: { type: 'string' } } } } } }, async () => ({
    ok: true,
    version: RELAY_VERSION,
  }));

  app.get('/readyz', { schema: { summary: 'Readiness: upstreams reachable', tags: ['ops'], response: { 200: readySchema, 503: readySchema } } }, async (_request, reply) => {
    const { services } = opts;
    const adminId = services.settings.tencent.adminIdentifier;
    const [tencent, salesforce] = await Promise.all([
      // A cheap authenticated Tencent call: check that the admin account exists.
      runCheck(async () => {
        const command = 'im_open_login_svc/account_check';
        const res = await services.tencent.call(command, { CheckItem: [{ UserID: adminId }] });
        if (res.ErrorCode !== 0) throw new TencentApiError(command, res.ErrorCode, `Tencent ${command} failed: ${res.ErrorInfo}`, 'permanent');
      }),
      runCheck(() => services.salesforce.checkToken()),
    ]);
    const checks = { config: { ok: true }, tencent, salesforce };
    const ready = tencent.ok && salesforce.ok;
    return reply.status(ready ? 200 : 503).send({ ready, version: RELAY_VERSION, checks });
  });
};
