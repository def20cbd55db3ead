// Serves the widget's scripted TEST bundle (built from the same shell as tim_bar, with the scripted client instead of
// the Tencent SDK client; outside force-app, never shipped) under /widget/ with a strict CSP
// (no inline script/style, no eval), and the test host page at /. The host is opened on 127.0.0.1 and the widget on
// localhost so they are cross-origin, like lightning:container and the Lightning page.
import { createServer } from 'node:http';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
import { buildScriptedTestWidget } from '../../../lwc-src/build/build.mjs';

/** The production static resource (its tencent-sdk.js is served as is). */
export const RESOURCE_DIR = path.resolve(here, '../../../force-app/main/default/staticresources/tim_bar');

let testBundle;
/** Builds the scripted test bundle once per process into a temp dir. */
async function scriptedBundleDir() {
    testBundle ??= (async () => {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'tim-bar-scripted-'));
        await buildScriptedTestWidget(dir);
        return dir;
    })();
    return testBundle;
}
export const WIDGET_CSP =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors http://127.0.0.1:*";
const TYPES = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
};
const HOST_FILES = new Set(['host.html', 'host.js', 'host.css']);

export async function startServer() {
    const testDir = await scriptedBundleDir();
    const server = createServer(async (req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        try {
            if (url.pathname.startsWith('/widget/')) {
                const name = path.basename(url.pathname);
                const body = await readFile(path.join(name === 'tencent-sdk.js' ? RESOURCE_DIR : testDir, name));
                res.writeHead(200, {
                    'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream',
                    'content-security-policy': WIDGET_CSP,
                    'cache-control': 'no-store',
                });
                res.end(body);
                return;
            }
            const name = url.pathname === '/' ? 'host.html' : url.pathname.slice(1);
            if (HOST_FILES.has(name)) {
                res.writeHead(200, { 'content-type': TYPES[path.extname(name)], 'cache-control': 'no-store' });
                res.end(await readFile(path.join(here, name)));
                return;
            }
            res.writeHead(404).end();
        } catch {
            res.writeHead(404).end();
        }
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = server.address().port;
    return {
        port,
        hostUrl: (query = '') =>
            `http://127.0.0.1:${port}/host.html?widgetOrigin=${encodeURIComponent(`http://localhost:${port}`)}${query}`,
        close: () => new Promise((resolve) => server.close(resolve)),
    };
}
