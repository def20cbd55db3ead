// Check 1: every .cls / .trigger parses with @apexdevtools/apex-parser (lexer and parser errors).
import { readFile } from 'node:fs/promises';
import { ApexParserFactory, ApexErrorListener } from '@apexdevtools/apex-parser';
import { apexFiles, rel } from '../lib.mjs';

class Collect extends ApexErrorListener {
    constructor() {
        super();
        this.errors = [];
    }
    apexSyntaxError(line, column, msg) {
        this.errors.push({ line, column, msg });
    }
}

export async function checkSyntax(root) {
    const problems = [];
    const files = await apexFiles(root);
    for (const f of files) {
        const src = await readFile(f, 'utf8');
        const listener = new Collect();
        const { parser } = ApexParserFactory.createLexerAndParser(src, listener);
        if (f.endsWith('.trigger')) parser.triggerUnit();
        else parser.compilationUnit();
        for (const e of listener.errors) {
            const msg = e.msg.length > 200 ? e.msg.slice(0, 200) + '…' : e.msg;
            problems.push(`${rel(root, f)}:${e.line}:${e.column + 1} ${msg}`);
        }
    }
    return { problems, summary: `${files.length} files parsed, ${problems.length} syntax errors` };
}
