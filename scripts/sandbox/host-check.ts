/**
 * DNS-rebinding guard for the sandbox: a page on evil.example whose name was re-pointed at 127.0.0.1 sends
 * `Host: evil.example`, so only requests naming a loopback host (or the HOST the sandbox was told to listen on)
 * are served.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** `host[:port]` → the host name (IPv6 keeps its brackets), lower-cased; null when the header is malformed. */
export function hostNameOf(header: string | undefined): string | null {
    if (!header) return null;
    const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i.exec(header.trim());
    return m ? (m[1] as string).toLowerCase() : null;
}

export function allowedHostNames(listenHost: string): Set<string> {
    const names = new Set(LOOPBACK_NAMES);
    const host = listenHost.trim().toLowerCase();
    if (host !== '' && host !== '0.0.0.0' && host !== '::') names.add(host.includes(':') ? `[${host}]` : host);
    return names;
}

export function hostCheckHook(listenHost: string) {
    const allowed = allowedHostNames(listenHost);
    return async function checkHost(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | void> {
        const name = hostNameOf(request.headers.host);
        if (name !== null && allowed.has(name)) return;
        return reply
            .code(421)
            .header('content-type', 'application/json')
            .send({
                error: {
                    code: 'HOST_NOT_ALLOWED',
                    message: `The sandbox answers only to ${[...allowed].join(', ')} (Host header check)`,
                },
            });
    };
}
