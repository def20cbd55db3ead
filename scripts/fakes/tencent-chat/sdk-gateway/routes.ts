import type { FastifyInstance, FastifyReply } from 'fastify';
import { isFileKey, MAX_FILE_BYTES } from './file-store.js';
import type { SdkFileStore } from './file-store.js';
import type { SdkGateway } from './sdk-gateway.js';

type Query = Record<string, string | undefined>;

const INLINE_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * Routes of the SDK gateway, relative to the fake's prefix: `GET /binfo` and `GET /info` (WebSocket, the SDK's
 * `proxyServer`), `PUT /sdk-files/upload/:key` (`fileUploadProxy` = `<base>/sdk-files`) and
 * `GET /sdk-files/files/:key` (`fileDownloadProxy` = `<base>/sdk-files`).
 */
export function registerSdkGatewayRoutes(app: FastifyInstance, gateway: SdkGateway, files: SdkFileStore): void {
    for (const path of ['/binfo', '/info'] as const) {
        app.get<{ Querystring: Query }>(path, { websocket: true }, (socket, request) => {
            const instanceId = request.query['instanceid'] ?? '';
            if (!/^[0-9A-Za-z]{1,64}$/.test(instanceId)) {
                socket.close(1008, 'instanceid is required');
                return;
            }
            gateway.attach(socket, { binary: path === '/binfo', instanceId });
        });
    }

    app.register(async (scope) => {
        scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_FILE_BYTES }, (_req, body, done) =>
            done(null, body),
        );
        scope.options('/sdk-files/upload/:key', async (_request, reply) =>
            reply
                .header('access-control-allow-origin', '*')
                .header('access-control-allow-methods', 'PUT, POST')
                .header('access-control-allow-headers', '*')
                .code(204)
                .send(),
        );
        const upload = async (
            request: { params: { key: string }; body: unknown; headers: Record<string, unknown> },
            reply: FastifyReply,
        ) => {
            reply.header('access-control-allow-origin', '*');
            const { key } = request.params;
            const body = request.body;
            if (!isFileKey(key) || !Buffer.isBuffer(body)) return reply.code(400).send({ error: 'bad upload' });
            const type = request.headers['content-type'];
            if (!files.put(key, body, typeof type === 'string' ? type : undefined))
                return reply.code(403).send({ error: 'unknown or used upload key' });
            return reply.code(200).send({});
        };
        scope.put<{ Params: { key: string } }>('/sdk-files/upload/:key', upload);
        scope.post<{ Params: { key: string } }>('/sdk-files/upload/:key', upload);
        scope.get<{ Params: { key: string } }>('/sdk-files/files/:key', async (request, reply) => {
            const file = isFileKey(request.params.key) ? files.get(request.params.key) : undefined;
            if (!file) return reply.code(404).send({ error: 'not found' });
            // Only raster images are shown inline; everything else downloads as an opaque attachment.
            const inline = INLINE_IMAGE_TYPES.has(file.contentType);
            return reply
                .header('access-control-allow-origin', '*')
                .header('x-content-type-options', 'nosniff')
                .header('content-disposition', inline ? 'inline' : 'attachment')
                .type(inline ? file.contentType : 'application/octet-stream')
                .send(file.bytes);
        });
    });
}
