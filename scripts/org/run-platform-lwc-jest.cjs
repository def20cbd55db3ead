#!/usr/bin/env node
// Runs the platform LWC tests (force-app/**/lwc/**/__tests__) with the jest that
// @salesforce/sfdx-lwc-jest pins (29.7.0), whatever other jest the repository hoists.
// Extra arguments go to jest, e.g. `npm run test:platform-lwc -- --coverage`.
'use strict';
const path = require('path');
const { spawnSync } = require('child_process');

const root = path.resolve(__dirname, '..', '..');
const preset = require.resolve('@salesforce/sfdx-lwc-jest/package.json', { paths: [root] });
const jestPkg = require.resolve('jest/package.json', { paths: [path.dirname(preset)] });
const { bin } = require(jestPkg);
const jestBin = path.resolve(path.dirname(jestPkg), typeof bin === 'object' ? bin.jest : bin);

const result = spawnSync(
    process.execPath,
    [jestBin, '--config', path.join(__dirname, 'jest.platform-lwc.config.cjs'), ...process.argv.slice(2)],
    { cwd: root, stdio: 'inherit' },
);
process.exit(result.status === null ? 1 : result.status);
