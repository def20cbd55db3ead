/** Starts the relay in sandbox mode: fakes mounted in the same app, clients pointed at them after listen. */
import type { FastifyInstance } from 'fastify';
import type { Writable } from 'node:stream';
import { buildApp, type ExtraPlugin } from '../relay/src/app.js';
import type { HttpConfig } from '../relay/src/config.js';
import { createSandbox, type Sandbox } from './sandbox.js';
import { hostCheckHook } from './host-check.js';

export interface StartSandboxOptions {
    http: HttpConfig;
    userSigTtlSeconds: number;
    /** More plugins for the same app (demo pages), built from the sandbox (fakes, credentials, agents). */
    plugins?: (sandbox: Sandbox) => ExtraPlugin[];
    logStream?: Writable;
}

export async function startSandboxRelay(
    opts: StartSandboxOptions,
): Promise<{ app: FastifyInstance; sandbox: Sandbox; url: string }> {
    const sandbox = createSandbox(opts.http, opts.userSigTtlSeconds);
    // The fake TCCC listens on its own loopback port (closed with the app).
    await sandbox.voice.start();
    let app: FastifyInstance;
    try {
        app = await buildApp({
            settings: sandbox.settings,
            plugins: [...sandbox.plugins, ...(opts.plugins?.(sandbox) ?? [])],
            ...(opts.logStream ? { logStream: opts.logStream } : {}),
        });
    } catch (err) {
        await sandbox.voice.tccc.close();
        throw err;
    }
    // Root hook: it runs before every route, the relay's and the fakes' alike.
    app.addHook('onRequest', hostCheckHook(opts.http.host));
    await app.listen({ port: opts.http.port, host: opts.http.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : opts.http.port;
    // The clients always reach the fakes over loopback, whatever interface the relay listens on.
    const url = `http://127.0.0.1:${port}`;
    sandbox.bindTo(url);
    return { app, sandbox, url };
}
