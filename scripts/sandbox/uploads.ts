/**
 * `POST /sandbox/uploads` / `GET /sandbox/uploads/:id`: where the sandbox chat clients put files and images
 * (the real Tencent SDK uploads to Tencent's COS; the sandbox keeps the bytes in memory).
 *
 * Safety: at most MAX_UPLOAD_BYTES per file and MAX_UPLOADS kept (oldest evicted). The served content type is
 * decided from the bytes, never from the uploader: PNG/JPEG/GIF/WebP are served inline as images, everything else
 * as `application/octet-stream` with `Content-Disposition: attachment`; every answer has `nosniff` and a
 * `default-src 'none'; sandbox` CSP, so an uploaded HTML/SVG file can never run script on the sandbox origin.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';

export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
export const MAX_UPLOADS = 200;

interface Upload {
    bytes: Buffer;
    name: string;
    type: string;
}

/** Image types recognised from magic bytes (SVG is deliberately not one of them). */
export function sniffImageType(b: Buffer): string | null {
    if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
        return 'image/png';
    if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
    if (
        b.length >= 6 &&
        (b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a')
    )
        return 'image/gif';
    if (
        b.length >= 12 &&
        b.subarray(0, 4).toString('latin1') === 'RIFF' &&
        b.subarray(8, 12).toString('latin1') === 'WEBP'
    )
        return 'image/webp';
    return null;
}

/** A display/download name: printable, no path, no quotes, ≤ 120 chars. */
export function safeFileName(raw: unknown): string {
    const base = (typeof raw === 'string' ? raw : '').split(/[\\/]/).pop() ?? '';

    const cleaned = base
        // eslint-disable-next-line no-control-regex -- control characters are what this strips
        .replace(/[\u0000-\u001f\u007f"<>`]/g, '')
        .trim()
        .slice(0, 120);
    return cleaned === '' ? 'file' : cleaned;
}

export function uploadRoutes(publicOrigin: (hostHeader: string | undefined) => string): FastifyPluginAsync {
    return async (app) => {
        const store = new Map<string, Upload>();

        app.addContentTypeParser(
            'application/octet-stream',
            { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
            (_req, body, done) => done(null, body),
        );

        app.post<{ Querystring: { name?: string } }>(
            '/sandbox/uploads',
            {
                bodyLimit: MAX_UPLOAD_BYTES,
                schema: {
                    hide: true,
                    querystring: { type: 'object', properties: { name: { type: 'string', maxLength: 500 } } },
                },
            },
            async (request, reply) => {
                const body = request.body;
                if (!Buffer.isBuffer(body) || body.length === 0) {
                    return reply.code(400).send({
                        error: {
                            code: 'EMPTY_UPLOAD',
                            message: 'Send the file bytes with Content-Type: application/octet-stream',
                        },
                    });
                }
                const id = randomBytes(12).toString('hex');
                const name = safeFileName(request.query.name);
                const type = sniffImageType(body) ?? 'application/octet-stream';
                store.set(id, { bytes: body, name, type });
                while (store.size > MAX_UPLOADS) store.delete(store.keys().next().value as string);
                return reply.code(201).send({
                    url: `${publicOrigin(request.headers.host)}/sandbox/uploads/${id}`,
                    name,
                    size: body.length,
                    contentType: type,
                });
            },
        );

        app.get<{ Params: { id: string } }>(
            '/sandbox/uploads/:id',
            {
                schema: {
                    hide: true,
                    params: {
                        type: 'object',
                        required: ['id'],
                        properties: { id: { type: 'string', pattern: '^[0-9a-f]{24}$' } },
                    },
                },
            },
            async (request, reply) => {
                const upload = store.get(request.params.id);
                if (!upload) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such upload' } });
                reply.header('content-type', upload.type);
                reply.header('content-security-policy', "default-src 'none'; sandbox");
                reply.header('cross-origin-resource-policy', 'cross-origin');
                if (upload.type === 'application/octet-stream') {
                    reply.header(
                        'content-disposition',
                        `attachment; filename="${upload.name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(upload.name)}`,
                    );
                }
                return reply.send(upload.bytes);
            },
        );
    };
}
