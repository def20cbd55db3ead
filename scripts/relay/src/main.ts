/**
 * Entry point: `npm start`. Loads config (env + optional .env), starts live or sandbox mode, and shuts down
 * gracefully on SIGINT/SIGTERM (stop accepting, finish in-flight requests, close).
 */
import type { FastifyInstance } from 'fastify';
import { ConfigError, loadConfig, loadDotEnvIfPresent } from './config.js';
import { buildApp } from './app.js';
import { startSandboxRelay } from './sandbox/start.js';
import { sandboxBanner } from './sandbox/sandbox.js';
import { RELAY_VERSION } from './version.js';
import { sandboxDemoBanner, sandboxDemoPlugins } from '../../sandbox/index.js';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
    loadDotEnvIfPresent();
    let config;
    try {
        config = loadConfig();
    } catch (err) {
        if (err instanceof ConfigError) {
            process.stderr.write(`${err.message}\nSee docs/relay.md and config/relay.env.example.\n`);
            process.exit(78); // EX_CONFIG
        }
        throw err;
    }

    let app: FastifyInstance;
    if (config.mode === 'sandbox') {
        // Demo pages (scripts/sandbox/) are mounted in the same app through the sandbox plugin hook.
        const started = await startSandboxRelay({
            http: config.http,
            userSigTtlSeconds: config.userSigTtlSeconds,
            plugins: sandboxDemoPlugins,
        });
        app = started.app;
        process.stdout.write(`${sandboxBanner(started.sandbox)}\n${sandboxDemoBanner(started.sandbox)}\n`);
    } else {
        app = await buildApp({
            settings: {
                mode: 'live',
                http: config.http,
                userSigTtlSeconds: config.userSigTtlSeconds,
                tencent: config.tencent!, // non-null in live mode (validated by loadConfig)
                salesforce: config.salesforce!,
                ...(config.messaging ? { messaging: config.messaging } : {}),
                ...(config.callbacks ? { callbacks: config.callbacks } : {}),
            },
        });
        await app.listen({ port: config.http.port, host: config.http.host });
    }
    app.log.info({ version: RELAY_VERSION, mode: config.mode }, 'relay started');

    let shuttingDown = false;
    const shutdown = (signal: string) => {
        if (shuttingDown) return;
        shuttingDown = true;
        app.log.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
        const timer = setTimeout(() => {
            app.log.error({ graceMs: SHUTDOWN_GRACE_MS }, 'in-flight requests did not finish in time; exiting');
            process.exit(1);
        }, SHUTDOWN_GRACE_MS);
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

main().catch((err: unknown) => {
    process.stderr.write(`relay failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
