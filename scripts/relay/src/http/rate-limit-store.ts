/**
 * Optional shared rate-limit store (REDIS_URL): replicas behind a load balancer then enforce ONE per-IP limit
 * instead of one each.
 *
 * Redis unreachable → FAIL OPEN: the request is served without being counted (the public routes are still
 * validated, CORS-restricted and idempotent, and a Redis outage must not take ticket creation down with it).
 * Every store failure increments `relay_rate_limit_store_errors_total`, and a warning is logged at most every 30 s.
 * Commands never queue while Redis is down (no offline queue, 1 retry, short timeouts), so failing open is fast.
 */
import { Redis } from 'ioredis';
import type { Log } from '../logger.js';
import type { RelayMetrics } from '../metrics/registry.js';

export const REDIS_COMMAND_TIMEOUT_MS = 250;
const WARN_EVERY_MS = 30_000;

export interface RateLimitRedis {
    client: Redis;
    /** Wraps the commands @fastify/rate-limit defined on the client so that failures are counted and logged. */
    instrument(): void;
    /** Waits (bounded) for the first connection, so a fresh replica starts counting at once. Never throws. */
    ready(timeoutMs?: number): Promise<boolean>;
    close(): Promise<void>;
}

export function createRateLimitRedis(url: string, log: Log, metrics: RelayMetrics): RateLimitRedis {
    const client = new Redis(url, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: 1_000,
        commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
        // Reconnect forever with a capped backoff: the limit becomes shared again as soon as Redis is back.
        retryStrategy: (times) => Math.min(times * 200, 5_000),
    });
    let lastWarn = 0;
    let suppressed = 0;
    const failed = (err: unknown, where: string) => {
        metrics.rateLimitStoreErrors.inc({ store: 'redis' });
        const now = Date.now();
        if (now - lastWarn < WARN_EVERY_MS) {
            suppressed++;
            return;
        }
        log.warn(
            { where, err: { message: err instanceof Error ? err.message : String(err) }, suppressed },
            'rate-limit store (Redis) unavailable: failing open, requests are not counted',
        );
        lastWarn = now;
        suppressed = 0;
    };
    // Connection errors are reported by ioredis as events; without a listener they would crash the process.
    client.on('error', (err) => failed(err, 'connection'));

    return {
        client,
        instrument() {
            const target = client as unknown as Record<string, unknown>;
            for (const name of ['rateLimit', 'rateLimitRead']) {
                const original = target[name];
                if (typeof original !== 'function') continue;
                target[name] = (...args: unknown[]) => {
                    const cb = args[args.length - 1];
                    if (typeof cb === 'function') {
                        args[args.length - 1] = (err: unknown, res: unknown) => {
                            if (err) failed(err, 'command');
                            (cb as (e: unknown, r: unknown) => void)(err, res);
                        };
                    }
                    return (original as (...a: unknown[]) => unknown).apply(client, args);
                };
            }
        },
        async ready(timeoutMs = 1_000) {
            if (client.status === 'ready') return true;
            return new Promise<boolean>((resolve) => {
                const timer = setTimeout(() => {
                    client.off('ready', onReady);
                    resolve(false);
                }, timeoutMs);
                const onReady = () => {
                    clearTimeout(timer);
                    resolve(true);
                };
                client.once('ready', onReady);
            });
        },
        async close() {
            client.disconnect();
        },
    };
}
