/**
 * Rollup plugin: `import load from 'aura:<bundle>'` (tim_utilities_bar, tim_phone_bar) yields the SHIPPED controller
 * and helper of that Aura component, read from force-app at bundle time and embedded unchanged as the object
 * literals they are (no eval at run time, so the pages keep `script-src 'self'`). Used by the sandbox console page
 * bundle.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'rollup';

const here = path.dirname(fileURLToPath(import.meta.url));
export const AURA_DIR = path.resolve(here, '../../../force-app/main/default/aura');
export const AURA_BUNDLE_DIR = path.join(AURA_DIR, 'tim_utilities_bar');
/** The Aura components the sandbox runs. */
export const SHIPPED_BUNDLES = ['tim_utilities_bar', 'tim_phone_bar'] as const;
const PREFIX = 'aura:';

const files = (dir: string): [string, string] => {
    const name = path.basename(dir);
    return [path.join(dir, `${name}Controller.js`), path.join(dir, `${name}Helper.js`)];
};

/** The module text: a factory taking `$A` and returning `{ controller, helper }` (each file as one expression). */
export async function shippedBundleModule(dir = AURA_BUNDLE_DIR): Promise<string> {
    const [controllerFile, helperFile] = files(dir);
    const controller = await readFile(controllerFile, 'utf8');
    const helper = await readFile(helperFile, 'utf8');
    return [
        `// Generated from force-app/main/default/aura/${path.basename(dir)} (unchanged file contents).`,
        'export default function load($A) {',
        `    const controller = (\n${controller.trim()}\n);`,
        `    const helper = (\n${helper.trim()}\n);`,
        '    return { controller, helper };',
        '}',
        '',
    ].join('\n');
}

export function shippedAuraBundle(): Plugin {
    const bundleOf = (id: string): string | null => {
        const name = id.startsWith(`\0${PREFIX}`) ? id.slice(PREFIX.length + 1) : null;
        return name && (SHIPPED_BUNDLES as readonly string[]).includes(name) ? name : null;
    };
    return {
        name: 'shipped-aura-bundle',
        resolveId(source) {
            return source.startsWith(PREFIX) && bundleOf(`\0${source}`) ? `\0${source}` : null;
        },
        async load(id) {
            const name = bundleOf(id);
            if (!name) return null;
            const dir = path.join(AURA_DIR, name);
            for (const f of files(dir)) this.addWatchFile(f);
            return shippedBundleModule(dir);
        },
    };
}
