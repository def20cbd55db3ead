/** Field rules shared by the JSON schemas (as ajv formats) and the handlers. */
import { isSalesforceId, SALESFORCE_ID_PREFIX } from './salesforce-id.js';

/** Tencent UserID: ≤ 32 bytes; we allow letters, digits, `_` and `-` (the documented safe set). */
export const TENCENT_USER_ID = /^[A-Za-z0-9_-]{1,32}$/;
export const MINTED_CUSTOMER_PREFIX = 'cust_';
/**
 * Idempotency-Key header: unguessable, because a replay answers with the ticket (and a fresh UserSig). A UUID v4, or
 * 32-64 chars `[A-Za-z0-9_-]` that look random (at least 8 distinct characters: `aaaa…` or `abab…` are refused).
 */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const RANDOM_KEY = /^[A-Za-z0-9_-]{32,64}$/;
export const IDEMPOTENCY_KEY_MIN_DISTINCT = 8;

export function isIdempotencyKey(value: string): boolean {
    if (UUID_V4.test(value)) return true;
    return RANDOM_KEY.test(value) && new Set(value).size >= IDEMPOTENCY_KEY_MIN_DISTINCT;
}

// Pragmatic email check (RFC 5322 is far wider; Salesforce's Email field accepts this subset).
const EMAIL =
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isEmail(value: string): boolean {
    return value.length <= 80 && EMAIL.test(value);
}

export function isTencentUserId(value: string): boolean {
    return TENCENT_USER_ID.test(value) && Buffer.byteLength(value, 'utf8') <= 32;
}

/** Shaped like a Salesforce User id (15/18 chars starting with 005), whether or not the checksum is valid. */
export function looksLikeSalesforceUserId(value: string): boolean {
    return /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(value);
}

/**
 * The static part of the caller-chosen customer id rules: a valid UserID that does not impersonate a minted
 * (`cust_`, any case) or agent (User-id-shaped) id. The configured rules (admin, owner, CUSTOMER_ID_PATTERN) are in
 * CustomerIdPolicy.
 */
export function isCallerCustomerId(value: string): boolean {
    return (
        isTencentUserId(value) &&
        !value.toLowerCase().startsWith(MINTED_CUSTOMER_PREFIX) &&
        !looksLikeSalesforceUserId(value)
    );
}

/** ajv custom formats used by the route schemas; the error then names the failing field. */
export const ajvFormats = {
    'sf-case-id': (v: string) => isSalesforceId(v, SALESFORCE_ID_PREFIX.case),
    'sf-user-id': (v: string) => isSalesforceId(v, SALESFORCE_ID_PREFIX.user),
    'tencent-user-id': (v: string) => isTencentUserId(v),
    'caller-customer-id': (v: string) => isCallerCustomerId(v),
    'chat-email': (v: string) => isEmail(v),
    'idempotency-key': (v: string) => isIdempotencyKey(v),
    'message-seq': (v: string) => /^[1-9]\d{0,9}$/.test(v) && Number(v) <= 0xffffffff,
    'page-limit': (v: string) => /^[1-9]\d{0,2}$/.test(v) && Number(v) <= 100,
} satisfies Record<string, (v: string) => boolean>;

/** Truncates to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(value: string, maxBytes: number): string {
    if (Buffer.byteLength(value, 'utf8') <= maxBytes) return value;
    let out = '';
    let used = 0;
    for (const ch of value) {
        const n = Buffer.byteLength(ch, 'utf8');
        if (used + n > maxBytes) break;
        out += ch;
        used += n;
    }
    return out;
}
