/**
 * Salesforce OAuth access tokens for the relay's integration user: JWT bearer (RS256 signed with
 * node:crypto) or client credentials. One token is cached and shared; it is refreshed when it reaches its
 * maximum age or when a call reports it invalid (401). Concurrent callers share one refresh.
 */
import { createSign } from 'node:crypto';
import type { SalesforceAuthFlow } from '../config.js';
import type { RelayMetrics } from '../metrics/registry.js';

export interface SalesforceToken {
    accessToken: string;
    instanceUrl: string;
    obtainedAt: number;
}

export interface TokenProviderOptions {
    loginUrl: () => string;
    authFlow: SalesforceAuthFlow;
    clientId: string;
    clientSecret?: string;
    username?: string;
    privateKeyPem?: string;
    jwtAudience?: () => string;
    /** Refresh proactively after this age even without a 401 (Salesforce does not return expires_in). */
    maxAgeMs?: number;
    timeoutMs?: number;
    /** Overrides the instance_url from the token response (sandbox mode mounts the fake under a path). */
    instanceUrlOverride?: () => string;
    metrics?: RelayMetrics;
    now?: () => number;
}

export class SalesforceAuthError extends Error {
    override readonly name = 'SalesforceAuthError';
    constructor(
        readonly upstreamCode: string,
        message: string,
        readonly retryable: boolean,
    ) {
        super(message);
    }
}

function base64url(input: Buffer | string): string {
    return Buffer.from(input).toString('base64url');
}

/** Builds the JWT bearer assertion: iss = client id, sub = username, aud = login audience, exp ≤ 3 min. */
export function buildJwtAssertion(opts: {
    clientId: string;
    username: string;
    audience: string;
    privateKeyPem: string;
    nowMs: number;
}): string {
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
    const claims = base64url(
        JSON.stringify({
            iss: opts.clientId,
            sub: opts.username,
            aud: opts.audience,
            exp: Math.floor(opts.nowMs / 1000) + 180,
        }),
    );
    const signer = createSign('RSA-SHA256');
    signer.update(`${header}.${claims}`);
    return `${header}.${claims}.${base64url(signer.sign(opts.privateKeyPem))}`;
}

export class TokenProvider {
    private token: SalesforceToken | null = null;
    private inflight: Promise<SalesforceToken> | null = null;
    private fetchCount = 0;
    private readonly now: () => number;

    constructor(private readonly opts: TokenProviderOptions) {
        this.now = opts.now ?? Date.now;
    }

    get tokensFetched(): number {
        return this.fetchCount;
    }

    async get(): Promise<SalesforceToken> {
        const maxAge = this.opts.maxAgeMs ?? 60 * 60 * 1000;
        if (this.token && this.now() - this.token.obtainedAt < maxAge) return this.token;
        return this.refresh();
    }

    /** Drops `stale` (if it is still the cached token) so the next get() fetches a new one. */
    invalidate(stale?: SalesforceToken): void {
        if (!stale || this.token === stale) this.token = null;
    }

    private refresh(): Promise<SalesforceToken> {
        if (!this.inflight) {
            this.inflight = this.fetchToken().finally(() => {
                this.inflight = null;
            });
        }
        return this.inflight;
    }

    private async fetchToken(): Promise<SalesforceToken> {
        const form = new URLSearchParams();
        if (this.opts.authFlow === 'jwt') {
            form.set('grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer');
            form.set(
                'assertion',
                buildJwtAssertion({
                    clientId: this.opts.clientId,
                    username: this.opts.username ?? '',
                    audience: this.opts.jwtAudience ? this.opts.jwtAudience() : this.opts.loginUrl(),
                    privateKeyPem: this.opts.privateKeyPem ?? '',
                    nowMs: this.now(),
                }),
            );
        } else {
            form.set('grant_type', 'client_credentials');
            form.set('client_id', this.opts.clientId);
            form.set('client_secret', this.opts.clientSecret ?? '');
        }
        const started = performance.now();
        const observe = (outcome: string, code?: string) => {
            this.opts.metrics?.upstreamDuration.observe(
                { service: 'salesforce', op: 'oauth_token' },
                (performance.now() - started) / 1000,
            );
            this.opts.metrics?.upstreamCalls.inc({ service: 'salesforce', op: 'oauth_token', outcome });
            if (code) this.opts.metrics?.upstreamErrors.inc({ service: 'salesforce', op: 'oauth_token', code });
        };
        let res: Response;
        try {
            res = await fetch(`${this.opts.loginUrl()}/services/oauth2/token`, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
                body: form.toString(),
                signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
            });
        } catch {
            observe('error', 'NETWORK');
            throw new SalesforceAuthError('NETWORK', 'Salesforce login endpoint unreachable', true);
        }
        const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
        if (!res.ok || typeof body['access_token'] !== 'string') {
            // OAuth errors carry `error` / `error_description`; neither contains a secret.
            const code = typeof body['error'] === 'string' ? body['error'] : `HTTP_${res.status}`;
            observe('error', code);
            const desc = typeof body['error_description'] === 'string' ? `: ${body['error_description']}` : '';
            throw new SalesforceAuthError(code, `Salesforce token request failed (${code}${desc})`, res.status >= 500);
        }
        observe('ok');
        this.fetchCount++;
        const instanceUrl = this.opts.instanceUrlOverride
            ? this.opts.instanceUrlOverride()
            : String(body['instance_url'] ?? '').replace(/\/+$/, '');
        this.token = { accessToken: body['access_token'], instanceUrl, obtainedAt: this.now() };
        return this.token;
    }
}
