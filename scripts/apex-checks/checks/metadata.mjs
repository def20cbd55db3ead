// Check 5: every file under the package directories is a known metadata type with the right suffix and
// layout (source format), source files have their -meta.xml, meta files are well-formed XML, code metadata
// carries the project's sourceApiVersion, and field/object file names match their fullName.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { exists, forceIgnore, readProject, rel, walk } from '../lib.mjs';

// type folder -> list of [regex on the path below the folder, kind]
const FLAT = (suffix) => [[new RegExp(`^[A-Za-z0-9_.-]+\\.${suffix}-meta\\.xml$`), 'meta']];
// code metadata: the source file and its -meta.xml side by side
const CODE = (suffix) => [
    [new RegExp(`^[A-Za-z0-9_]+\\.${suffix}$`), `source:${suffix}`],
    [new RegExp(`^[A-Za-z0-9_]+\\.${suffix}-meta\\.xml$`), `meta:${suffix}`],
];
const LAYOUT = {
    classes: CODE('cls'),
    triggers: CODE('trigger'),
    pages: CODE('page'),
    components: CODE('component'),
    objects: [
        [/^([A-Za-z0-9_]+)\/\1\.object-meta\.xml$/, 'object'],
        [/^[A-Za-z0-9_]+\/fields\/[A-Za-z0-9_]+\.field-meta\.xml$/, 'field'],
        [/^[A-Za-z0-9_]+\/listViews\/[A-Za-z0-9_]+\.listView-meta\.xml$/, 'child'],
        [/^[A-Za-z0-9_]+\/webLinks\/[A-Za-z0-9_]+\.webLink-meta\.xml$/, 'child'],
        [/^[A-Za-z0-9_]+\/validationRules\/[A-Za-z0-9_]+\.validationRule-meta\.xml$/, 'child'],
        [/^[A-Za-z0-9_]+\/recordTypes\/[A-Za-z0-9_]+\.recordType-meta\.xml$/, 'child'],
        [/^[A-Za-z0-9_]+\/compactLayouts\/[A-Za-z0-9_]+\.compactLayout-meta\.xml$/, 'child'],
        [/^[A-Za-z0-9_]+\/fieldSets\/[A-Za-z0-9_]+\.fieldSet-meta\.xml$/, 'child'],
        [/^[A-Za-z0-9_]+\/businessProcesses\/[A-Za-z0-9_ ]+\.businessProcess-meta\.xml$/, 'child'],
    ],
    customMetadata: [[/^[A-Za-z0-9_]+\.[A-Za-z0-9_]+\.md-meta\.xml$/, 'cmdt-record']],
    customPermissions: FLAT('customPermission'),
    namedCredentials: FLAT('namedCredential'),
    externalCredentials: FLAT('externalCredential'),
    cspTrustedSites: FLAT('cspTrustedSite'),
    remoteSiteSettings: FLAT('remoteSite'),
    permissionsets: FLAT('permissionset'),
    permissionsetgroups: FLAT('permissionsetgroup'),
    tabs: FLAT('tab'),
    flexipages: FLAT('flexipage'),
    applications: FLAT('app'),
    layouts: [[/^[A-Za-z0-9_]+-.+\.layout-meta\.xml$/, 'meta']],
    labels: FLAT('labels'),
    messageChannels: FLAT('messageChannel'),
    quickActions: FLAT('quickAction'),
    flows: FLAT('flow'),
    reportTypes: FLAT('reportType'),
    platformEventSubscriberConfigs: FLAT('platformEventSubscriberConfig'),
    staticresources: [
        [/^[A-Za-z0-9_]+\.resource-meta\.xml$/, 'meta:resource'],
        [/^[A-Za-z0-9_]+\.[A-Za-z0-9]+$/, 'resource-content'],
        [/^[A-Za-z0-9_]+\/.+$/, 'resource-content'],
    ],
    lwc: [[/^[A-Za-z][A-Za-z0-9_]*\/.+$/, 'lwc']],
    aura: [[/^[A-Za-z][A-Za-z0-9_]*\/.+$/, 'aura']],
};
const API_VERSIONED =
    /\.(cls|trigger|page|component)-meta\.xml$|\.js-meta\.xml$|\/aura\/[^/]+\/[^/]+\.(cmp|app|evt|intf|tokens)-meta\.xml$/;

/** Tiny well-formedness check: tags balance (comments, CDATA, PIs and self-closing tags handled). */
export function xmlProblem(text) {
    const body = text
        .replace(/<!--[\s\S]*?-->/g, '')
        .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')
        .replace(/<\?[\s\S]*?\?>/g, '');
    const stack = [];
    const re = /<(\/?)([A-Za-z_][\w:.-]*)([^<>]*?)(\/?)>/g;
    let m;
    let roots = 0;
    while ((m = re.exec(body))) {
        const [, close, name, , self] = m;
        if (self) {
            if (stack.length === 0) roots++;
            continue;
        }
        if (close) {
            const top = stack.pop();
            if (top !== name) return `closing </${name}> does not match <${top ?? 'nothing'}>`;
        } else {
            if (stack.length === 0) roots++;
            stack.push(name);
        }
    }
    if (stack.length) return `unclosed <${stack[stack.length - 1]}>`;
    if (roots !== 1) return `expected one root element, found ${roots}`;
    if (/<(?![/!?A-Za-z_])/.test(body)) return 'stray "<"';
    return null;
}

export async function checkMetadata(root) {
    const { packageDirs, apiVersion } = await readProject(root);
    const ignored = await forceIgnore(root);
    const problems = [];
    let count = 0;
    for (const dir of packageDirs) {
        const files = (await walk(dir)).filter((f) => !ignored(rel(root, f)));
        const set = new Set(files);
        for (const f of files) {
            count++;
            const r = rel(root, f);
            const parts = r.split('/');
            const idx = parts.findIndex((p) => Object.hasOwn(LAYOUT, p));
            if (idx < 0) {
                problems.push(`${r}: not inside a known metadata type folder`);
                continue;
            }
            const folder = parts[idx];
            const below = parts.slice(idx + 1).join('/');
            const typeDir = path.join(root, ...parts.slice(0, idx + 1));
            const base = path.dirname(f);
            const hit = LAYOUT[folder].find(([re]) => re.test(below));
            if (!hit) {
                problems.push(`${r}: unknown file for type folder "${folder}"`);
                continue;
            }
            const kind = hit[1];
            if (kind.startsWith('source:')) {
                if (!set.has(f + '-meta.xml')) problems.push(`${r}: missing ${path.basename(f)}-meta.xml`);
            } else if (kind.startsWith('meta:') && kind !== 'meta:resource') {
                const src = f.replace(/-meta\.xml$/, '');
                if (!set.has(src)) problems.push(`${r}: meta file without its source ${path.basename(src)}`);
            } else if (kind === 'meta:resource') {
                const name = path.basename(f).replace(/\.resource-meta\.xml$/, '');
                const hasContent =
                    files.some((o) => o !== f && path.dirname(o) === base && path.basename(o).startsWith(name + '.')) ||
                    files.some((o) => o.startsWith(path.join(base, name) + path.sep));
                if (!hasContent) problems.push(`${r}: static resource without content`);
            } else if (kind === 'resource-content') {
                const name = below.split(/[./]/)[0];
                if (!set.has(path.join(typeDir, `${name}.resource-meta.xml`))) {
                    problems.push(`${r}: static resource content without ${name}.resource-meta.xml`);
                }
            } else if (kind === 'lwc' || kind === 'aura') {
                const bundle = below.split('/')[0];
                const bundleDir = path.join(typeDir, bundle);
                if (kind === 'lwc' && !set.has(path.join(bundleDir, `${bundle}.js-meta.xml`))) {
                    problems.push(`${r}: LWC bundle "${bundle}" has no ${bundle}.js-meta.xml`);
                }
                if (kind === 'aura') {
                    const main = ['cmp', 'app', 'evt', 'intf', 'tokens'].find((ext) =>
                        set.has(path.join(bundleDir, `${bundle}.${ext}`)),
                    );
                    if (!main)
                        problems.push(`${r}: Aura bundle "${bundle}" has no ${bundle}.cmp/.app/.evt/.intf/.tokens`);
                    else if (!set.has(path.join(bundleDir, `${bundle}.${main}-meta.xml`)))
                        problems.push(`${r}: Aura bundle "${bundle}" has no ${bundle}.${main}-meta.xml`);
                }
            } else if (kind === 'field' || kind === 'child') {
                const obj = below.split('/')[0];
                if (/__(c|mdt|e|b|x)$/.test(obj)) {
                    const objMeta = path.join(path.dirname(path.dirname(f)), `${obj}.object-meta.xml`);
                    if (!set.has(objMeta)) problems.push(`${r}: custom object ${obj} has no ${obj}.object-meta.xml`);
                }
            } else if (kind === 'cmdt-record') {
                // the record may live in another package directory than its type (per-org records)
                const type = path.basename(f).split('.')[0];
                let found = false;
                for (const d of packageDirs) {
                    const sub = path.relative(dir, path.dirname(typeDir));
                    const objMeta = path.join(d, sub, 'objects', `${type}__mdt`, `${type}__mdt.object-meta.xml`);
                    found = found || (await exists(objMeta));
                }
                if (!found) problems.push(`${r}: custom metadata type ${type}__mdt not found in objects/`);
            }
            if (f.endsWith('.xml')) {
                const text = await readFile(f, 'utf8');
                const bad = xmlProblem(text);
                if (bad) problems.push(`${r}: malformed XML (${bad})`);
                if (API_VERSIONED.test(r)) {
                    const m = /<apiVersion>\s*([^<\s]+)\s*<\/apiVersion>/.exec(text);
                    if (!m) problems.push(`${r}: no <apiVersion>`);
                    else if (m[1] !== apiVersion) problems.push(`${r}: apiVersion ${m[1]}, project uses ${apiVersion}`);
                }
                if (kind === 'field' || kind === 'child') {
                    const m = /<fullName>\s*([^<\s]+)\s*<\/fullName>/.exec(text);
                    const expected = path.basename(f).replace(/\.[A-Za-z]+-meta\.xml$/, '');
                    if (m && m[1] !== expected)
                        problems.push(`${r}: fullName ${m[1]} does not match the file name ${expected}`);
                }
            }
        }
    }
    return { problems, summary: `${count} files checked, ${problems.length} problems` };
}
