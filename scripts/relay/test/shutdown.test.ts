/**
 * Graceful shutdown of the real entry point: `node --import tsx scripts/relay/src/main.ts` in live mode against the
 * fakes, a slow request in flight, SIGTERM → the request completes and the process exits 0 promptly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeTencentChat, type FakeTencentChat } from '../../fakes/tencent-chat/index.js';
import { createFakeSalesforce, type FakeSalesforce } from '../../fakes/salesforce/index.js';
import { ADMIN, API_KEY, SDK_APP_ID, SECRET_KEY, SF_CLIENT_ID, SF_CLIENT_SECRET } from './helpers/harness.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let tencent: FakeTencentChat;
let salesforce: FakeSalesforce;
let tencentUrl: string;
let sfUrl: string;

beforeAll(async () => {
    tencent = createFakeTencentChat({ sdkAppId: SDK_APP_ID, secretKey: SECRET_KEY, adminIdentifier: ADMIN });
    salesforce = createFakeSalesforce({ clientId: SF_CLIENT_ID, clientSecret: SF_CLIENT_SECRET });
    tencentUrl = await tencent.listen(0, '127.0.0.1');
    sfUrl = await salesforce.listen(0, '127.0.0.1');
});
afterAll(async () => {
    await tencent.close();
    await salesforce.close();
});

function startRelay(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
    const child = spawn(process.execPath, ['--import', TSX, MAIN], {
        // A scratch working directory, so a developer's .env cannot leak into the test.
        cwd: mkdtempSync(join(tmpdir(), 'relay-shutdown-')),
        env: {
            PATH: process.env['PATH'] ?? '',
            RELAY_MODE: 'live',
            TENCENT_SDK_APP_ID: String(SDK_APP_ID),
            TENCENT_SECRET_KEY: SECRET_KEY,
            TENCENT_ADMIN_IDENTIFIER: ADMIN,
            TENCENT_API_BASE_URL: tencentUrl,
            SF_LOGIN_URL: sfUrl,
            SF_AUTH_FLOW: 'client_credentials',
            SF_CLIENT_ID,
            SF_CLIENT_SECRET,
            RELAY_API_KEY: API_KEY,
            HOST: '127.0.0.1',
            PORT: '0', // a free port, read back from the "Server listening at" log line
            LOG_LEVEL: 'info',
            RELAY_REQUEST_DEADLINE_MS: '20000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`relay did not start in time:\n${out}`)), 30_000);
        const onData = (chunk: Buffer) => {
            out += chunk.toString('utf8');
            const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
            if (m) {
                clearTimeout(timer);
                resolve({ child, url: m[1] as string, output: () => out });
            }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`relay exited with ${code} before listening:\n${out}`));
        });
    });
}

describe('graceful shutdown (SIGTERM)', () => {
    it('lets an in-flight request finish, then exits 0 promptly', async () => {
        const relay = await startRelay();
        const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
            relay.child.once('exit', (code) => resolve({ code, at: Date.now() })),
        );
        try {
            // /readyz calls Tencent's account_check; make that call take 1.5 s.
            tencent.faults.inject({ command: 'im_open_login_svc/account_check', delayMs: 1_500 });
            const inFlight = fetch(`${relay.url}/readyz`).then(async (res) => ({
                status: res.status,
                body: (await res.json()) as { ready: boolean },
                at: Date.now(),
            }));
            const deadline = Date.now() + 10_000;
            while (!tencent.calls.some((c) => c.command === 'im_open_login_svc/account_check') && Date.now() < deadline)
                await new Promise((r) => setTimeout(r, 20));
            expect(tencent.calls.some((c) => c.command === 'im_open_login_svc/account_check')).toBe(true);

            const signalledAt = Date.now();
            relay.child.kill('SIGTERM');
            const response = await inFlight;
            expect(response.status).toBe(200);
            expect(response.body.ready).toBe(true);
            expect(response.at - signalledAt).toBeGreaterThan(500); // it really was still in flight at SIGTERM

            const exit = await exited;
            expect(exit.code).toBe(0);
            expect(exit.at - response.at).toBeLessThan(3_000); // promptly: not the 10 s forced-exit timer
            expect(relay.output()).toContain('shutting down');
            // The drain lasts as long as the longest request may (its deadline + 2 s to answer), not a fixed 10 s.
            expect(relay.output()).toContain('"graceMs":22000');
        } finally {
            if (relay.child.exitCode === null) relay.child.kill('SIGKILL');
        }
    }, 45_000);
});

describe('live entry point', () => {
    it('refuses to start with an incomplete configuration, naming every missing setting (and never the sandbox)', async () => {
        const child = spawn(process.execPath, ['--import', TSX, MAIN], {
            cwd: mkdtempSync(join(tmpdir(), 'relay-config-')),
            env: { PATH: process.env['PATH'] ?? '', PORT: '0', HOST: '127.0.0.1' },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
        child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
        const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
        expect(code).toBe(78);
        for (const setting of [
            'RELAY_API_KEY',
            'TENCENT_SDK_APP_ID',
            'TENCENT_SECRET_KEY',
            'SF_LOGIN_URL',
            'SF_CLIENT_ID',
            'SF_USERNAME',
            'SF_PRIVATE_KEY',
        ])
            expect(out).toContain(setting);
        expect(out).not.toMatch(/SANDBOX|listening/i);
    }, 30_000);
});
