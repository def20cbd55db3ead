// Check 7: the package's shape rules (each from a review finding):
// - the packaged directory has a definitionFile that exists and turns Omni-Channel on (AgentWork compiles in the build org);
// - per-org items an admin edits (Named Credentials, custom metadata records, wildcard CSP sites over a domain
//   where any tenant hosts content, PlatformEventSubscriberConfig) live only in an unpackaged directory;
// - triggers are one statement; the platform event publishes after commit;
// - retry attempts fit what a Finalizer may re-enqueue (validation rule and Apex clamp ≤ 5);
// - a custom permission's description agrees with the permission sets that grant it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { exists, rel, stripApex, walk } from '../lib.mjs';

const FINALIZER_MAX_REENQUEUE = 5;
const PER_ORG = [
    [/\/namedCredentials\/.+\.namedCredential-meta\.xml$/, 'Named Credential (its URL is per org)'],
    [/\/customMetadata\/.+\.md-meta\.xml$/, 'custom metadata record (settings are per org)'],
    [/\/platformEventSubscriberConfigs\/.+-meta\.xml$/, 'PlatformEventSubscriberConfig (names an org user)'],
];
// a wildcard over a domain where any tenant hosts content (Tencent COS buckets): trusted per org, narrowed by admins
const WIDE_CSP = /<endpointUrl>\s*[a-z]+:\/\/\*\.myqcloud\.com\s*<\/endpointUrl>/i;

const tag = (xml, name) => [...xml.matchAll(new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`, 'g'))].map((m) => m[1]);

export async function checkPackage(root) {
    const project = JSON.parse(await readFile(path.join(root, 'sfdx-project.json'), 'utf8'));
    const problems = [];
    const dirs = project.packageDirectories ?? [];
    const packaged = dirs.filter((d) => d.package);
    const unpackaged = dirs.filter((d) => !d.package);
    if (!packaged.length) problems.push('sfdx-project.json: no packaged directory');
    for (const d of packaged) {
        if (!d.definitionFile) {
            problems.push(
                `sfdx-project.json: package directory ${d.path} has no definitionFile (the build org lacks Omni-Channel)`,
            );
        } else if (!(await exists(path.join(root, d.definitionFile)))) {
            problems.push(`sfdx-project.json: definitionFile ${d.definitionFile} does not exist`);
        } else {
            const def = JSON.parse(await readFile(path.join(root, d.definitionFile), 'utf8'));
            const omni =
                def.settings?.omniChannelSettings?.enableOmniChannel === true ||
                (def.features ?? []).includes('OmniChannel');
            if (!omni) problems.push(`${d.definitionFile}: Omni-Channel is not enabled (AgentWork does not compile)`);
        }
    }
    const perOrgFound = new Set();
    for (const d of dirs) {
        for (const f of await walk(path.join(root, d.path))) {
            const r = rel(root, f);
            let kind = PER_ORG.find(([re]) => re.test(r))?.[1];
            if (!kind && r.endsWith('.cspTrustedSite-meta.xml') && WIDE_CSP.test(await readFile(f, 'utf8')))
                kind = 'wide CSP Trusted Site (admins narrow it per org)';
            if (kind && d.package) problems.push(`${r}: per-org ${kind} inside the packaged directory ${d.path}`);
            if (kind && !d.package) perOrgFound.add(kind.split(' (')[0]);
        }
    }
    if (!unpackaged.length) problems.push('sfdx-project.json: no unpackaged (deploy-once) directory for per-org items');
    const files = (await Promise.all(dirs.map((d) => walk(path.join(root, d.path))))).flat();
    const read = (f) => readFile(f, 'utf8');
    for (const f of files.filter((x) => x.endsWith('.trigger'))) {
        const body = stripApex(await read(f))
            .replace(/^[^{]*\{/, '')
            .replace(/\}\s*$/, '');
        const statements = body.split(';').filter((s) => s.trim()).length;
        if (statements !== 1) problems.push(`${rel(root, f)}: a trigger must be one statement (found ${statements})`);
    }
    // Events the package's own Apex publishes (from a user's save) must wait for the commit; events only Salesforce
    // publishes (the Messaging channel's) keep the behaviour the channel needs.
    const apexSources = await Promise.all(files.filter((x) => /\.(cls|trigger)$/.test(x)).map((x) => read(x)));
    const publishedByApex = (name) => apexSources.some((src) => src.includes(`${name}(`) || src.includes(`${name} `));
    for (const f of files.filter((x) => /\/objects\/[^/]+__e\/[^/]+__e\.object-meta\.xml$/.test(x))) {
        const eventName = /\/([^/]+__e)\.object-meta\.xml$/.exec(f)[1];
        if (!publishedByApex(eventName)) continue;
        if (tag(await read(f), 'publishBehavior')[0] !== 'PublishAfterCommit')
            problems.push(
                `${rel(root, f)}: platform event must be PublishAfterCommit (nothing sent from a rolled-back save)`,
            );
    }
    for (const f of files.filter((x) => x.endsWith('/validationRules/Max_Attempts_Range.validationRule-meta.xml'))) {
        const formula = tag(await read(f), 'errorConditionFormula')[0] ?? '';
        const max = Number(/&gt;\s*(\d+)/.exec(formula)?.[1]);
        if (!(max <= FINALIZER_MAX_REENQUEUE))
            problems.push(
                `${rel(root, f)}: Max_Attempts__c may reach ${max}; a Finalizer may re-enqueue at most ${FINALIZER_MAX_REENQUEUE} times`,
            );
    }
    for (const f of files.filter((x) => x.endsWith('/TimSettings.cls'))) {
        const max = Number(/MAX_ATTEMPTS\s*=\s*(\d+)/.exec(await read(f))?.[1]);
        if (!(max <= FINALIZER_MAX_REENQUEUE))
            problems.push(
                `${rel(root, f)}: MAX_ATTEMPTS ${max} exceeds the ${FINALIZER_MAX_REENQUEUE} re-enqueues a Finalizer may do`,
            );
    }
    const grants = new Map(); // custom permission -> permission sets granting it
    for (const f of files.filter((x) => x.endsWith('.permissionset-meta.xml'))) {
        const xml = await read(f);
        const name = path.basename(f, '.permissionset-meta.xml');
        for (const m of xml.matchAll(/<customPermissions>([\s\S]*?)<\/customPermissions>/g)) {
            if (tag(m[1], 'enabled')[0] !== 'true') continue;
            const perm = tag(m[1], 'name')[0];
            grants.set(perm, [...(grants.get(perm) ?? []), name]);
        }
    }
    for (const f of files.filter((x) => x.endsWith('.customPermission-meta.xml'))) {
        const perm = path.basename(f, '.customPermission-meta.xml');
        const description = tag(await read(f), 'description')[0] ?? '';
        const by = grants.get(perm) ?? [];
        for (const ps of by) {
            if (!description.includes(ps))
                problems.push(`${rel(root, f)}: granted by ${ps}, which its description does not name`);
            if (
                new RegExp(`${ps}\\)? must NOT hold`, 'i').test(description) ||
                /No package permission set grants it/i.test(description)
            )
                problems.push(`${rel(root, f)}: its description says it is not granted, but ${ps} grants it`);
        }
    }
    return {
        problems,
        summary: `${dirs.length} package directories, per-org kinds outside the package: ${[...perOrgFound].join(', ') || 'none'}; ${problems.length} problems`,
    };
}
