// ESLint (flat config) for the agent chat widget (lwc-src, TypeScript, type-aware) and the platform LWCs
// (force-app/main/default/lwc, JavaScript). `npm run lint`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lwcPlugin from '@lwc/eslint-plugin-lwc';
import babelParser from '@babel/eslint-parser';
import globals from 'globals';

const root = path.dirname(fileURLToPath(import.meta.url));

/** LWC rules that apply to both OSS (lwc-src) and platform components. */
const lwcRules = {
    '@lwc/lwc/no-api-reassignments': 'error',
    '@lwc/lwc/no-inner-html': 'error',
    '@lwc/lwc/no-document-query': 'error',
    '@lwc/lwc/no-leaky-event-listeners': 'error',
    '@lwc/lwc/no-deprecated': 'error',
    '@lwc/lwc/no-template-children': 'error',
    '@lwc/lwc/no-attributes-during-construction': 'error',
    '@lwc/lwc/no-leading-uppercase-api-name': 'error',
    '@lwc/lwc/no-dupe-class-members': 'error',
    '@lwc/lwc/prefer-custom-event': 'error',
    '@lwc/lwc/valid-api': 'error',
    '@lwc/lwc/valid-track': 'error',
    '@lwc/lwc/valid-wire': 'error',
    '@lwc/lwc/no-async-operation': 'error',
    '@lwc/lwc/consistent-component-name': 'error',
};

export default tseslint.config(
    {
        ignores: [
            '**/node_modules/**',
            'force-app/main/default/staticresources/**',
            'scripts/relay/public/**',
            'coverage/**',
            '**/*.html',
            '**/*.css',
        ],
    },
    // ---- lwc-src TypeScript: type-aware --------------------------------------------------------------
    {
        files: ['lwc-src/src/**/*.ts'],
        extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
        languageOptions: {
            parserOptions: { project: ['./lwc-src/tsconfig.json'], tsconfigRootDir: root },
            globals: { ...globals.browser },
        },
        plugins: { '@lwc/lwc': lwcPlugin },
        rules: {
            ...lwcRules,
            '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
            '@typescript-eslint/no-floating-promises': 'error',
            '@typescript-eslint/no-misused-promises': 'error',
            '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
            // Implementations of async interfaces (ChatClient) need not await anything.
            '@typescript-eslint/require-await': 'off',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
            'no-restricted-properties': [
                'error',
                { property: 'innerHTML', message: 'Message content is rendered as text only.' },
                { property: 'outerHTML', message: 'Message content is rendered as text only.' },
                { property: 'insertAdjacentHTML', message: 'Message content is rendered as text only.' },
            ],
            'no-eval': 'error',
            'no-implied-eval': 'off',
            '@typescript-eslint/no-implied-eval': 'error',
        },
    },
    // The entry mounts the app; setTimeout-based helpers and tests are not components.
    {
        files: ['lwc-src/src/main.ts', 'lwc-src/src/__tests__/helpers/scripted/scripted-main.ts'],
        rules: { '@lwc/lwc/no-document-query': 'off' },
    },
    // The agent phone page is a plain page served by the relay (no LWC): it owns its document and window.
    {
        files: ['lwc-src/src/voice/phone-page/**/*.ts'],
        rules: {
            '@lwc/lwc/no-document-query': 'off',
            '@lwc/lwc/no-async-operation': 'off',
            '@lwc/lwc/no-leaky-event-listeners': 'off',
        },
    },
    {
        files: [
            'lwc-src/src/**/__tests__/**/*.ts',
            'lwc-src/src/chat/**/*.ts',
            'lwc-src/src/controller/**/*.ts',
            'lwc-src/src/store/**/*.ts',
        ],
        rules: { '@lwc/lwc/no-async-operation': 'off' },
    },
    {
        files: ['lwc-src/src/**/__tests__/**/*.ts'],
        languageOptions: { globals: { ...globals.jest } },
        rules: {
            '@typescript-eslint/unbound-method': 'off',
            '@lwc/lwc/prefer-custom-event': 'off',
        },
    },
    // ---- build scripts (Node) ------------------------------------------------------------------------
    {
        files: ['lwc-src/**/*.mjs', 'lwc-src/**/*.cjs', 'eslint.config.mjs'],
        extends: [js.configs.recommended],
        languageOptions: { globals: { ...globals.node } },
    },
    // ---- relay, fakes, sandbox, tooling and tests (Node, TypeScript: type-aware) ---------------------
    {
        files: ['scripts/**/*.ts', 'tests/**/*.ts'],
        extends: [js.configs.recommended, ...tseslint.configs.recommendedTypeChecked],
        languageOptions: {
            parserOptions: { project: ['./tsconfig.json', './tests/e2e/tsconfig.json'], tsconfigRootDir: root },
            globals: { ...globals.node },
        },
        rules: {
            '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
            '@typescript-eslint/no-floating-promises': 'error',
            '@typescript-eslint/no-misused-promises': 'error',
            '@typescript-eslint/require-await': 'off',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
            'no-eval': 'error',
            // Values read from JSON are `unknown` scalars; String() on them is intended.
            '@typescript-eslint/no-base-to-string': 'off',
        },
    },
    // Tests read untyped JSON response bodies; node:test's test() promises are awaited by the runner.
    {
        files: ['scripts/**/test/**/*.ts', 'tests/**/*.ts'],
        rules: {
            '@typescript-eslint/no-unsafe-member-access': 'off',
            '@typescript-eslint/no-unsafe-assignment': 'off',
            '@typescript-eslint/no-unsafe-argument': 'off',
            '@typescript-eslint/no-unsafe-call': 'off',
            '@typescript-eslint/no-explicit-any': 'off',
            '@typescript-eslint/no-floating-promises': [
                'error',
                {
                    allowForKnownSafeCalls: [
                        { from: 'package', name: ['test', 'describe', 'it'], package: 'node:test' },
                    ],
                },
            ],
        },
    },
    // Browser-side sandbox page scripts run in the page, not in Node.
    {
        files: ['scripts/sandbox/pages/**/*.ts'],
        languageOptions: { globals: { ...globals.browser } },
    },
    // ---- JavaScript tooling and browser tests (Node) -------------------------------------------------
    {
        files: ['scripts/**/*.mjs', 'scripts/**/*.cjs', 'tests/**/*.mjs', 'tests/**/*.js'],
        extends: [js.configs.recommended],
        languageOptions: { globals: { ...globals.node, ...globals.browser } },
        rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }] },
    },
    // ---- platform LWCs (force-app) ---------------------------------------------------------------------
    {
        files: ['force-app/main/default/lwc/**/*.js'],
        extends: [js.configs.recommended],
        languageOptions: {
            parser: babelParser,
            parserOptions: {
                requireConfigFile: false,
                sourceType: 'module',
                babelOptions: {
                    babelrc: false,
                    configFile: false,
                    parserOpts: { plugins: [['decorators', { decoratorsBeforeExport: false }]] },
                },
            },
            globals: { ...globals.browser },
        },
        plugins: { '@lwc/lwc': lwcPlugin },
        rules: { ...lwcRules, 'no-eval': 'error' },
    },
    {
        files: ['force-app/main/default/lwc/**/__tests__/**/*.js'],
        languageOptions: { globals: { ...globals.jest, ...globals.node } },
        rules: { '@lwc/lwc/no-async-operation': 'off' },
    },
);
