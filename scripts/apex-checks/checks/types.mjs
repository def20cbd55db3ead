// Check 2: apex-ls (shipped as jars in @salesforce/code-analyzer-pmd-engine) type-checks the whole project.
// Known false positives are allowed by scripts/apex-checks/apex-ls-allowlist.json (each with a reason).
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rel } from '../lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function javaLib() {
    const pkg = require.resolve('@salesforce/code-analyzer-pmd-engine/package.json');
    return path.join(path.dirname(pkg), 'dist', 'java-lib');
}

function run(cmd, args) {
    return new Promise((resolve) => {
        const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => (stderr += d));
        child.on('error', (err) => resolve({ code: -1, stdout, stderr: String(err) }));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
}

export async function loadAllowlist(file = path.join(here, '..', 'apex-ls-allowlist.json')) {
    const json = JSON.parse(await readFile(file, 'utf8'));
    return json.entries.map((e) => {
        if (!e.reason || !e.message) throw new Error(`allowlist entry without message/reason: ${JSON.stringify(e)}`);
        return { ...e, re: new RegExp(e.message), fileRe: e.file ? new RegExp(e.file) : null };
    });
}

export async function checkTypes(root, { allowlistFile } = {}) {
    const allow = await loadAllowlist(allowlistFile);
    const res = await run('java', [
        '-cp',
        path.join(javaLib(), '*'),
        'io.github.apexdevtools.apexls.CheckForIssues',
        '-n',
        '-f',
        'json',
        '-w',
        root,
    ]);
    if (res.code === -1) {
        return { problems: [`java could not be started: ${res.stderr}`], summary: 'apex-ls did not run' };
    }
    let report;
    try {
        const start = res.stdout.indexOf('{');
        report = JSON.parse(res.stdout.slice(start));
    } catch {
        return {
            problems: [`apex-ls exited ${res.code} without a JSON report: ${res.stderr.slice(0, 2000)}`],
            summary: 'apex-ls output unreadable',
        };
    }
    const problems = [];
    const allowed = [];
    const used = new Set();
    for (const file of report.files ?? []) {
        const relPath = rel(root, file.path);
        for (const m of file.messages ?? []) {
            const text = `${relPath}:${m.start?.line ?? '?'}:${(m.start?.offset ?? 0) + 1} [${m.category}] ${m.message}`;
            const hit = allow.find((a) => a.re.test(m.message) && (!a.fileRe || a.fileRe.test(relPath)));
            if (hit) {
                allowed.push(text);
                used.add(hit);
            } else {
                problems.push(text);
            }
        }
    }
    if (res.code !== 0 && res.code !== 4) {
        problems.push(`apex-ls exited with code ${res.code}: ${res.stderr.slice(0, 2000)}`);
    }
    return {
        problems,
        notes: allowed.map((a) => `allowed: ${a}`),
        summary: `apex-ls: ${problems.length} issues, ${allowed.length} allowed by ${used.size}/${allow.length} allowlist entries`,
    };
}
