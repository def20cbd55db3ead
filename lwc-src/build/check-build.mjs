// `npm run check:build`: rebuilds into a temp dir and fails when a committed static resource (tim_bar, tim_voice)
// differs.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildVoice, buildWidget, RESOURCE_DIR, VOICE_RESOURCE_DIR } from './build.mjs';
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

/** Differences between a fresh build in `tmp` and the committed resource directory. */
async function compare(tmp, committedDir) {
    const built = (await readdir(tmp)).sort();
    let committed = [];
    try {
        committed = (await readdir(committedDir)).sort();
    } catch {
        // missing: every file differs
    }
    const problems = [];
    for (const name of new Set([...built, ...committed])) {
        if (!built.includes(name)) problems.push(`${name}: committed but not produced by the build`);
        else if (!committed.includes(name)) problems.push(`${name}: missing from the committed resource`);
        else if (!(await readFile(path.join(tmp, name))).equals(await readFile(path.join(committedDir, name))))
            problems.push(`${name}: differs`);
    }
    return { built, problems };
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'tim-bar-check-'));
try {
    const widgetDir = path.join(tmp, 'tim_bar');
    const voiceDir = path.join(tmp, 'tim_voice');
    await buildWidget(widgetDir);
    await buildVoice(voiceDir);
    const widget = await compare(widgetDir, RESOURCE_DIR);
    const voice = await compare(voiceDir, VOICE_RESOURCE_DIR);
    const problems = [...widget.problems.map((p) => `tim_bar/${p}`), ...voice.problems.map((p) => `tim_voice/${p}`)];
    // The production bundles carry the Tencent client only: no test doubles, demo fixtures or fake-service clients.
    const shipped = {
        'tim_bar/widget.js': await readFile(path.join(widgetDir, 'widget.js'), 'utf8'),
        'tim_voice/console-phone.js': await readFile(path.join(voiceDir, 'console-phone.js'), 'utf8'),
    };
    for (const [name, text] of Object.entries(shipped))
        for (const marker of TEST_ONLY_MARKERS)
            if (text.includes(marker)) problems.push(`${name} contains test-only code (${JSON.stringify(marker)})`);
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
        console.error('static resources are out of date (run npm run build):\n  ' + problems.join('\n  '));
        process.exitCode = 1;
    } else {
        console.log(
            `static resources are up to date (tim_bar: ${widget.built.length} files, tim_voice: ${voice.built.length} file(s), the phone page script: identical to a fresh build)`,
        );
    }
} finally {
    await rm(tmp, { recursive: true, force: true });
}
