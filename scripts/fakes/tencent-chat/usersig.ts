import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { TencentErrorCode } from './errors.js';

/** Decoded fields of a UserSig v2 ticket. */
export interface UserSigFields {
    version: string;
    identifier: string;
    sdkAppId: number;
    /** Issue time, epoch seconds. */
    time: number;
    /** Lifetime in seconds. */
    expire: number;
    /** base64 HMAC-SHA256 over the content string. */
    sig: string;
    /** Optional base64 user buffer (TRTC privilege tickets). */
    userBuf?: string;
}

/** The content string Tencent signs: every line ends with "\n"; userbuf only when present. */
export function userSigContent(fields: Omit<UserSigFields, 'sig' | 'version'>): string {
    let content =
        `TLS.identifier:${fields.identifier}\n` +
        `TLS.sdkappid:${fields.sdkAppId}\n` +
        `TLS.time:${fields.time}\n` +
        `TLS.expire:${fields.expire}\n`;
    if (fields.userBuf !== undefined) content += `TLS.userbuf:${fields.userBuf}\n`;
    return content;
}

/** base64(HMAC-SHA256(secretKey as UTF-8, content)). */
export function userSigHmac(secretKey: string, content: string): string {
    return createHmac('sha256', secretKey).update(content, 'utf8').digest('base64');
}

function fromUrlSafe(text: string): Buffer {
    const standard = text.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '=');
    return Buffer.from(standard, 'base64');
}

function toUrlSafe(bytes: Buffer): string {
    return bytes.toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}

/** Decodes a UserSig; returns undefined when it is not a well-formed v2 ticket. */
export function decodeUserSig(userSig: string): UserSigFields | undefined {
    if (!/^[A-Za-z0-9*\-_]+$/.test(userSig)) return undefined;
    let parsed: unknown;
    try {
        parsed = JSON.parse(inflateSync(fromUrlSafe(userSig)).toString('utf8'));
    } catch {
        return undefined;
    }
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const doc = parsed as Record<string, unknown>;
    const version = doc['TLS.ver'];
    const identifier = doc['TLS.identifier'];
    const sdkAppId = Number(doc['TLS.sdkappid']);
    const time = Number(doc['TLS.time']);
    const expire = Number(doc['TLS.expire']);
    const sig = doc['TLS.sig'];
    const userBuf = doc['TLS.userbuf'];
    if (typeof version !== 'string' || typeof identifier !== 'string' || typeof sig !== 'string') return undefined;
    if (![sdkAppId, time, expire].every(Number.isFinite)) return undefined;
    const fields: UserSigFields = { version, identifier, sdkAppId, time, expire, sig };
    if (typeof userBuf === 'string') fields.userBuf = userBuf;
    return fields;
}

/** Encodes a UserSig v2 (what the relay and tls-sig-api-v2 produce). Used by tests and the sandbox. */
export function encodeUserSig(opts: {
    sdkAppId: number;
    secretKey: string;
    identifier: string;
    expireSeconds: number;
    /** epoch seconds; default now */
    time?: number;
}): string {
    const time = opts.time ?? Math.floor(Date.now() / 1000);
    const base = { identifier: opts.identifier, sdkAppId: opts.sdkAppId, time, expire: opts.expireSeconds };
    const doc = {
        'TLS.ver': '2.0',
        'TLS.identifier': opts.identifier,
        'TLS.sdkappid': opts.sdkAppId,
        'TLS.expire': opts.expireSeconds,
        'TLS.time': time,
        'TLS.sig': userSigHmac(opts.secretKey, userSigContent(base)),
    };
    return toUrlSafe(deflateSync(Buffer.from(JSON.stringify(doc), 'utf8')));
}

export type UserSigCheck = { ok: true; fields: UserSigFields } | { ok: false; code: number; info: string };

/**
 * Verifies a UserSig the way Tencent does for a login or a REST call:
 * parse → SDKAppID → identifier → HMAC → expiry.
 */
export function verifyUserSig(input: {
    userSig: string;
    identifier: string;
    sdkAppId: number;
    secretKey: string;
    nowMs: number;
}): UserSigCheck {
    const fields = decodeUserSig(input.userSig);
    if (!fields || fields.version !== '2.0') {
        return { ok: false, code: TencentErrorCode.SIG_PARSE, info: 'usersig parse failed (not a UserSig v2 ticket)' };
    }
    if (fields.sdkAppId !== input.sdkAppId) {
        return {
            ok: false,
            code: TencentErrorCode.SIG_SDKAPPID_MISMATCH,
            info: `sdkappid in request (${input.sdkAppId}) differs from the one in usersig (${fields.sdkAppId})`,
        };
    }
    if (fields.identifier !== input.identifier) {
        return {
            ok: false,
            code: TencentErrorCode.SIG_IDENTIFIER_MISMATCH,
            info: `identifier in request differs from the one in usersig`,
        };
    }
    const expected = Buffer.from(userSigHmac(input.secretKey, userSigContent(fields)), 'utf8');
    const actual = Buffer.from(fields.sig, 'utf8');
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
        return { ok: false, code: TencentErrorCode.SIG_VERIFY, info: 'usersig verification failed (wrong key?)' };
    }
    const nowSeconds = Math.floor(input.nowMs / 1000);
    if (nowSeconds > fields.time + fields.expire) {
        return { ok: false, code: TencentErrorCode.SIG_EXPIRED, info: 'usersig expired' };
    }
    return { ok: true, fields };
}
