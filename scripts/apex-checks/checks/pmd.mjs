// Check 3: PMD 7 Apex rules through @salesforce/code-analyzer-core + the PMD engine, used as a library.
// Every violation is printed; a violation of severity 1 (Critical) or 2 (High) fails the check.
// Bulk-safety rules are raised to High here, because in this project they are defects, not style:
// DML/SOQL/callouts in loops and logic in triggers.
import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readProject, rel } from '../lib.mjs';

export const RAISED_RULES = ['OperationWithLimitsInLoop', 'AvoidLogicInTrigger'];

export async function checkPmd(root) {
    const { packageDirs } = await readProject(root);
    const output = await mkdtemp(path.join(os.tmpdir(), 'apex-pmd-'));
    const rules = { pmd: {} };
    for (const r of RAISED_RULES) rules.pmd[r] = { severity: 2 };
    const config = CodeAnalyzerConfig.fromObject(
        {
            config_root: root,
            log_folder: output,
            engines: { cpd: { disable_engine: true } },
            rules,
        },
        root,
    );
    const analyzer = new CodeAnalyzer(config);
    const errors = [];
    analyzer.onEvent('LogEvent', (e) => {
        if (e.logLevel <= 1) errors.push(e.message);
    });
    try {
        await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
        const workspace = await analyzer.createWorkspace(packageDirs);
        const selection = await analyzer.selectRules(['pmd:Apex'], { workspace });
        const results = await analyzer.run(selection, { workspace });
        const problems = [];
        const notes = [];
        const bySeverity = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
        for (const v of results.getViolations()) {
            const sev = v.getRule().getSeverityLevel();
            bySeverity[sev] = (bySeverity[sev] ?? 0) + 1;
            const loc = v.getPrimaryLocation();
            const file = loc.getFile() ? rel(root, loc.getFile()) : '?';
            const text = `${file}:${loc.getStartLine() ?? '?'} sev${sev} ${v.getRule().getName()}: ${v.getMessage().trim()}`;
            (sev <= 2 ? problems : notes).push(text);
        }
        for (const e of errors) problems.push(`code analyzer error: ${e}`);
        const count = selection.getCount();
        if (count < 50) problems.push(`only ${count} PMD Apex rules were selected: the engine did not load properly`);
        return {
            problems,
            notes,
            summary: `${count} rules; violations by severity: ${Object.entries(bySeverity)
                .map(([k, n]) => `${k}:${n}`)
                .join(' ')} (fail on 1-2)`,
        };
    } finally {
        await rm(output, { recursive: true, force: true });
    }
}
