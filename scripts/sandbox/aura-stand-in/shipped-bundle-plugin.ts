/**
 * Rollup plugin: `import load from 'aura:tim_utilities_bar'` yields the SHIPPED controller and helper of the Aura
 * utility-bar host, read from force-app at bundle time and embedded unchanged as the object literals they are (no
 * eval at run time, so the pages keep `script-src 'self'`). Used by the sandbox console page bundle.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'rollup';

const here = path.dirname(fileURLToPath(import.meta.url));
export const AURA_BUNDLE_DIR = path.resolve(here, '../../../force-app/main/default/aura/tim_utilities_bar');
const ID = 'aura:tim_utilities_bar';

/** The module text: a factory taking `$A` and returning `{ controller, helper }` (each file as one expression). */
export async function shippedBundleModule(dir = AURA_BUNDLE_DIR): Promise<string> {
    const controller = await readFile(path.join(dir, 'tim_utilities_barController.js'), 'utf8');
    const helper = await readFile(path.join(dir, 'tim_utilities_barHelper.js'), 'utf8');
    return [
        '// Generated from force-app/main/default/aura/tim_utilities_bar (unchanged file contents).',
        'export default function load($A) {',
        `    const controller = (\n${controller.trim()}\n);`,
        `    const helper = (\n${helper.trim()}\n);`,
        '    return { controller, helper };',
        '}',
        '',
    ].join('\n');
}

export function shippedAuraBundle(): Plugin {
    return {
        name: 'shipped-aura-bundle',
        resolveId(source) {
            return source === ID ? `\0${ID}` : null;
        },
        async load(id) {
            if (id !== `\0${ID}`) return null;
            this.addWatchFile(path.join(AURA_BUNDLE_DIR, 'tim_utilities_barController.js'));
            this.addWatchFile(path.join(AURA_BUNDLE_DIR, 'tim_utilities_barHelper.js'));
            return shippedBundleModule();
        },
    };
}
