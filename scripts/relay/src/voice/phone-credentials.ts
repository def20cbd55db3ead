/**
 * The phone page's credential for `POST /v1/voice/call-events`: handed to the page in its HTML body (never in a URL),
 * HMAC-SHA256 signed with a key derived from the relay's API key (domain-separated, never the key itself), bound to
 * the agent's user id and seat, expiring after 12 hours, checked in constant time.
 *
 *   v1.<userId 18>.<base64url(seatUserId)>.<expiry, Unix s>.<base64url MAC>
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const PHONE_CREDENTIAL_TTL_MS = 12 * 3600 * 1000;
const VERSION = 'v1';

export type CredentialCheck =
    { ok: true; userId: string; seatUserId: string } | { ok: false; reason: 'malformed' | 'signature' | 'expired' };

export class PhoneCredentials {
    private readonly key: Buffer;

    constructor(
        secret: string,
        private readonly now: () => number = () => Date.now(),
    ) {
        this.key = createHmac('sha256', secret).update('tim-chat voice phone page credentials v1').digest();
    }

    issue(userId: string, seatUserId: string, ttlMs = PHONE_CREDENTIAL_TTL_MS): string {
        const body = [
            VERSION,
            userId,
            Buffer.from(seatUserId, 'utf8').toString('base64url'),
            String(Math.floor((this.now() + ttlMs) / 1000)),
        ].join('.');
        return `${body}.${this.mac(body)}`;
    }

    check(credential: string): CredentialCheck {
        const parts = credential.split('.');
        if (parts.length !== 5 || parts[0] !== VERSION) return { ok: false, reason: 'malformed' };
        const [, userId, seat, exp, mac] = parts as [string, string, string, string, string];
        if (
            !/^005[A-Za-z0-9]{15}$/.test(userId) ||
            !/^[A-Za-z0-9_-]{1,344}$/.test(seat) ||
            !/^\d{1,12}$/.test(exp) ||
            !/^[A-Za-z0-9_-]{43}$/.test(mac)
        )
            return { ok: false, reason: 'malformed' };
        const want = Buffer.from(this.mac(parts.slice(0, 4).join('.')));
        if (!timingSafeEqual(want, Buffer.from(mac))) return { ok: false, reason: 'signature' };
        if (Number(exp) * 1000 <= this.now()) return { ok: false, reason: 'expired' };
        return { ok: true, userId, seatUserId: Buffer.from(seat, 'base64url').toString('utf8') };
    }

    private mac(body: string): string {
        return createHmac('sha256', this.key).update(body).digest('base64url');
    }
}
