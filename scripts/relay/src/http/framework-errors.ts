/**
 * The errors fastify and Node answer before the relay's routes and hooks run (a path parameter over the length limit,
 * a malformed URL, an unparsable or oversized request head, a request sent too slowly) in the relay's shape
 * `{error:{code,message}}` with its headers, instead of the framework's own bodies.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

/** Headers every relay response carries (app.ts adds them to routed responses through its hooks). */
export function relayHeaders(requestId: string): Record<string, string> {
    return { 'x-request-id': requestId, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
}

const FRAMEWORK: Record<string, { status: number; code: string; message: string }> = {
    FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', message: 'A path parameter is too long' },
    FST_ERR_BAD_URL: { status: 400, code: 'BAD_REQUEST', message: 'The URL is not valid' },
};

export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
    const known = FRAMEWORK[error.code] ?? { status: 400, code: 'BAD_REQUEST', message: 'Bad request' };
    void reply
        .code(known.status)
        .headers(relayHeaders(request.id))
        .type('application/json')
        .send({ error: { code: known.code, message: known.message } });
}

const CLIENT_ERRORS: Record<string, { status: number; reason: string; code: string; message: string }> = {
    HPE_HEADER_OVERFLOW: {
        status: 431,
        reason: 'Request Header Fields Too Large',
        code: 'HEADERS_TOO_LARGE',
        message: 'The request headers are too large',
    },
    ERR_HTTP_REQUEST_TIMEOUT: {
        status: 408,
        reason: 'Request Timeout',
        code: 'REQUEST_TIMEOUT',
        message: 'The request was not received in time',
    },
};

/** Node's 'clientError': a request that never reached fastify. Answered (when the socket can still be written) and closed. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const known = CLIENT_ERRORS[err.code ?? ''] ?? {
        status: 400,
        reason: 'Bad Request',
        code: 'BAD_REQUEST',
        message: 'The request could not be parsed',
    };
    const body = JSON.stringify({ error: { code: known.code, message: known.message } });
    const headers = {
        ...relayHeaders(randomUUID()),
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        connection: 'close',
    };
    if (socket.writable) {
        const head = Object.entries(headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\r\n');
        socket.write(`HTTP/1.1 ${known.status} ${known.reason}\r\n${head}\r\n\r\n${body}`);
    }
    socket.destroy(err);
}
