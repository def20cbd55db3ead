/**
 * The live relay's entry point (`npm run relay`, or `node scripts/relay/dist/main.js` after `npm run build:relay`).
 * Loads the configuration (env + optional .env) and refuses to start, naming every missing or invalid setting, when
 * it is incomplete. Shuts down gracefully on SIGINT/SIGTERM: no new connections, in-flight requests drain for up to
 * their deadline, then exit. It imports no fake, sandbox or demo code (test: relay-boundary.test.ts).
 */
import { ConfigError, DEFAULT_REQUEST_DEADLINE_MS, loadConfig, loadDotEnvIfPresent } from './config.js';
import { buildApp } from './app.js';
import { drainOnSignals } from './shutdown.js';
import { RELAY_VERSION } from './version.js';

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

    const app = await buildApp({
        settings: {
            mode: 'live',
            http: config.http,
            userSigTtlSeconds: config.userSigTtlSeconds,
            tencent: config.tencent,
            salesforce: config.salesforce,
            ...(config.messaging ? { messaging: config.messaging } : {}),
            ...(config.callbacks ? { callbacks: config.callbacks } : {}),
            ...(config.voice ? { voice: config.voice } : {}),
        },
    });
    await app.listen({ port: config.http.port, host: config.http.host });
    app.log.info({ version: RELAY_VERSION, mode: 'live' }, 'relay started');
    drainOnSignals(app, config.http.requestDeadlineMs ?? DEFAULT_REQUEST_DEADLINE_MS);
}

main().catch((err: unknown) => {
    process.stderr.write(`relay failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
