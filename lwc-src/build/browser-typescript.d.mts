import type { Plugin } from 'rollup';

export interface BrowserTypeScriptOptions {
    /** The file endings nodeResolve tries; default .ts, .js. */
    extensions?: string[];
    /** Babel syntax plugins beyond the TypeScript preset. */
    babelPlugins?: unknown[];
}

export function browserTypeScript(options?: BrowserTypeScriptOptions): Plugin[];
