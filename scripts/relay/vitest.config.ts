import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
    root,
    test: {
        include: ['scripts/relay/test/**/*.test.ts'],
        environment: 'node',
        testTimeout: 20_000,
        hookTimeout: 20_000,
        pool: 'forks',
        coverage: {
            provider: 'v8',
            include: ['scripts/relay/src/**/*.ts'],
            exclude: ['scripts/relay/src/main.ts'],
            reporter: ['text-summary', 'text'],
            reportsDirectory: 'scripts/relay/coverage',
        },
    },
});
