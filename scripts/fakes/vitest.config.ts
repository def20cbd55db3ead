import { defineConfig } from 'vitest/config';

export default defineConfig({
    test: {
        include: ['scripts/fakes/test/**/*.test.ts'],
        environment: 'node',
        testTimeout: 15000,
        hookTimeout: 15000,
    },
});
