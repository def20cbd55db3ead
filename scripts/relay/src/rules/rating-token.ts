/**
 * One-time rating tokens: carried in the rating request sent into a closed case's chat, they let the customer's app
 * answer through the public `POST /v1/ratings` although the group is muted. HMAC-SHA256 signed with a key derived
 * from the relay's API key (domain-separated, never the key itself), bound to one case, expiring. "One-time" is
 * enforced by the Rating Received event (one per case), not by the token.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parseSalesforceId, SALESFORCE_ID_PREFIX } from '../validation/salesforce-id.js';

const RATING_TOKEN_TTL_MS = 7 * 24 * 3600 * 1000;
const VERSION = 'r1';

export type TokenCheck = { ok: true; caseId: string } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

export class RatingTokens {
    private readonly key: Buffer;

    constructor(
        secret: string,
        private readonly now: () => number = Date.now,
    ) {
        this.key = createHmac('sha256', secret).update('tim-chat rating tokens v1').digest();
    }

    issue(caseId: string, ttlMs = RATING_TOKEN_TTL_MS): string {
        return this.issueWithExpiry(caseId, ttlMs).token;
    }

    /** A token and its expiry (ms, whole seconds), as the rating request announces it. */
    issueWithExpiry(caseId: string, ttlMs = RATING_TOKEN_TTL_MS): { token: string; expiresAt: number } {
        const exp = Math.floor((this.now() + ttlMs) / 1000);
        const body = `${VERSION}.${caseId}.${exp}`;
        return { token: `${body}.${this.mac(body)}`, expiresAt: exp * 1000 };
    }

    check(token: string): TokenCheck {
        const parts = token.split('.');
        if (parts.length !== 4 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
        const [, caseId, exp, mac] = parts as [string, string, string, string];
        const id = parseSalesforceId(caseId, SALESFORCE_ID_PREFIX.case);
        if (!id.ok || id.id18 !== caseId || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(mac))
            return { ok: false, reason: 'malformed' };
        const want = Buffer.from(this.mac(`${VERSION}.${caseId}.${exp}`));
        if (!timingSafeEqual(want, Buffer.from(mac))) return { ok: false, reason: 'signature' };
        if (Number(exp) * 1000 < this.now()) return { ok: false, reason: 'expired' };
        return { ok: true, caseId };
    }

    private mac(body: string): string {
        return createHmac('sha256', this.key).update(body).digest('base64url');
    }
}
