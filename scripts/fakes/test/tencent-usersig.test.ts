import { describe, expect, it } from 'vitest';
import { decodeUserSig, encodeUserSig, userSigContent, userSigHmac, verifyUserSig } from '../tencent-chat/index.js';
import { officialUserSig } from './helpers.js';

const KAT = {
    sdkAppId: 1400000000,
    key: '5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e',
    identifier: 'xiaojun',
    expire: 86400,
    time: 1700000000,
    sig: 'SNF4FmVCPucoXsBOpbVF3fFCf57JPm0ezZ1jeVILlVc=',
};

describe('UserSig v2', () => {
    it('matches the known-answer HMAC vector', () => {
        const content = userSigContent({
            identifier: KAT.identifier,
            sdkAppId: KAT.sdkAppId,
            time: KAT.time,
            expire: KAT.expire,
        });
        expect(userSigHmac(KAT.key, content)).toBe(KAT.sig);
    });

    it('decodes and verifies a ticket made by the official tls-sig-api-v2 library', () => {
        const sig = officialUserSig(KAT.sdkAppId, KAT.key, 'alice', 3600);
        const fields = decodeUserSig(sig);
        expect(fields).toMatchObject({ version: '2.0', identifier: 'alice', sdkAppId: KAT.sdkAppId, expire: 3600 });
        const check = verifyUserSig({
            userSig: sig,
            identifier: 'alice',
            sdkAppId: KAT.sdkAppId,
            secretKey: KAT.key,
            nowMs: Date.now(),
        });
        expect(check.ok).toBe(true);
    });

    it('produces the known-answer TLS.sig when encoding with a fixed time', () => {
        const sig = encodeUserSig({
            sdkAppId: KAT.sdkAppId,
            secretKey: KAT.key,
            identifier: KAT.identifier,
            expireSeconds: KAT.expire,
            time: KAT.time,
        });
        expect(decodeUserSig(sig)?.sig).toBe(KAT.sig);
    });

    it.each([
        ['wrong secret', { secretKey: 'another-key' }, 70009],
        ['expired', { nowMs: (KAT.time + KAT.expire + 1) * 1000 }, 70001],
        ['other identifier', { identifier: 'bob' }, 70013],
        ['other sdkappid', { sdkAppId: 1400000099 }, 70014],
        ['garbage', { userSig: 'not*a*sig' }, 70003],
    ] as const)('rejects %s', (_name, override, code) => {
        const sig = encodeUserSig({
            sdkAppId: KAT.sdkAppId,
            secretKey: KAT.key,
            identifier: KAT.identifier,
            expireSeconds: KAT.expire,
            time: KAT.time,
        });
        const input = {
            userSig: sig,
            identifier: KAT.identifier,
            sdkAppId: KAT.sdkAppId,
            secretKey: KAT.key,
            nowMs: (KAT.time + 10) * 1000,
            ...override,
        };
        const check = verifyUserSig(input);
        expect(check.ok).toBe(false);
        if (!check.ok) expect(check.code).toBe(code);
    });

    it('is still valid at exactly time + expire', () => {
        const sig = encodeUserSig({
            sdkAppId: KAT.sdkAppId,
            secretKey: KAT.key,
            identifier: KAT.identifier,
            expireSeconds: KAT.expire,
            time: KAT.time,
        });
        const check = verifyUserSig({
            userSig: sig,
            identifier: KAT.identifier,
            sdkAppId: KAT.sdkAppId,
            secretKey: KAT.key,
            nowMs: (KAT.time + KAT.expire) * 1000,
        });
        expect(check.ok).toBe(true);
    });
});
