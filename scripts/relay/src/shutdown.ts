/**
 * Graceful shutdown on SIGINT/SIGTERM: stop accepting connections and let in-flight requests finish. No request runs
 * past its deadline, so the drain waits at most the longest deadline (plus a margin to write the answers) before the
 * process exits anyway.
 */
import type { FastifyInstance } from 'fastify';

const ANSWER_MARGIN_MS = 2_000;

export function drainOnSignals(app: FastifyInstance, longestDeadlineMs: number): void {
    let shuttingDown = false;
    const shutdown = (signal: string) => {
        if (shuttingDown) return;
        shuttingDown = true;
        const graceMs = longestDeadlineMs + ANSWER_MARGIN_MS;
        app.log.info({ signal, graceMs }, 'shutting down: no new connections, finishing in-flight requests');
        const timer = setTimeout(() => {
            app.log.error({ graceMs }, 'in-flight requests did not finish in time; exiting');
            process.exit(1);
        }, graceMs);
        timer.unref();
        // server.close() closes the connections that are idle NOW; a keep-alive connection whose request is still in
        // flight becomes idle only after its response, and would then hold the close open until keepAliveTimeout.
        // So keep closing idle connections until the server has closed.
        const idleCloser = setInterval(() => app.server.closeIdleConnections(), 50);
        idleCloser.unref();
        app.close().then(
            () => process.exit(0),
            () => process.exit(1),
        );
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
}
