import { createHmac, createPublicKey, randomBytes, timingSafeEqual, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/** An OAuth error answered with HTTP 400, e.g. {error:"invalid_grant", error_description:"invalid assertion"}. */
export class OAuthError extends Error {
    constructor(
        readonly error: string,
        readonly description: string,
        readonly status = 400,
    ) {
        super(`${error}: ${description}`);
        this.name = 'OAuthError';
    }
}

export interface OAuthConfig {
    clientId: string;
    clientSecret?: string;
    jwtPublicKeyPem?: string;
    jwtUsername?: string;
    tokenTtlMs: number;
    now: () => number;
}

export interface Session {
    token: string;
    userId: string;
    issuedAt: number;
    generation: number;
}

export interface TokenResponse {
    access_token: string;
    instance_url: string;
    id: string;
    token_type: 'Bearer';
    issued_at: string;
    signature: string;
    scope: string;
}

function base64UrlDecode(part: string): Buffer {
    return Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function safeEqual(a: string, b: string): boolean {
    const left = Buffer.from(a, 'utf8');
    const right = Buffer.from(b, 'utf8');
    return left.length === right.length && timingSafeEqual(left, right);
}

/** Claims the JWT bearer flow checks. */
interface JwtClaims {
    iss?: unknown;
    sub?: unknown;
    aud?: unknown;
    exp?: unknown;
}

/**
 * The token endpoint's logic (client credentials and JWT bearer) and the sessions it hands out.
 * Tokens die after `tokenTtlMs` or when `expireAll()` bumps the generation.
 */
export class OAuthServer {
    private readonly sessions = new Map<string, Session>();
    private generation = 0;
    private readonly publicKey: KeyObject | undefined;

    constructor(private readonly config: OAuthConfig) {
        this.publicKey = config.jwtPublicKeyPem ? createPublicKey(config.jwtPublicKeyPem) : undefined;
    }

    /** Handles a form-encoded token request; `baseUrl` is where this fake is reachable (instance and login URL). */
    grant(
        form: URLSearchParams,
        ctx: {
            baseUrl: string;
            orgId: string;
            integrationUserId: string;
            userIdForUsername: (username: string) => string | undefined;
        },
    ): TokenResponse {
        const grantType = form.get('grant_type');
        if (grantType === 'client_credentials') return this.clientCredentials(form, ctx);
        if (grantType === 'urn:ietf:params:oauth:grant-type:jwt-bearer') return this.jwtBearer(form, ctx);
        throw new OAuthError('unsupported_grant_type', 'grant type not supported');
    }

    /** The session for a bearer token, or undefined when unknown/expired/revoked. */
    session(token: string): Session | undefined {
        const session = this.sessions.get(token);
        if (!session) return undefined;
        if (session.generation !== this.generation || this.config.now() - session.issuedAt >= this.config.tokenTtlMs) {
            this.sessions.delete(token);
            return undefined;
        }
        return session;
    }

    expireAll(): void {
        this.generation += 1;
        this.sessions.clear();
    }

    reset(): void {
        this.expireAll();
    }

    private clientCredentials(
        form: URLSearchParams,
        ctx: { baseUrl: string; orgId: string; integrationUserId: string },
    ): TokenResponse {
        const clientId = form.get('client_id');
        const clientSecret = form.get('client_secret');
        if (!clientId || clientId !== this.config.clientId)
            throw new OAuthError('invalid_client_id', 'client identifier invalid');
        if (this.config.clientSecret === undefined)
            throw new OAuthError('invalid_grant', 'no client credentials user enabled');
        if (!clientSecret || !safeEqual(clientSecret, this.config.clientSecret))
            throw new OAuthError('invalid_client', 'invalid client credentials');
        return this.issue(ctx.integrationUserId, ctx);
    }

    private jwtBearer(
        form: URLSearchParams,
        ctx: { baseUrl: string; orgId: string; userIdForUsername: (username: string) => string | undefined },
    ): TokenResponse {
        const assertion = form.get('assertion');
        if (!assertion) throw new OAuthError('invalid_request', 'assertion is required');
        const parts = assertion.split('.');
        if (parts.length !== 3) throw new OAuthError('invalid_grant', 'invalid assertion');
        const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
        let header: { alg?: unknown };
        let claims: JwtClaims;
        try {
            header = JSON.parse(base64UrlDecode(headerPart).toString('utf8')) as { alg?: unknown };
            claims = JSON.parse(base64UrlDecode(claimsPart).toString('utf8')) as JwtClaims;
        } catch {
            throw new OAuthError('invalid_grant', 'invalid assertion');
        }
        if (header.alg !== 'RS256') throw new OAuthError('invalid_grant', 'invalid assertion');
        if (!this.publicKey)
            throw new OAuthError('invalid_client', 'no certificate is configured for this connected app');
        const signedOk = verify(
            'RSA-SHA256',
            Buffer.from(`${headerPart}.${claimsPart}`, 'utf8'),
            this.publicKey,
            base64UrlDecode(signaturePart),
        );
        if (!signedOk) throw new OAuthError('invalid_grant', 'invalid assertion');
        if (claims.iss !== this.config.clientId) throw new OAuthError('invalid_client_id', 'client identifier invalid');
        const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
        const allowed = new Set([ctx.baseUrl, 'https://login.salesforce.com', 'https://test.salesforce.com']);
        if (!audiences.some((aud) => typeof aud === 'string' && allowed.has(aud.replace(/\/$/, '')))) {
            throw new OAuthError('invalid_grant', 'audience is invalid');
        }
        if (typeof claims.exp !== 'number' || claims.exp * 1000 <= this.config.now()) {
            throw new OAuthError('invalid_grant', 'expired authorization code');
        }
        if (
            typeof claims.sub !== 'string' ||
            (this.config.jwtUsername !== undefined && claims.sub !== this.config.jwtUsername)
        ) {
            throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
        }
        const userId = ctx.userIdForUsername(claims.sub);
        if (!userId) throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
        return this.issue(userId, ctx);
    }

    private issue(userId: string, ctx: { baseUrl: string; orgId: string }): TokenResponse {
        const issuedAt = this.config.now();
        const token = `${ctx.orgId.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
        this.sessions.set(token, { token, userId, issuedAt, generation: this.generation });
        const id = `${ctx.baseUrl}/id/${ctx.orgId}/${userId}`;
        const signatureKey = this.config.clientSecret ?? this.config.clientId;
        return {
            access_token: token,
            instance_url: ctx.baseUrl,
            id,
            token_type: 'Bearer',
            issued_at: String(issuedAt),
            signature: createHmac('sha256', signatureKey).update(`${id}${issuedAt}`).digest('base64'),
            scope: 'api',
        };
    }
}
