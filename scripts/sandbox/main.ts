/**
 * The sandbox's entry point (`npm start`): the relay with in-process fakes of Tencent Chat and Salesforce and the
 * demo pages, on loopback, with keys generated at this start. Refuses to start next to real credentials or with
 * NODE_ENV=production (sandbox-config.ts). The live relay is a different entry point: scripts/relay/src/main.ts.
 */
import { ConfigError } from '../relay/src/config.js';
import { drainOnSignals } from '../relay/src/shutdown.js';
import { RELAY_VERSION } from '../relay/src/version.js';
import { loadSandboxHttpConfig } from './sandbox-config.js';
import { sandboxBanner } from './sandbox.js';
import { startSandboxRelay } from './start.js';
import { sandboxDemoBanner, sandboxDemoPlugins } from './index.js';

async function main(): Promise<void> {
    let http;
    try {
        http = loadSandboxHttpConfig();
    } catch (err) {
        if (err instanceof ConfigError) {
            process.stderr.write(`The sandbox did not start.\n${err.message}\n`);
            process.exit(78); // EX_CONFIG
        }
        throw err;
    }
    const started = await startSandboxRelay({ http, userSigTtlSeconds: 86_400, plugins: sandboxDemoPlugins });
    process.stdout.write(`${sandboxBanner(started.sandbox)}\n${sandboxDemoBanner(started.sandbox)}\n`);
    started.app.log.info({ version: RELAY_VERSION, mode: 'sandbox' }, 'sandbox started');
    drainOnSignals(started.app, 10_000);
}

main().catch((err: unknown) => {
    process.stderr.write(`sandbox failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
});
