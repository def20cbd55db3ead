/**
 * Which caller-chosen customer ids the public ticket routes accept (`customerId` of POST /v1/tickets, `userId` of
 * POST /createticket). Those routes are unauthenticated, so an id must not name an account that belongs to someone
 * else: not the app admin, not TENCENT_GROUP_OWNER, not a minted id (`cust_…`), not an agent (a Salesforce User id),
 * and it must match CUSTOMER_ID_PATTERN (the whole id; default: Tencent's safe UserID charset).
 */
import { DEFAULT_CUSTOMER_ID_PATTERN } from '../config.js';
import { isTencentUserId, looksLikeSalesforceUserId, MINTED_CUSTOMER_PREFIX } from './fields.js';

export interface CustomerIdPolicyOptions {
    adminIdentifier: string;
    groupOwner: string;
    /** Regular expression source; anchored here. */
    pattern?: string;
}

export class CustomerIdPolicy {
    private readonly pattern: RegExp;
    private readonly reserved: Set<string>;

    constructor(opts: CustomerIdPolicyOptions) {
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
}
