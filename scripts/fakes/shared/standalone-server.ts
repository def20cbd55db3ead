import Fastify from 'fastify';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';

/** Runs a fake's plugin in its own fastify server on loopback. */
export class StandaloneServer {
  private app: FastifyInstance | undefined;

  constructor(private readonly plugin: FastifyPluginAsync) {}

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.app) throw new Error('already listening');
    const app = Fastify({ logger: false });
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
