/**
 * Authenticates a Tencent Chat webhook request before anything reads its content:
 *   1. `SdkAppid` is our own (Tencent's documented first check);
 *   2. `token` — a secret only the callback URL registered in the Tencent console carries (constant time);
 *   3. optionally (TENCENT_CALLBACK_SIGN_TOKEN set) `Sign = sha256_hex(signToken + RequestTime)` (constant time). That
 *      formula comes from Tencent's Chinese documentation and is unverified in English copies, so it is configurable
 *      and the secret token above is the guard that always applies;
 *   4. freshness: RequestTime (when signed) or the body's EventTime must be within `maxSkewSeconds` of now;
 *   5. replay: the same signed request (or body) seen before inside the freshness window is rejected.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CallbackConfig } from '../messaging/messaging-config.js';

export interface CallbackQuery {
    SdkAppid?: string;
    CallbackCommand?: string;
    token?: string;
    Sign?: string;
    RequestTime?: string;
    [key: string]: string | undefined;
}

/** Remembers request fingerprints for a while (in memory, or Redis when replicas share callbacks). */
export interface ReplayGuard {
    /** true the first time `key` is seen within `ttlMs` */
    firstSeen(key: string, ttlMs: number): Promise<boolean>;
}

export type CallbackAuthResult =
    { ok: true; command: string } | { ok: false; status: 401 | 403 | 409 | 400; code: string; message: string };

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
const sameSecret = (given: string, expected: Buffer) => timingSafeEqual(digest(given), expected);

export class CallbackAuthenticator {
    private readonly tokenDigest: Buffer;

    constructor(
        private readonly config: CallbackConfig,
        private readonly sdkAppId: number,
        private readonly replays: ReplayGuard,
        private readonly now: () => number = Date.now,
    ) {
        this.tokenDigest = digest(config.token);
    }

    async check(query: CallbackQuery, rawBody: string, eventTimeMs: number | undefined): Promise<CallbackAuthResult> {
        if (query.SdkAppid !== String(this.sdkAppId))
            return { ok: false, status: 403, code: 'SDKAPPID_MISMATCH', message: 'SdkAppid is not this application' };
        if (typeof query.token !== 'string' || !sameSecret(query.token, this.tokenDigest))
            return {
                ok: false,
                status: 401,
                code: 'CALLBACK_UNAUTHORIZED',
                message: 'missing or invalid callback token',
            };
        const command = query.CallbackCommand ?? '';
        if (!/^[A-Za-z0-9.]{1,64}$/.test(command))
            return {
                ok: false,
                status: 400,
                code: 'VALIDATION_FAILED',
                message: 'CallbackCommand is missing or invalid',
            };

        const nowSeconds = this.now() / 1000;
        let sentAtSeconds: number | undefined;
        if (this.config.signToken !== '') {
            const requestTime = query.RequestTime ?? '';
            const sign = query.Sign ?? '';
            if (!/^\d{1,12}$/.test(requestTime) || !/^[0-9a-f]{64}$/i.test(sign))
                return {
                    ok: false,
                    status: 401,
                    code: 'CALLBACK_UNAUTHORIZED',
                    message: 'Sign and RequestTime are required',
                };
            const expected = createHash('sha256')
                .update(this.config.signToken + requestTime, 'utf8')
                .digest();
            if (!timingSafeEqual(Buffer.from(sign.toLowerCase(), 'hex'), expected))
                return { ok: false, status: 401, code: 'CALLBACK_UNAUTHORIZED', message: 'Sign does not match' };
            sentAtSeconds = Number(requestTime);
        } else if (eventTimeMs !== undefined) {
            sentAtSeconds = eventTimeMs / 1000;
        }
        if (sentAtSeconds === undefined)
            return {
                ok: false,
                status: 400,
                code: 'CALLBACK_STALE',
                message: 'the callback carries no RequestTime or EventTime',
            };
        if (Math.abs(nowSeconds - sentAtSeconds) > this.config.maxSkewSeconds)
            return {
                ok: false,
                status: 401,
                code: 'CALLBACK_STALE',
                message: `the callback is more than ${this.config.maxSkewSeconds} s old`,
            };

        const fingerprint = createHash('sha256')
            .update(`${query.Sign ?? ''}\u0000${query.RequestTime ?? ''}\u0000${rawBody}`)
            .digest('hex');
        if (!(await this.replays.firstSeen(`cb:${fingerprint}`, this.config.maxSkewSeconds * 2_000)))
            return { ok: false, status: 409, code: 'CALLBACK_REPLAYED', message: 'this callback was already received' };
        return { ok: true, command };
    }
}

/** Single-process replay memory (expired entries are swept as new ones arrive). */
export class MemoryReplayGuard implements ReplayGuard {
    private readonly seen = new Map<string, number>();
    constructor(private readonly now: () => number = Date.now) {}

    async firstSeen(key: string, ttlMs: number): Promise<boolean> {
        const now = this.now();
        if (this.seen.size > 10_000) for (const [k, until] of this.seen) if (until <= now) this.seen.delete(k);
        const until = this.seen.get(key);
        if (until !== undefined && until > now) return false;
        this.seen.set(key, now + ttlMs);
        return true;
    }
}
