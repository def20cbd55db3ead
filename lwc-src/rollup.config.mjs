// Rollup builds of the agent chat widget (see docs/widget.md):
//   widget.js      – the widget's own code + LWC engine (IIFE)
//   tencent-sdk.js – @tencentcloud/chat (ESM build + group module) + chat-uikit-engine + upload plugin (IIFE, global
//                    TimTencentSdk),
//                    loaded by widget.js only when a Tencent session arrives.
//   console-phone.js – static resource tim_voice: the console phone host (src/voice/tim-voice.ts, global TimVoice).
// Plugin order (known to work): replace → node-resolve → babel (TS, .ts only) → lwc → commonjs → terser.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import replace from '@rollup/plugin-replace';
import lwc from '@lwc/rollup-plugin';
import commonjs from '@rollup/plugin-commonjs';
import terser from '@rollup/plugin-terser';
import { browserTypeScript } from './build/browser-typescript.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const TENCENT_ESM = path.join(root, 'node_modules/@tencentcloud/chat/index.es.js');

/** The engine imports "@tencentcloud/chat" (its UMD main): point every such import at the ESM build. */
function tencentEsmAlias() {
    return {
        name: 'tencent-esm-alias',
        resolveId(source) {
            return source === '@tencentcloud/chat' || source === '@tencentcloud/chat/index.es.js' ? TENCENT_ESM : null;
        },
    };
}

/**
 * The engine imports tim-profanity-filter-plugin (~21 KB gzip) but registers it only with
 * `login({ useProfanityFilterPlugin: true })`, which the widget never sets: bundle an empty stand-in instead.
 */
const PROFANITY_STUB = '\0tim-profanity-filter-plugin-unused';
function unusedProfanityFilterStub() {
    return {
        name: 'unused-profanity-filter-stub',
        resolveId(source) {
            return source === 'tim-profanity-filter-plugin' ? PROFANITY_STUB : null;
        },
        load(id) {
            return id === PROFANITY_STUB ? 'export default null;' : null;
        },
    };
}

function common({ lwcEnabled, minify }) {
    return [
        replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
        tencentEsmAlias(),
        unusedProfanityFilterStub(),
        ...browserTypeScript({
            extensions: ['.ts', '.js', '.mjs'],
            babelPlugins: [['@babel/plugin-syntax-decorators', { version: '2022-03' }]],
        }),
        ...(lwcEnabled
            ? [lwc({ rootDir: path.join(here, 'src/modules'), modules: [{ dir: path.join(here, 'src/modules') }] })]
            : []),
        commonjs(),
        // The Tencent packages ship minified already: re-minifying them costs a minute and saves ~1%.
        ...(minify ? [terser({ format: { comments: false } })] : []),
    ];
}

function quietWarnings(warning, warn) {
    // The Tencent bundles use `this` at module top level and eval-free dynamic checks: not actionable here.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
}

/** @param {{outDir: string}} options */
export function createConfigs({ outDir }) {
    return [
        {
            input: path.join(here, 'src/main.ts'),
            plugins: common({ lwcEnabled: true, minify: true }),
            onwarn: quietWarnings,
            output: { file: path.join(outDir, 'widget.js'), format: 'iife', sourcemap: false },
        },
        {
            input: path.join(here, 'src/vendor/tencent-vendor.ts'),
            plugins: common({ lwcEnabled: false, minify: false }),
            onwarn: quietWarnings,
            output: {
                file: path.join(outDir, 'tencent-sdk.js'),
                format: 'iife',
                name: 'TimTencentSdk',
                exports: 'named',
                sourcemap: false,
            },
        },
    ];
}

/**
 * The console phone host (static resource tim_voice, loaded by the tim_phone_bar utility item with ltng:require):
 * one IIFE, no LWC, no SDK.
 * @param {{outDir: string}} options
 */
export function createVoiceConfig({ outDir }) {
    return {
        input: path.join(here, 'src/voice/tim-voice.ts'),
        plugins: common({ lwcEnabled: false, minify: true }),
        onwarn: quietWarnings,
        output: { file: path.join(outDir, 'console-phone.js'), format: 'iife', sourcemap: false },
    };
}

export default createConfigs({ outDir: path.join(root, 'force-app/main/default/staticresources/tim_bar') });
