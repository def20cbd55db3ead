/**
 * Bench helper process: runs either both fakes or the relay, on loopback, and reports its URLs over IPC.
 * Separate processes so that the load generator, the relay and the fakes do not share one event loop.
 */
import { Writable } from 'node:stream';
import { createFakeTencentChat } from '../../fakes/tencent-chat/index.js';
import { createFakeSalesforce } from '../../fakes/salesforce/index.js';
import { buildApp } from '../src/app.js';
import { BENCH } from './bench-constants.js';

const role = process.argv[2];

async function main(): Promise<void> {
    if (role === 'fakes') {
        const tencent = createFakeTencentChat({
            sdkAppId: BENCH.sdkAppId,
            secretKey: BENCH.secretKey,
            adminIdentifier: BENCH.admin,
        });
        const salesforce = createFakeSalesforce({ clientId: BENCH.sfClientId, clientSecret: BENCH.sfClientSecret });
        const tencentUrl = await tencent.listen(0, '127.0.0.1');
        const salesforceUrl = await salesforce.listen(0, '127.0.0.1');
        process.send?.({ tencentUrl, salesforceUrl });
        return;
    }
    if (role === 'relay') {
        const [tencentUrl, salesforceUrl] = [process.argv[3] ?? '', process.argv[4] ?? ''];
        // Production log level (info) into a sink: the cost of structured logging is part of the overhead.
        const sink = new Writable({ write: (_c, _e, cb) => cb() });
        const app = await buildApp({
            logStream: sink,
            settings: {
                mode: 'live',
                http: {
                    port: 0,
                    host: '127.0.0.1',
                    apiKey: BENCH.apiKey,
                    corsOrigins: [],
                    logLevel: 'info',
                    ticketRateLimitPerMinute: 100_000,
                    bodyLimitBytes: 65_536,
                    trustProxy: false,
                },
                userSigTtlSeconds: 3600,
                tencent: {
                    sdkAppId: BENCH.sdkAppId,
                    secretKey: BENCH.secretKey,
                    adminIdentifier: BENCH.admin,
                    apiBaseUrl: tencentUrl,
                    groupType: 'Public',
                    groupOwner: '',
                },
                salesforce: {
                    loginUrl: salesforceUrl,
                    authFlow: 'client_credentials',
                    clientId: BENCH.sfClientId,
                    clientSecret: BENCH.sfClientSecret,
                    username: '',
                    privateKeyPem: '',
                    jwtAudience: '',
                    apiVersion: '66.0',
                },
            },
        });
        const relayUrl = await app.listen({ port: 0, host: '127.0.0.1' });
        process.send?.({ relayUrl });
        return;
    }
    throw new Error(`unknown role ${role}`);
}

main().catch((err: unknown) => {
    process.stderr.write(`bench server failed: ${String(err)}\n`);
    process.exit(1);
});
process.on('disconnect', () => process.exit(0));
