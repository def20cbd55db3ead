import Fastify from 'fastify';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

/** What both fakes offer, whatever they fake: their plugin, a standalone server, fault injection and a call log. */
export interface FakeServer<Fault, Call> {
    /** the fake's routes, relative to the prefix it is registered under */
    plugin: FastifyPluginAsync;
    /** standalone server on loopback; resolves the base URL, e.g. http://127.0.0.1:41234 */
    listen(port?: number, host?: string): Promise<string>;
    close(): Promise<void>;
    faults: { inject(f: Fault): void; clear(): void };
    /** every call, oldest first */
    calls: ReadonlyArray<Call>;
}

/** Runs a fake's plugin in its own fastify server on loopback. */
export class StandaloneServer {
    private app: FastifyInstance | undefined;

    constructor(private readonly plugin: FastifyPluginAsync) {}

    async listen(port = 0, host = '127.0.0.1'): Promise<string> {
        if (this.app) throw new Error('already listening');
        // Closing drops every connection, in-flight ones included: a test's harness must not wait for a client's keep-alive.
        const app = Fastify({ logger: false, forceCloseConnections: true });
        await app.register(this.plugin);
        this.app = app;
        try {
            await app.listen({ port, host });
        } catch (error) {
            this.app = undefined;
            await app.close();
            throw error;
        }
        const address = app.server.address();
        if (address === null || typeof address === 'string') throw new Error('unexpected server address');
        const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
        return `http://${shownHost}:${address.port}`;
    }

    async close(): Promise<void> {
        const app = this.app;
        this.app = undefined;
        if (app) await app.close();
    }
}
