/**
 * The demo pages' scripts are TypeScript (scripts/sandbox/pages/*.ts). They are bundled in memory with rollup's
 * JS API the first time the sandbox starts (≈1 s), so `npm ci && npm start` needs no separate build step and no
 * generated file is committed. Rollup and its plugins are loaded lazily: live mode never imports them.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const PAGES_DIR = path.join(here, 'pages');

export const PAGE_SCRIPTS = {
    'customer.js': 'customer.ts',
    'console.js': 'console.ts',
    'lcc-shim.js': 'lcc-shim.ts',
} as const;
export type PageScript = keyof typeof PAGE_SCRIPTS;

async function bundleOne(entry: string): Promise<string> {
    const { rollup } = await import('rollup');
    const { browserTypeScript } = await import('../../lwc-src/build/browser-typescript.mjs');
    const { shippedAuraBundle } = await import('./aura-stand-in/shipped-bundle-plugin.js');
    const bundle = await rollup({
        input: path.join(PAGES_DIR, entry),
        plugins: [
            shippedAuraBundle(),
            {
                // NodeNext-style `./x.js` specifiers in the page sources name `./x.ts` files.
                name: 'ts-for-js-specifiers',
                resolveId(source: string, importer: string | undefined) {
                    if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
                    return path.resolve(path.dirname(importer), source.slice(0, -3) + '.ts');
                },
            },
            ...browserTypeScript(),
        ],
        onwarn: (warning, warn) => {
            if (warning.code !== 'THIS_IS_UNDEFINED') warn(warning);
        },
    });
    try {
        const { output } = await bundle.generate({ format: 'iife', sourcemap: false, strict: true });
        return output[0].code;
    } finally {
        await bundle.close();
    }
}

let cache: Promise<Map<PageScript, string>> | null = null;

/** All page scripts, bundled once per process (first call builds; a failure is retried on the next call). */
export function pageScripts(): Promise<Map<PageScript, string>> {
    if (!cache) {
        cache = (async () => {
            const out = new Map<PageScript, string>();
            for (const [name, entry] of Object.entries(PAGE_SCRIPTS) as Array<[PageScript, string]>) {
                out.set(name, await bundleOne(entry));
            }
            return out;
        })();
        cache.catch(() => {
            cache = null;
        });
    }
    return cache;
}
