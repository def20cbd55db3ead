/** Caches the app admin's UserSig for REST calls; renews it at half-life and on demand (error 70001). */
import { genUserSig } from './usersig.js';

export interface AdminSigCacheOptions {
    sdkAppId: number;
    secretKey: string;
    adminIdentifier: string;
    /** Lifetime of each admin sig (default 24 h). */
    ttlSeconds?: number;
    now?: () => number;
}

export class AdminSigCache {
    private sig: string | null = null;
    private renewAtMs = 0;
    private generations = 0;
    private readonly ttlSeconds: number;
    private readonly now: () => number;

    constructor(private readonly options: AdminSigCacheOptions) {
        this.ttlSeconds = options.ttlSeconds ?? 86_400;
        this.now = options.now ?? Date.now;
    }

    get(): string {
        const now = this.now();
        if (this.sig === null || now >= this.renewAtMs) {
            const issuedAt = Math.floor(now / 1000);
            this.sig = genUserSig({
                sdkAppId: this.options.sdkAppId,
                secretKey: this.options.secretKey,
                identifier: this.options.adminIdentifier,
                expireSeconds: this.ttlSeconds,
                timeSeconds: issuedAt,
            }).userSig;
            // Renew well before expiry: at half of the lifetime.
            this.renewAtMs = (issuedAt + Math.floor(this.ttlSeconds / 2)) * 1000;
            this.generations++;
        }
        return this.sig;
    }

    /** Forget the cached sig (Tencent said it expired or is invalid: 70001). */
    invalidate(): void {
        this.sig = null;
    }

    /** How many sigs were generated so far (for tests and metrics). */
    get generationCount(): number {
        return this.generations;
    }
}
