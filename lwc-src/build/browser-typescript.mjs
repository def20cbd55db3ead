// The rollup plugins that turn browser TypeScript into JavaScript the same way for every bundle this repository
// builds (the widget, the agent phone page, the sandbox's demo pages): node-style resolution for the browser, and
// Babel stripping the types only (no transform beyond the syntax `babelPlugins` names).
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { babel } from '@rollup/plugin-babel';

/** nodeResolve (browser fields, no Node built-ins) + Babel's TypeScript preset over the .ts sources. */
export function browserTypeScript({ extensions = ['.ts', '.js'], babelPlugins = [] } = {}) {
    return [
        nodeResolve({ extensions, browser: true, preferBuiltins: false }),
        babel({
            babelHelpers: 'bundled',
            babelrc: false,
            configFile: false,
            extensions: ['.ts'],
            include: ['**/*.ts'],
            presets: [['@babel/preset-typescript', { onlyRemoveTypeImports: false }]],
            plugins: babelPlugins,
        }),
    ];
}
