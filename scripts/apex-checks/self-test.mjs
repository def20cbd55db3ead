#!/usr/bin/env node
// Proves that each offline Apex check can fail: copies the project to a temp dir, plants one defect per
// check (each in its own file), runs every check on the copy, and asserts that each check fails AND names
// its planted defect. Exit 1 if any check stays silent.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import * as apexPlugin from 'prettier-plugin-apex';
import { runChecks } from './run.mjs';
import { exists } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const META = `<?xml version="1.0" encoding="UTF-8" ?>
<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata">
    <apiVersion>66.0</apiVersion>
    <status>Active</status>
</ApexClass>
`;

const fmt = async (src) =>
    prettier.format(src, {
        ...((await prettier.resolveConfig(path.join(root, 'force-app', 'x.cls'))) ?? {}),
        parser: 'apex',
        plugins: [apexPlugin],
    });

// check -> { file, source, format?, meta?, expect: regex the check's problems must match }
const DEFECTS = {
    syntax: {
        file: 'SelfTestSyntax.cls',
        source: 'public with sharing class SelfTestSyntax {\n  public void broken( {\n  }\n}\n',
        expect: /SelfTestSyntax\.cls:2:\d+ /,
    },
    types: {
        file: 'SelfTestTypes.cls',
        source: 'public with sharing class SelfTestTypes { public static void go() { TimSettings.noSuchMethod(); } }',
        format: true,
        expect: /SelfTestTypes\.cls:\d+:\d+ .*noSuchMethod/,
    },
    pmd: {
        file: 'SelfTestPmd.cls',
        source: `public with sharing class SelfTestPmd {
      public static Integer count(List<Id> ids) {
        Integer n = 0;
        for (Id i : ids) { n += [SELECT COUNT() FROM Case WHERE Id = :i WITH USER_MODE]; }
        return n;
      }
    }`,
        format: true,
        expect: /SelfTestPmd\.cls:\d+ sev2 OperationWithLimitsInLoop/,
    },
    format: {
        file: 'SelfTestFormat.cls',
        source: 'public with sharing class SelfTestFormat{public static Integer one(){return 1;}}\n',
        expect: /SelfTestFormat\.cls is not formatted/,
    },
    metadata: {
        file: 'SelfTestNoMeta.cls',
        source: 'public with sharing class SelfTestNoMeta { public static Integer one() { return 1; } }',
        format: true,
        meta: false,
        expect: /SelfTestNoMeta\.cls: missing SelfTestNoMeta\.cls-meta\.xml/,
    },
    package: {
        // a per-org item shipped inside the package (an upgrade would reset the admin's URL)
        file: '../namedCredentials/SelfTestRelay.namedCredential-meta.xml',
        source: `<?xml version="1.0" encoding="UTF-8"?>
<NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
    <label>Self Test</label>
    <namedCredentialType>SecuredEndpoint</namedCredentialType>
</NamedCredential>
`,
        meta: false,
        expect: /SelfTestRelay\.namedCredential-meta\.xml: per-org Named Credential .*inside the packaged directory/,
    },
    fields: {
        file: 'SelfTestFields.cls',
        source: `public with sharing class SelfTestFields {
      public static Object read(Case c) { return c.Missing_Field__c; }
    }`,
        format: true,
        expect: /SelfTestFields\.cls:\d+ unknown custom field or object Missing_Field__c/,
    },
};

async function main() {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'apex-selftest-'));
    try {
        for (const f of [
            'force-app',
            'force-app-org',
            'config',
            'sfdx-project.json',
            '.forceignore',
            '.prettierrc.json',
        ]) {
            if (await exists(path.join(root, f))) await cp(path.join(root, f), path.join(tmp, f), { recursive: true });
        }
        const classes = path.join(tmp, 'force-app', 'main', 'default', 'classes');
        for (const d of Object.values(DEFECTS)) {
            const src = d.format ? await fmt(d.source) : d.source;
            await mkdir(path.dirname(path.join(classes, d.file)), { recursive: true });
            await writeFile(path.join(classes, d.file), src);
            if (d.meta !== false) await writeFile(path.join(classes, d.file + '-meta.xml'), META);
        }
        console.log(`Planted ${Object.keys(DEFECTS).length} defects in ${tmp}; running every check on the copy…`);
        const results = await runChecks(tmp);
        let failures = 0;
        for (const r of results) {
            const d = DEFECTS[r.name];
            const hit = r.problems.find((p) => d.expect.test(p));
            const ok = !r.ok && Boolean(hit);
            if (!ok) failures++;
            console.log(
                `${ok ? 'OK  ' : 'BAD '} ${r.name.padEnd(9)} ${r.ok ? 'passed (should have failed)' : 'failed'}; planted ${d.file}: ${hit ?? 'NOT reported'}`,
            );
        }
        if (failures) {
            console.log(`\n${failures} check(s) did not catch their planted defect.`);
            process.exitCode = 1;
        } else {
            console.log('\nEvery check failed on its planted defect.');
        }
    } finally {
        await rm(tmp, { recursive: true, force: true });
    }
}

await main();
