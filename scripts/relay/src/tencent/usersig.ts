/**
 * Tencent Cloud Chat UserSig v2 (HMAC-SHA256), implemented with node:crypto + zlib.
 *
 * content = "TLS.identifier:<id>\nTLS.sdkappid:<app>\nTLS.time:<t>\nTLS.expire:<exp>\n"
 * TLS.sig = base64(HMAC-SHA256(secretKey as UTF-8, content))
 * sig     = base64(deflate(JSON doc)) with + → *, / → -, = → _
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

export interface UserSigInput {
    sdkAppId: number;
    secretKey: string;
    identifier: string;
    expireSeconds: number;
    /** Issue time in epoch seconds (defaults to now). */
    timeSeconds?: number;
}

export interface DecodedUserSig {
    version: string;
    identifier: string;
    sdkAppId: number;
    time: number;
    expire: number;
    sig: string;
}

export function userSigHmac(
    secretKey: string,
    identifier: string,
    sdkAppId: number,
    time: number,
    expire: number,
): string {
    const content =
        `TLS.identifier:${identifier}\n` +
        `TLS.sdkappid:${sdkAppId}\n` +
        `TLS.time:${time}\n` +
        `TLS.expire:${expire}\n`;
    return createHmac('sha256', Buffer.from(secretKey, 'utf8')).update(content, 'utf8').digest('base64');
}

function escapeBase64(b64: string): string {
    return b64.replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

function unescapeBase64(sig: string): string {
    return sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
}

export function genUserSig(input: UserSigInput): { userSig: string; expiresAtMs: number } {
    const time = input.timeSeconds ?? Math.floor(Date.now() / 1000);
    const doc = {
        'TLS.ver': '2.0',
        'TLS.identifier': input.identifier,
        'TLS.sdkappid': input.sdkAppId,
        'TLS.expire': input.expireSeconds,
        'TLS.time': time,
        'TLS.sig': userSigHmac(input.secretKey, input.identifier, input.sdkAppId, time, input.expireSeconds),
    };
    const compressed = deflateSync(Buffer.from(JSON.stringify(doc), 'utf8'));
    return { userSig: escapeBase64(compressed.toString('base64')), expiresAtMs: (time + input.expireSeconds) * 1000 };
}

/** Decodes a UserSig without verifying it. Throws on malformed input. */
export function decodeUserSig(userSig: string): DecodedUserSig {
    const json = inflateSync(Buffer.from(unescapeBase64(userSig), 'base64')).toString('utf8');
    const doc = JSON.parse(json) as Record<string, unknown>;
    return {
        version: String(doc['TLS.ver']),
        identifier: String(doc['TLS.identifier']),
        sdkAppId: Number(doc['TLS.sdkappid']),
        time: Number(doc['TLS.time']),
        expire: Number(doc['TLS.expire']),
        sig: String(doc['TLS.sig']),
    };
}

/** Verifies a UserSig's HMAC, app id and validity window (valid while now ≤ time + expire). */
export function verifyUserSig(
    userSig: string,
    sdkAppId: number,
    secretKey: string,
    nowSeconds = Math.floor(Date.now() / 1000),
): DecodedUserSig | null {
    let decoded: DecodedUserSig;
    try {
        decoded = decodeUserSig(userSig);
    } catch {
        return null;
    }
    if (decoded.sdkAppId !== sdkAppId) return null;
    const expected = Buffer.from(
        userSigHmac(secretKey, decoded.identifier, decoded.sdkAppId, decoded.time, decoded.expire),
    );
    const actual = Buffer.from(decoded.sig);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
    if (nowSeconds > decoded.time + decoded.expire) return null;
    return decoded;
}
