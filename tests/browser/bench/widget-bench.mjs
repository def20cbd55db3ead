// `npm run bench:widget`: the BUILT widget in Chromium (340×480) with 500 conversations and a 5,000-message
// thread (scripted client, fixture "bench"). Times first render of the list, first render of the big thread and
// appending a received message; prints the bundle sizes against the budgets. Exit 1 when a budget is missed.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { RESOURCE_DIR, startServer } from '../support/server.mjs';
import { launchBrowser, openWidgetPage } from '../support/browser.mjs';
import { BUDGETS, kb, sizeOf } from '../../../lwc-src/build/bundle-sizes.mjs';
import { measureOwnCode } from '../../../lwc-src/build/build.mjs';
import { createConfigs } from '../../../lwc-src/rollup.config.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const APPENDS = Number(process.env.BENCH_APPENDS || 30);
const BUDGET_MS = { listFirstRender: 150, threadFirstRender: 150, appendMessage: 16 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

/** Runs inside the widget frame: helpers to reach into the shadow trees. */
function installProbes() {
    const app = () => document.querySelector('tim-app')?.shadowRoot;
    const list = () => app()?.querySelector('tim-conversation-list')?.shadowRoot;
    const view = () => app()?.querySelector('tim-conversation-view')?.shadowRoot;
    const messages = () => view()?.querySelector('tim-message-list')?.shadowRoot;
    const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    window.__bench = {
        sessionAt: 0,
        async waitFor(fn) {
            while (!fn()) await new Promise((r) => requestAnimationFrame(r));
        },
        /** Session arrival → list items in the DOM (then the next frame: layout + paint included). */
        async listRender() {
            await this.waitFor(
                () => this.sessionAt > 0 && (list()?.querySelectorAll('tim-conversation-item').length ?? 0) > 0,
            );
            const dom = performance.now();
            await nextFrame();
            return {
                dom: dom - this.sessionAt,
                frame: performance.now() - this.sessionAt,
                items: list().querySelectorAll('tim-conversation-item').length,
            };
        },
        /** Click on the conversation with the 5,000-message thread → its messages in the DOM. */
        async threadRender() {
            const start = performance.now();
            list().querySelector('tim-conversation-item').shadowRoot.querySelector('button').click();
            await this.waitFor(() => (messages()?.querySelectorAll('tim-message-item').length ?? 0) > 0);
            const dom = performance.now();
            await nextFrame();
            return {
                dom: dom - start,
                frame: performance.now() - start,
                rendered: messages().querySelectorAll('tim-message-item').length,
                total: 5000,
            };
        },
        /** A received message → its row in the DOM (MutationObserver fires right after the DOM change). */
        async append(i) {
            const ol = messages().querySelector('ol.items');
            const groupId = window.timScripted ? app() && window.__groupId : '';
            return new Promise((resolve) => {
                let start = 0;
                const mo = new MutationObserver(() => {
                    const dom = performance.now() - start;
                    mo.disconnect();
                    nextFrame().then(() => resolve({ dom, frame: performance.now() - start }));
                });
                mo.observe(ol, { childList: true });
                start = performance.now();
                window.timScripted.receive({
                    groupId,
                    text: `Benchmark live message ${i} https://example.com/${i}`,
                    from: 'cust_1',
                    nick: 'Customer 1',
                });
            });
        },
    };
    window.addEventListener(
        'message',
        (e) => {
            if (e.data && e.data.payload && e.data.payload.type === 'session')
                window.__bench.sessionAt = performance.now();
        },
        true,
    );
}

async function measureOnce(browser, server) {
    const { page, context, widgetFrame } = await openWidgetPage(browser, server.hostUrl('&fixture=bench&session=off'));
    try {
        let widget;
        while (!(widget = widgetFrame())) await page.waitForTimeout(10);
        await widget.waitForLoadState('load');
        await widget.evaluate(installProbes);
        const groupId = await page.evaluate(() => window.fixtureCaseId(1));
        await widget.evaluate((g) => (window.__groupId = g), groupId);
        await page.waitForFunction(() => window.hostLog.some((m) => m.type === 'needSession'));
        await page.evaluate(() =>
            window.hostSend('session', {
                sdkAppId: 1400000000,
                userId: window.agentId,
                userSig: 'bench',
                expiresAt: Date.now() + 3600000,
                endpoint: { kind: 'scripted', fixture: 'bench' },
            }),
        );
        const list = await widget.evaluate(() => window.__bench.listRender());
        const thread = await widget.evaluate(() => window.__bench.threadRender());
        const appends = [];
        for (let i = 0; i < APPENDS; i++) appends.push(await widget.evaluate((k) => window.__bench.append(k), i));
        return { list, thread, appends };
    } finally {
        await context.close();
    }
}

async function bundleSizes() {
    const files = {};
    for (const name of await readdir(RESOURCE_DIR)) files[name] = sizeOf(await readFile(path.join(RESOURCE_DIR, name)));
    const own = await measureOwnCode(createConfigs({ outDir: '/tmp/unused' })[0]);
    const total = Object.values(files).reduce((s, f) => ({ raw: s.raw + f.raw, gzip: s.gzip + f.gzip }), {
        raw: 0,
        gzip: 0,
    });
    return { own, widget: files['widget.js'], sdk: files['tencent-sdk.js'], total };
}

const server = await startServer();
const browser = await launchBrowser();
let failed = false;
try {
    await measureOnce(browser, server); // warm-up (browser caches, JIT)
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measureOnce(browser, server));
    const listDom = runs.map((r) => r.list.dom);
    const threadDom = runs.map((r) => r.thread.dom);
    const appendDom = runs.flatMap((r) => r.appends.map((a) => a.dom));
    const row = (name, xs, budget, extra = '') => {
        const ok = median(xs) <= budget;
        if (!ok) failed = true;
        return `${name.padEnd(38)} ${median(xs).toFixed(1).padStart(8)} ${p95(xs).toFixed(1).padStart(8)} ${String(budget).padStart(8)}  ${ok ? 'OK' : 'OVER'} ${extra}`;
    };
    console.log(
        `widget benchmark: Chromium ${browser.version()}, 340×480, ${RUNS} runs (+1 warm-up), ${APPENDS} appends per run`,
    );
    console.log(
        `${'measure (ms, to DOM updated)'.padEnd(38)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'budget'.padStart(8)}`,
    );
    console.log(
        row(
            'first render: list of 500 conversations',
            listDom,
            BUDGET_MS.listFirstRender,
            `(${runs[0].list.items} rows in the window)`,
        ),
    );
    console.log(
        row(
            'first render: 5,000-message thread',
            threadDom,
            BUDGET_MS.threadFirstRender,
            `(${runs[0].thread.rendered} rows in the window)`,
        ),
    );
    console.log(row('append a received message', appendDom, BUDGET_MS.appendMessage));
    console.log(
        `  incl. next frame: list ${median(runs.map((r) => r.list.frame)).toFixed(1)} ms, thread ${median(runs.map((r) => r.thread.frame)).toFixed(1)} ms, append ${median(runs.flatMap((r) => r.appends.map((a) => a.frame))).toFixed(1)} ms`,
    );
    const s = await bundleSizes();
    const ownOk = s.own.gzip <= BUDGETS.widgetOwnGzip;
    const totalOk = s.total.gzip <= BUDGETS.totalGzip;
    failed ||= !ownOk || !totalOk;
    console.log(`${'bundle'.padEnd(38)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'budget'.padStart(10)}`);
    console.log(
        `${'widget own code (no LWC engine)'.padEnd(38)} ${kb(s.own.raw).padStart(10)} ${kb(s.own.gzip).padStart(10)} ${kb(BUDGETS.widgetOwnGzip).padStart(10)}  ${ownOk ? 'OK' : 'OVER'}`,
    );
    console.log(
        `${'widget.js (own code + LWC engine)'.padEnd(38)} ${kb(s.widget.raw).padStart(10)} ${kb(s.widget.gzip).padStart(10)}`,
    );
    console.log(
        `${'tencent-sdk.js (SDK + uikit engine)'.padEnd(38)} ${kb(s.sdk.raw).padStart(10)} ${kb(s.sdk.gzip).padStart(10)}`,
    );
    console.log(
        `${'whole static resource'.padEnd(38)} ${kb(s.total.raw).padStart(10)} ${kb(s.total.gzip).padStart(10)} ${kb(BUDGETS.totalGzip).padStart(10)}  ${totalOk ? 'OK' : 'OVER'}`,
    );
} finally {
    await browser.close();
    await server.close();
}
if (failed) process.exitCode = 1;
