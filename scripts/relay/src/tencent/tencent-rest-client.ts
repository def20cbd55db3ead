/**
 * Low-level Tencent Chat server REST client.
 *
 * - POST {base}/v4/{service}/{command}?sdkappid&identifier&usersig&random&contenttype=json
 * - keep-alive: pooled node:http(s) agents (see upstream-http.ts for why not global fetch);
 * - per-attempt timeout (Tencent's own server timeout is 3 s);
 * - retries with full jitter only for the documented retryable codes, network errors and HTTP 5xx;
 * - 70001 → admin UserSig regenerated and the call retried;
 * - a fresh random uint32 per HTTP call; the body (and so send_group_msg's Random) is reused across retries.
 */
import { randomInt } from 'node:crypto';
import type { AdminSigCache } from './admin-sig-cache.js';
import { classifyTencentError, TencentApiError } from './tencent-errors.js';
import type { RelayMetrics } from '../metrics/registry.js';
import { silentLog, type Log } from '../logger.js';
import { postJson, upstreamTarget, UpstreamTransportError, type UpstreamResponse } from '../http/upstream-http.js';
import { currentDeadline } from '../http/deadline.js';

export interface TencentResponse {
    ActionStatus: string;
    ErrorCode: number;
    ErrorInfo: string;
    [key: string]: unknown;
}

export interface TencentRestClientOptions {
    /** Base URL, read on each call (sandbox mode learns its port after listen). */
    baseUrl: () => string;
    sdkAppId: number;
    adminIdentifier: string;
    adminSig: AdminSigCache;
    timeoutMs?: number;
    maxAttempts?: number;
    backoffBaseMs?: number;
    backoffCapMs?: number;
    metrics?: RelayMetrics;
    log?: Log;
    sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class TencentRestClient {
    private readonly timeoutMs: number;
    private readonly maxAttempts: number;
    private readonly backoffBaseMs: number;
    private readonly backoffCapMs: number;
    private readonly log: Log;
    private readonly sleep: (ms: number) => Promise<void>;
    private cachedQuery: { sig: string; query: string } | undefined;

    constructor(private readonly opts: TencentRestClientOptions) {
        this.timeoutMs = opts.timeoutMs ?? 4_000;
        this.maxAttempts = opts.maxAttempts ?? 4;
        this.backoffBaseMs = opts.backoffBaseMs ?? 100;
        this.backoffCapMs = opts.backoffCapMs ?? 2_000;
        this.log = opts.log ?? silentLog;
        this.sleep = opts.sleep ?? defaultSleep;
    }

    /**
     * Calls `command` (e.g. `group_open_http_svc/create_group`). Returns the body for ErrorCode 0 and for
     * codes that are not retryable (the caller classifies those); throws TencentApiError when retries are
     * exhausted or no usable body arrived.
     */
    async call(command: string, body: object): Promise<TencentResponse> {
        const payload = JSON.stringify(body);
        let sigRenewed = false;
        const deadline = currentDeadline();
        for (let attempt = 1; ; attempt++) {
            // No attempt starts after the request's deadline, and none waits past it.
            deadline?.check(0);
            const timeoutMs = Math.max(1, Math.min(this.timeoutMs, deadline?.remainingMs() ?? this.timeoutMs));
            const started = performance.now();
            let outcome: { res: TencentResponse } | { failure: string; message: string };
            try {
                outcome = { res: await this.post(command, payload, timeoutMs) };
            } catch (err) {
                if (err instanceof TransportError && !err.retryable) {
                    this.opts.metrics?.upstreamCalls.inc({ service: 'tencent', op: command, outcome: 'error' });
                    this.opts.metrics?.upstreamErrors.inc({ service: 'tencent', op: command, code: err.code });
                    throw new TencentApiError(
                        command,
                        err.code,
                        `Tencent ${command} failed: ${err.message}`,
                        'permanent',
                    );
                }
                outcome =
                    err instanceof TransportError
                        ? { failure: err.code, message: err.message }
                        : { failure: 'NETWORK', message: 'network error' };
            }
            this.opts.metrics?.upstreamDuration.observe(
                { service: 'tencent', op: command },
                (performance.now() - started) / 1000,
            );

            let code: number | string;
            let info: string;
            if ('res' in outcome) {
                code = outcome.res.ErrorCode;
                info = outcome.res.ErrorInfo;
                const kind = classifyTencentError(command, code);
                if (kind === 'renew-sig' && !sigRenewed) {
                    sigRenewed = true;
                    this.opts.adminSig.invalidate();
                    this.opts.metrics?.upstreamRetries.inc({ service: 'tencent', op: command, reason: 'sig_renewed' });
                    this.log.warn({ command }, 'tencent admin usersig rejected (70001); regenerated');
                    attempt--; // renewing the sig does not consume a retry
                    continue;
                }
                if (kind !== 'retryable') {
                    this.opts.metrics?.upstreamCalls.inc({
                        service: 'tencent',
                        op: command,
                        outcome: code === 0 ? 'ok' : 'error',
                    });
                    if (code !== 0) this.opts.metrics?.upstreamErrors.inc({ service: 'tencent', op: command, code });
                    if (kind === 'renew-sig') throw new TencentApiError(command, code, info, kind);
                    return outcome.res;
                }
            } else {
                code = outcome.failure;
                info = outcome.message;
            }

            this.opts.metrics?.upstreamErrors.inc({ service: 'tencent', op: command, code });
            if (attempt >= this.maxAttempts) {
                this.opts.metrics?.upstreamCalls.inc({ service: 'tencent', op: command, outcome: 'error' });
                this.log.warn({ command, code, attempts: attempt }, 'tencent call failed after retries');
                throw new TencentApiError(command, code, `Tencent ${command} failed: ${info}`, 'retryable');
            }
            this.opts.metrics?.upstreamRetries.inc({ service: 'tencent', op: command, reason: String(code) });
            const delay = Math.floor(
                Math.random() * Math.min(this.backoffCapMs, this.backoffBaseMs * 2 ** (attempt - 1)),
            );
            this.log.debug({ command, code, attempt, delay }, 'retrying tencent call');
            await this.sleep(delay);
        }
    }

    /** The query string without `random`, cached per admin sig (it changes once in 12 h). */
    private queryFor(sig: string): string {
        if (this.cachedQuery?.sig !== sig) {
            this.cachedQuery = {
                sig,
                query: `sdkappid=${this.opts.sdkAppId}&identifier=${encodeURIComponent(this.opts.adminIdentifier)}&usersig=${encodeURIComponent(sig)}&contenttype=json`,
            };
        }
        return this.cachedQuery.query;
    }

    private async post(command: string, payload: string, timeoutMs: number): Promise<TencentResponse> {
        const target = upstreamTarget(this.opts.baseUrl());
        const path = `${target.basePath}/v4/${command}?${this.queryFor(this.opts.adminSig.get())}&random=${randomInt(0, 0xffffffff)}`;
        let response: UpstreamResponse;
        try {
            response = await postJson(target, path, payload, timeoutMs);
        } catch (err) {
            const timedOut = err instanceof UpstreamTransportError && err.kind === 'TIMEOUT';
            throw new TransportError(
                timedOut ? 'TIMEOUT' : 'NETWORK',
                timedOut ? `no answer within ${timeoutMs} ms` : 'network error',
                true,
            );
        }
        const text = response.text;
        if (response.status >= 500)
            throw new TransportError(`HTTP_${response.status}`, `HTTP ${response.status}`, true);
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch {
            throw new TransportError(
                response.status >= 200 && response.status < 300 ? 'BAD_BODY' : `HTTP_${response.status}`,
                'response was not JSON',
                false,
            );
        }
        if (
            typeof parsed !== 'object' ||
            parsed === null ||
            typeof (parsed as TencentResponse).ErrorCode !== 'number'
        ) {
            throw new TransportError('BAD_BODY', 'response had no ErrorCode', false);
        }
        return parsed as TencentResponse;
    }
}

class TransportError extends Error {
    constructor(
        readonly code: string,
        message: string,
        readonly retryable: boolean,
    ) {
        super(message);
    }
}
