#!/usr/bin/env node
// Offline Apex / metadata gate: syntax, types (apex-ls), PMD, formatting, metadata layout, field references.
// Usage: node scripts/apex-checks/run.mjs [--root <sfdx project>] [--only syntax,types,...] [--json <file>] [--verbose]
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkSyntax } from './checks/syntax.mjs';
import { checkTypes } from './checks/types.mjs';
import { checkPmd } from './checks/pmd.mjs';
import { checkFormat } from './checks/format.mjs';
import { checkMetadata } from './checks/metadata.mjs';
import { checkFields } from './checks/fields.mjs';
import { checkPackage } from './checks/package.mjs';

export const CHECKS = {
    syntax: checkSyntax,
    types: checkTypes,
    pmd: checkPmd,
    format: checkFormat,
    metadata: checkMetadata,
    fields: checkFields,
    package: checkPackage,
};

/** Runs the selected checks on a project; returns [{name, ok, problems, notes, summary, ms}]. */
export async function runChecks(root, only = Object.keys(CHECKS)) {
    const results = [];
    for (const name of only) {
        const started = Date.now();
        let r;
        try {
            r = await CHECKS[name](root);
        } catch (err) {
            r = { problems: [`check crashed: ${err?.stack ?? err}`], summary: 'crashed' };
        }
        results.push({
            name,
            ok: r.problems.length === 0,
            problems: r.problems,
            notes: r.notes ?? [],
            summary: r.summary,
            ms: Date.now() - started,
        });
    }
    return results;
}

function parseArgs(argv) {
    const args = {
        root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'),
        only: Object.keys(CHECKS),
        verbose: false,
    };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--root') args.root = path.resolve(argv[++i]);
        else if (argv[i] === '--only')
            args.only = argv[++i]
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean);
        else if (argv[i] === '--json') args.json = argv[++i];
        else if (argv[i] === '--verbose') args.verbose = true;
        else throw new Error(`unknown argument ${argv[i]}`);
    }
    for (const n of args.only)
        if (!CHECKS[n]) throw new Error(`unknown check ${n} (known: ${Object.keys(CHECKS).join(', ')})`);
    return args;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    const args = parseArgs(process.argv.slice(2));
    const results = await runChecks(args.root, args.only);
    for (const r of results) {
        console.log(`\n== ${r.name}: ${r.ok ? 'PASS' : 'FAIL'} (${r.ms} ms) — ${r.summary}`);
        for (const p of r.problems) console.log(`  ✗ ${p}`);
        const notes = args.verbose ? r.notes : r.notes.slice(0, 200);
        for (const n of notes) console.log(`  · ${n}`);
        if (notes.length < r.notes.length) console.log(`  · … ${r.notes.length - notes.length} more (use --verbose)`);
    }
    console.log('\nSummary:');
    for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(9)} ${r.summary}`);
    if (args.json) await writeFile(args.json, JSON.stringify(results, null, 2));
    const failed = results.filter((r) => !r.ok).length;
    console.log(failed ? `\n${failed} check(s) failed.` : '\nAll Apex checks passed.');
    process.exit(failed ? 1 : 0);
}
