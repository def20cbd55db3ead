// Jest for the agent chat widget (LWC OSS + TypeScript). Same jest (29.7.0) and LWC (8.28.2) versions as
// @salesforce/sfdx-lwc-jest uses for the platform LWCs (force-app/jest.config.cjs), but its own config:
// the widget's modules are OSS (`tim/*`), not the platform's `c/*` + lightning stubs.
const path = require('path');

module.exports = {
    preset: '@lwc/jest-preset',
    rootDir: path.resolve(__dirname),
    roots: ['<rootDir>/src'],
    moduleNameMapper: {
        '^tim/(.+)$': '<rootDir>/src/modules/tim/$1/$1',
    },
    testMatch: ['**/__tests__/**/*.test.ts'],
    coverageDirectory: '<rootDir>/../coverage/widget',
    collectCoverageFrom: ['src/**/*.ts', '!src/**/__tests__/**', '!src/types/**', '!src/vendor/**', '!src/main.ts'],
};
