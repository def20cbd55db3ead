/**
 * Tencent Cloud API v3 request signing (TC3-HMAC-SHA256), verified the way the service does it:
 *
 *   CanonicalRequest = Method \n Path \n Query \n CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
 *   StringToSign     = "TC3-HMAC-SHA256" \n X-TC-Timestamp \n <date>/<service>/tc3_request \n hex(SHA256(CanonicalRequest))
 *   key              = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")
 *
 * `date` is the UTC date of X-TC-Timestamp, and the timestamp must be within 5 minutes of the server's clock. The
 * canonical `host` header is the request's host name (the official SDKs sign the host without a port).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
/** Largest accepted difference between X-TC-Timestamp and the server clock. */
export const TC3_MAX_SKEW_SECONDS = 300;

export type Tc3Failure =
    | { code: 'AuthFailure.InvalidAuthorization'; message: string }
    | { code: 'AuthFailure.SecretIdNotFound'; message: string }
    | { code: 'AuthFailure.SignatureExpire'; message: string }
    | { code: 'AuthFailure.SignatureFailure'; message: string };

export interface Tc3Request {
    method: string;
    /** path and query as received, e.g. "/" */
    url: string;
    /** lower-case header names */
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
}

export interface Tc3Options {
    service: string;
    /** SecretId → SecretKey */
    secrets: ReadonlyMap<string, string>;
    /** epoch ms */
    now: number;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** The UTC date (YYYY-MM-DD) of a Unix timestamp in seconds. */
export function tc3Date(timestampSeconds: number): string {
    return new Date(timestampSeconds * 1000).toISOString().slice(0, 10);
}

/** The hex signature of one request (shared by the verifier and the tests' hand-made requests). */
export function tc3Signature(args: {
    secretKey: string;
    service: string;
    timestamp: number;
    method: string;
    path: string;
    query: string;
    canonicalHeaders: string;
    signedHeaders: string;
    body: Buffer | string;
}): string {
    const date = tc3Date(args.timestamp);
    const canonicalRequest = [
        args.method,
        args.path,
        args.query,
        args.canonicalHeaders,
        args.signedHeaders,
        sha256Hex(args.body),
    ].join('\n');
    const stringToSign = [
        TC3_ALGORITHM,
        String(args.timestamp),
        `${date}/${args.service}/tc3_request`,
        sha256Hex(canonicalRequest),
    ].join('\n');
    const key = hmac(hmac(hmac(`TC3${args.secretKey}`, date), args.service), 'tc3_request');
    return createHmac('sha256', key).update(stringToSign).digest('hex');
}

const AUTHORIZATION =
    /^TC3-HMAC-SHA256 Credential=([^/\s,]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9-]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

const header = (h: Tc3Request['headers'], name: string): string => {
    const v = h[name];
    return (Array.isArray(v) ? v[0] : v) ?? '';
};

/** The SecretId of a correctly signed request, or why it is refused (Tencent's error codes). */
export function verifyTc3(req: Tc3Request, opts: Tc3Options): { ok: true; secretId: string } | Tc3Failure {
    const m = AUTHORIZATION.exec(header(req.headers, 'authorization'));
    if (!m)
        return {
            code: 'AuthFailure.InvalidAuthorization',
            message: 'Authorization header is missing or not in the TC3-HMAC-SHA256 format.',
        };
    const [, secretId, date, service, signedHeaders, signature] = m as unknown as [
        string,
        string,
        string,
        string,
        string,
        string,
    ];
    const timestampText = header(req.headers, 'x-tc-timestamp');
    if (!/^\d{1,12}$/.test(timestampText))
        return { code: 'AuthFailure.SignatureFailure', message: 'X-TC-Timestamp is missing or not a Unix time.' };
    const timestamp = Number(timestampText);
    if (Math.abs(opts.now / 1000 - timestamp) > TC3_MAX_SKEW_SECONDS)
        return {
            code: 'AuthFailure.SignatureExpire',
            message: 'The signature expired: X-TC-Timestamp differs from the server time by more than 5 minutes.',
        };
    const secretKey = opts.secrets.get(secretId);
    if (secretKey === undefined)
        return { code: 'AuthFailure.SecretIdNotFound', message: 'The SecretId does not exist or is disabled.' };
    if (date !== tc3Date(timestamp) || service !== opts.service)
        return {
            code: 'AuthFailure.SignatureFailure',
            message: 'The credential scope does not match the request (date of X-TC-Timestamp / service).',
        };
    const names = signedHeaders.split(';');
    if (!names.includes('content-type') || !names.includes('host') || [...names].sort().join(';') !== signedHeaders)
        return {
            code: 'AuthFailure.SignatureFailure',
            message: 'SignedHeaders must list content-type and host, sorted.',
        };
    const canonicalHeaders = names
        .map((n) => {
            const value = n === 'host' ? header(req.headers, 'host').replace(/:\d+$/, '') : header(req.headers, n);
            return `${n}:${value.trim().toLowerCase()}\n`;
        })
        .join('');
    const [path = '/', query = ''] = req.url.split('?', 2);
    const want = tc3Signature({
        secretKey,
        service,
        timestamp,
        method: req.method.toUpperCase(),
        path,
        query,
        canonicalHeaders,
        signedHeaders,
        body: req.body,
    });
    if (!timingSafeEqual(Buffer.from(want), Buffer.from(signature)))
        return { code: 'AuthFailure.SignatureFailure', message: 'The request signature does not match.' };
    return { ok: true, secretId };
}
