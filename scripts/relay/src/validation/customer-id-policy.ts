/**
 * Which caller-chosen customer ids the public ticket routes accept (`customerId` of POST /v1/tickets, `userId` of
 * POST /createticket). Those routes are unauthenticated, so an id must not name an account that belongs to someone
 * else: not the app admin, not TENCENT_GROUP_OWNER, not a minted id (`cust_…`), not an agent (a Salesforce User id),
 * and it must match CUSTOMER_ID_PATTERN (the whole id; default: Tencent's safe UserID charset).
 *
 * And it must come with proof that the customer app's own backend vouches for it: a signature = hex
 * HMAC-SHA256(CUSTOMER_ID_SECRET, id), compared in constant time. Without CUSTOMER_ID_SECRET no caller-chosen id is
 * accepted (the relay mints ids instead).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DEFAULT_CUSTOMER_ID_PATTERN } from '../config.js';
import { isTencentUserId, looksLikeSalesforceUserId, MINTED_CUSTOMER_PREFIX } from './fields.js';

export interface CustomerIdPolicyOptions {
    adminIdentifier: string;
    groupOwner: string;
    /** Regular expression source; anchored here. */
    pattern?: string;
    /** CUSTOMER_ID_SECRET; empty/absent = no caller-chosen id can be proven. */
    secret?: string;
}

export type ProofResult = 'ok' | 'no-secret' | 'invalid';

/** The signature the customer app's backend sends with a customer id. */
export function signCustomerId(secret: string, id: string): string {
    return createHmac('sha256', secret).update(id, 'utf8').digest('hex');
}

export class CustomerIdPolicy {
    private readonly pattern: RegExp;
    private readonly reserved: Set<string>;
    private readonly secret: string;

    constructor(opts: CustomerIdPolicyOptions) {
        this.secret = opts.secret ?? '';
        this.pattern = new RegExp(`^(?:${opts.pattern || DEFAULT_CUSTOMER_ID_PATTERN})$`);
        // Compared case-insensitively: `Administrator` is as suspicious as `administrator`.
        this.reserved = new Set(
            [opts.adminIdentifier, opts.groupOwner].filter((id) => id !== '').map((id) => id.toLowerCase()),
        );
    }

    /** Why `id` cannot be a caller-chosen customer id (a sentence fragment after the field name), or null when it can. */
    problem(id: string): string | null {
        if (!isTencentUserId(id)) return 'must be 1-32 characters [A-Za-z0-9_-]';
        if (id.toLowerCase().startsWith(MINTED_CUSTOMER_PREFIX))
            return `must not start with ${MINTED_CUSTOMER_PREFIX} (reserved for ids the relay mints)`;
        if (looksLikeSalesforceUserId(id)) return 'must not look like a Salesforce User id (agents use those)';
        if (this.reserved.has(id.toLowerCase())) return 'is a reserved account (the app admin or the group owner)';
        if (!this.pattern.test(id)) return 'does not match the allowed customer id pattern (CUSTOMER_ID_PATTERN)';
        return null;
    }

    /** Whether `signature` proves `id` (constant time). */
    verify(id: string, signature: string | undefined): ProofResult {
        if (this.secret === '') return 'no-secret';
        if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/i.test(signature)) return 'invalid';
        const expected = Buffer.from(signCustomerId(this.secret, id), 'hex');
        return timingSafeEqual(expected, Buffer.from(signature, 'hex')) ? 'ok' : 'invalid';
    }
}
