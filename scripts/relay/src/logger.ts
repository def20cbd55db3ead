/** Logger options shared by the fastify instance: structured pino logs with secrets redacted. */
import type { Writable } from 'node:stream';

/** The small part of pino's logger interface the relay's modules use. */
export interface Log {
    info(obj: object, msg?: string): void;
    warn(obj: object, msg?: string): void;
    error(obj: object, msg?: string): void;
    debug(obj: object, msg?: string): void;
}

export const silentLog: Log = { info() {}, warn() {}, error() {}, debug() {} };

const SENSITIVE_QUERY = /([?&](?:usersig|sig|token|access_token|key|apikey|api_key)=)[^&#]*/gi;

/** Removes credential-bearing query parameters from a URL before it is logged. */
export function redactUrl(url: string): string {
    return url.replace(SENSITIVE_QUERY, '$1[REDACTED]');
}

export const REDACT_PATHS = [
    'req.headers.authorization',
    'req.headers.cookie',
    'req.headers["idempotency-key"]',
    'res.headers["set-cookie"]',
    'userSig',
    'usersig',
    '*.userSig',
    '*.usersig',
    'secretKey',
    '*.secretKey',
    'apiKey',
    '*.apiKey',
    'accessToken',
    '*.accessToken',
    'access_token',
    '*.access_token',
    'clientSecret',
    '*.clientSecret',
    'privateKeyPem',
    '*.privateKeyPem',
    'authorization',
    '*.authorization',
];

export function loggerOptions(level: string, stream?: Writable): Record<string, unknown> {
    return {
        level,
        ...(stream ? { stream } : {}),
        redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
        serializers: {
            req(req: { method: string; url: string; ip?: string }) {
                return { method: req.method, url: redactUrl(req.url), ip: req.ip };
            },
        },
    };
}
