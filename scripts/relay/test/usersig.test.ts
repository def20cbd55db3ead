import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { decodeUserSig, genUserSig, userSigHmac, verifyUserSig } from '../src/tencent/usersig.js';
import { AdminSigCache } from '../src/tencent/admin-sig-cache.js';

const KNOWN = {
    sdkAppId: 1400000000,
    secretKey: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e',
    identifier: 'xiaojun',
    expire: 86400,
    time: 1700000000,
    sig: 'SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=',
};

describe('UserSig v2', () => {
    it('matches the known-answer vector', () => {
        expect(userSigHmac(KNOWN.secretKey, KNOWN.identifier, KNOWN.sdkAppId, KNOWN.time, KNOWN.expire)).toBe(
            KNOWN.sig,
        );
        const { userSig, expiresAtMs } = genUserSig({
            sdkAppId: KNOWN.sdkAppId,
            secretKey: KNOWN.secretKey,
            identifier: KNOWN.identifier,
            expireSeconds: KNOWN.expire,
            timeSeconds: KNOWN.time,
        });
        expect(userSig).toMatch(/^[A-Za-z0-9*_-]+$/);
        const decoded = decodeUserSig(userSig);
        expect(decoded).toEqual({
            version: '2.0',
            identifier: 'xiaojun',
            sdkAppId: 1400000000,
            time: 1700000000,
            expire: 86400,
            sig: KNOWN.sig,
        });
        expect(expiresAtMs).toBe((KNOWN.time + KNOWN.expire) * 1000);
    });

    it('cross-checks with the tls-sig-api-v2 package', () => {
        const require = createRequire(import.meta.url);
        const TLSSigAPIv2 = require('tls-sig-api-v2') as {
            Api: new (appId: number, key: string) => { genSig(id: string, expire: number): string };
        };
        const theirs = new TLSSigAPIv2.Api(KNOWN.sdkAppId, KNOWN.secretKey).genSig('agent_1', 3600);
        const decoded = decodeUserSig(theirs);
        // Our HMAC over their fields must equal their signature, and our verifier accepts their sig.
        expect(userSigHmac(KNOWN.secretKey, 'agent_1', KNOWN.sdkAppId, decoded.time, decoded.expire)).toBe(decoded.sig);
        expect(verifyUserSig(theirs, KNOWN.sdkAppId, KNOWN.secretKey)).not.toBeNull();
        // ... and our sig decodes to the same shape theirs does.
        const ours = genUserSig({
            sdkAppId: KNOWN.sdkAppId,
            secretKey: KNOWN.secretKey,
            identifier: 'agent_1',
            expireSeconds: 3600,
            timeSeconds: decoded.time,
        });
        expect(decodeUserSig(ours.userSig)).toEqual(decoded);
    });

    it('rejects a sig signed with another key, for another app, or expired', () => {
        const { userSig } = genUserSig({
            sdkAppId: 1,
            secretKey: 'k1',
            identifier: 'u',
            expireSeconds: 60,
            timeSeconds: 1000,
        });
        expect(verifyUserSig(userSig, 1, 'k1', 1030)).not.toBeNull();
        expect(verifyUserSig(userSig, 1, 'k2', 1030)).toBeNull();
        expect(verifyUserSig(userSig, 2, 'k1', 1030)).toBeNull();
        expect(verifyUserSig(userSig, 1, 'k1', 1061)).toBeNull();
        expect(verifyUserSig('not-a-sig', 1, 'k1', 1030)).toBeNull();
    });
});

describe('AdminSigCache', () => {
    it('reuses the sig, renews at half-life and after invalidate()', () => {
        let now = 1_700_000_000_000;
        const cache = new AdminSigCache({
            sdkAppId: 1,
            secretKey: 'k',
            adminIdentifier: 'administrator',
            ttlSeconds: 100,
            now: () => now,
        });
        const first = cache.get();
        expect(cache.get()).toBe(first);
        expect(cache.generationCount).toBe(1);
        now += 49_000;
        expect(cache.get()).toBe(first);
        now += 2_000;
        const second = cache.get();
        expect(cache.generationCount).toBe(2);
        expect(decodeUserSig(second).time).toBe(Math.floor(now / 1000));
        cache.invalidate();
        cache.get();
        expect(cache.generationCount).toBe(3);
    });
});
