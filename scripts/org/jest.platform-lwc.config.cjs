// Jest config for the platform LWCs under force-app (sfdx-lwc-jest), kept apart from the widget's
// (lwc-src) own config and outside force-app (the package holds metadata only).
// Run from the project root: `npm run test:platform-lwc`.
const path = require('path');
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
    ...jestConfig,
    rootDir: path.resolve(__dirname, '..', '..'),
    roots: ['<rootDir>/force-app'],
    testMatch: ['**/lwc/**/__tests__/**/*.test.js'],
    testPathIgnorePatterns: ['/node_modules/', '<rootDir>/.localdevserver/'],
    collectCoverageFrom: ['force-app/**/lwc/**/*.js', '!**/__tests__/**'],
    coverageDirectory: '<rootDir>/coverage/platform-lwc',
};
