/**
 * Salesforce record id validation and normalisation.
 *
 * A 15-char id is case-sensitive; the 18-char form appends a 3-char checksum:
 * for each 5-char chunk, bit i is set when char i is an uppercase letter, and the
 * 5-bit value indexes `ABCDEFGHIJKLMNOPQRSTUVWXYZ012345`.
 */

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{15}[A-Z0-5]{3}$/;

export const SALESFORCE_ID_PREFIX = {
    case: '500',
    user: '005',
    contact: '003',
} as const;

export function salesforceIdChecksum(id15: string): string {
    let suffix = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        let bits = 0;
        for (let i = 0; i < 5; i++) {
            const ch = id15.charAt(chunk * 5 + i);
            if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
        }
        suffix += CHECKSUM_ALPHABET.charAt(bits);
    }
    return suffix;
}

export type SalesforceIdResult = { ok: true; id18: string } | { ok: false; reason: string };

/** Validates a 15/18-char id (charset, checksum, optional prefix) and returns its 18-char form. */
export function parseSalesforceId(value: unknown, requiredPrefix?: string): SalesforceIdResult {
    if (typeof value !== 'string') return { ok: false, reason: 'must be a string' };
    let id18: string;
    if (ID15.test(value)) {
        id18 = value + salesforceIdChecksum(value);
    } else if (ID18.test(value)) {
        const base = value.slice(0, 15);
        if (salesforceIdChecksum(base) !== value.slice(15)) {
            return { ok: false, reason: 'has an invalid 18-character checksum' };
        }
        id18 = value;
    } else {
        return { ok: false, reason: 'must be a 15 or 18 character Salesforce id' };
    }
    if (requiredPrefix && !id18.startsWith(requiredPrefix)) {
        return { ok: false, reason: `must start with ${requiredPrefix}` };
    }
    return { ok: true, id18 };
}

export function isSalesforceId(value: unknown, requiredPrefix?: string): boolean {
    return parseSalesforceId(value, requiredPrefix).ok;
}

/** 18-char form of an id already validated by the request schema. Throws if invalid. */
export function toId18(value: string, requiredPrefix?: string): string {
    const result = parseSalesforceId(value, requiredPrefix);
    if (!result.ok) throw new Error(`invalid Salesforce id: ${result.reason}`);
    return result.id18;
}

/** True when the id looks like a Salesforce User id (used to decide which group members are agents). */
export function looksLikeUserId(value: string): boolean {
    return ID18.test(value) && isSalesforceId(value, SALESFORCE_ID_PREFIX.user);
}
