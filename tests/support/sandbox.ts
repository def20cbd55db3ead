/**
 * What the end-to-end and real-browser tests share: the sandbox (relay + fakes + demo pages) in-process on a free loopback port,
 * condition-based waiting, the screenshot folder, and browser pages whose page errors and console errors are recorded
 * as problems for the tests to assert on.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startSandboxRelay } from '../../scripts/sandbox/start.js';
import { loadSandboxHttpConfig } from '../../scripts/sandbox/sandbox-config.js';
import type { Sandbox } from '../../scripts/sandbox/sandbox.js';
import { sandboxDemoPlugins } from '../../scripts/sandbox/index.js';

/** How long an end-to-end step may take before the test fails. */
export const WAIT_MS = 20_000;

export interface StartedSandbox {
    sandbox: Sandbox;
    baseUrl: string;
    close: () => Promise<void>;
}

export interface SandboxOptions {
    /** Sandbox settings over the defaults (port 0, log level warn), e.g. a ticket rate limit. */
    env?: Record<string, string>;
    /** With the demo pages (console, customer page, messaging, phone); default true. */
    demo?: boolean;
}

/** The sandbox on a free loopback port, logging nowhere. */
export async function startSandbox({ env = {}, demo = true }: SandboxOptions = {}): Promise<StartedSandbox> {
    const started = await startSandboxRelay({
        http: loadSandboxHttpConfig({ PORT: '0', LOG_LEVEL: 'warn', ...env }),
        userSigTtlSeconds: 3600,
        ...(demo ? { plugins: sandboxDemoPlugins } : {}),
        logStream: new PassThrough(),
    });
    return { sandbox: started.sandbox, baseUrl: started.url, close: () => started.app.close() };
}

/** Polls until `check` returns a truthy value (condition-based, no fixed sleeps); fails with `what`. */
export async function waitFor<T>(
    what: string,
    check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
    timeoutMs = WAIT_MS,
    intervalMs = 100,
): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let lastError: unknown = null;
    for (;;) {
        try {
            const v = await check();
            if (v) return v;
        } catch (e) {
            lastError = e;
        }
        if (Date.now() > deadline)
            throw new Error(`Timed out waiting for: ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
        await new Promise((r) => setTimeout(r, intervalMs));
    }
}

/**
 * Where screenshots go, created: test-results/screenshots (git-ignored), or docs/images with UPDATE_SCREENSHOTS=1
 * when `forDocs` (to refresh the pictures committed with the docs).
 */
export async function screenshotDir(forDocs = true): Promise<string> {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const dir = path.resolve(
        here,
        forDocs && process.env.UPDATE_SCREENSHOTS === '1' ? '../../docs/images' : '../../test-results/screenshots',
    );
    await mkdir(dir, { recursive: true });
    return dir;
}

export interface WatchedPageOptions {
    viewport: { width: number; height: number };
    /** Whose page, prefixed to each problem it records. */
    who?: string;
    /** Where page errors and the recorded console errors go. */
    problems: string[];
    /** Every console error is a problem, not only CSP violations. */
    allConsoleErrors?: boolean;
}

/**
 * A page in its own context whose CSP violations (in any frame: pages and widget must run without inline script)
 * and page errors are recorded in `problems`, with every console error when `allConsoleErrors`.
 */
export async function watchedPage(
    browser: Browser,
    { viewport, who, problems, allConsoleErrors = false }: WatchedPageOptions,
): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
            console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
        );
    });
    const page = await context.newPage();
    const prefix = who ? `${who} ` : '';
    page.on('pageerror', (e) => problems.push(`${prefix}page error: ${String(e)}`));
    page.on('console', (m) => {
        if (m.type() === 'error' && (allConsoleErrors || /CSP violation/.test(m.text())))
            problems.push(who ? `${who}: ${m.text()}` : m.text());
    });
    return { context, page };
}
