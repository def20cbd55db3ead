/** API key check for server-to-server routes: `Authorization: Bearer <RELAY_API_KEY>`, constant-time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function apiKeyHook(apiKey: string) {
    // Constant time: equal-length SHA-256 digests, so the key's length does not leak either. Hashed once, not per request.
    const expected = digest(apiKey);
    return async function requireApiKey(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
        const header = request.headers.authorization;
        const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
        if (!match || !timingSafeEqual(digest(match[1] as string), expected)) {
            throw new AppError(401, 'UNAUTHORIZED', 'Missing or invalid API key (Authorization: Bearer <key>)', {
                headers: { 'www-authenticate': 'Bearer' },
            });
        }
    };
}
