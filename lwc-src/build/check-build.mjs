// `npm run check:build`: rebuilds into a temp dir and fails when the committed static resource differs.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildWidget, RESOURCE_DIR } from './build.mjs';
import { buildPhonePage, PHONE_PAGE_OUT } from './phone-page.mjs';

/** Strings that only the scripted/sandbox clients, their wire protocol and the demo fixtures contain. */
export const TEST_ONLY_MARKERS = [
    'timScripted',
    'scripted',
    'listGroups',
    'loginFailed',
    'Ada Lovelace',
    'Grace Hopper',
];

const tmp = await mkdtemp(path.join(os.tmpdir(), 'tim-bar-check-'));
try {
    await buildWidget(tmp);
    const built = (await readdir(tmp)).sort();
    let committed = [];
    try {
        committed = (await readdir(RESOURCE_DIR)).sort();
    } catch {
        // missing: every file differs
    }
    const problems = [];
    // The production bundle carries the Tencent client only: no test doubles, demo fixtures or fake-service clients.
    const widgetJs = await readFile(path.join(tmp, 'widget.js'), 'utf8');
    for (const marker of TEST_ONLY_MARKERS)
        if (widgetJs.includes(marker)) problems.push(`widget.js contains test-only code (${JSON.stringify(marker)})`);
    for (const name of new Set([...built, ...committed])) {
        if (!built.includes(name)) problems.push(`${name}: committed but not produced by the build`);
        else if (!committed.includes(name)) problems.push(`${name}: missing from the committed resource`);
        else if (!(await readFile(path.join(tmp, name))).equals(await readFile(path.join(RESOURCE_DIR, name))))
            problems.push(`${name}: differs`);
    }
    // The phone page's script (served by the relay) is committed too.
    let phoneCommitted = null;
    try {
        phoneCommitted = await readFile(PHONE_PAGE_OUT, 'utf8');
    } catch {
        // missing: reported below
    }
    if (phoneCommitted !== (await buildPhonePage()))
        problems.push(
            'scripts/relay/public/voice-phone.js: differs from a fresh build of lwc-src/src/voice/phone-page',
        );
    if (problems.length) {
        console.error('tim_bar static resource is out of date (run npm run build):\n  ' + problems.join('\n  '));
        process.exitCode = 1;
    } else {
        console.log(`tim_bar static resource is up to date (${built.length} files identical to a fresh build)`);
    }
} finally {
    await rm(tmp, { recursive: true, force: true });
}
