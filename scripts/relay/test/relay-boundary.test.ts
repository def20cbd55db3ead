/**
 * The live relay contains no fake, sandbox or demo code: its import graph (from every file under scripts/relay/src)
 * and its build (scripts/relay/tsconfig.build.json) stay inside scripts/relay/src. The dependency points sandbox → relay.
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const RELAY = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(RELAY, 'src');
const SCRIPTS = resolve(RELAY, '..');

function tsFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
    });
}

/** Relative specifiers of static imports, re-exports and dynamic imports. */
function relativeImports(file: string): string[] {
    const text = readFileSync(file, 'utf8');
    const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)];
    return specs.map((m) => m[1] as string);
}

/** Every file reachable from `entry` through relative imports. */
function importGraph(entries: string[]): Set<string> {
    const seen = new Set<string>();
    const queue = [...entries];
    while (queue.length > 0) {
        const file = queue.pop() as string;
        if (seen.has(file)) continue;
        seen.add(file);
        for (const spec of relativeImports(file)) {
            const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
            if (existsSync(target)) queue.push(target);
            else seen.add(target); // unresolved: still reported by path
        }
    }
    return seen;
}

describe('relay boundary', () => {
    it("the relay's import graph stays inside scripts/relay/src (no fakes, no sandbox, no demo pages)", () => {
        const graph = importGraph(tsFiles(SRC));
        expect(graph.has(join(SRC, 'main.ts'))).toBe(true);
        const outside = [...graph].filter((f) => relative(SRC, f).startsWith('..')).map((f) => relative(SCRIPTS, f));
        expect(outside).toEqual([]);
    });

    it('the relay build compiles only scripts/relay/src', () => {
        const build = JSON.parse(readFileSync(join(RELAY, 'tsconfig.build.json'), 'utf8')) as {
            compilerOptions: { rootDir: string };
            include: string[];
        };
        expect(build.compilerOptions.rootDir).toBe('src');
        expect(build.include).toEqual(['src/**/*.ts']);
    });

    it('the sandbox entry lives in scripts/sandbox and npm start runs it; the live entry is npm run relay', () => {
        const pkg = JSON.parse(readFileSync(join(SCRIPTS, '..', 'package.json'), 'utf8')) as {
            scripts: Record<string, string>;
        };
        expect(pkg.scripts['start']).toContain('scripts/sandbox/main.ts');
        expect(pkg.scripts['relay']).toContain('scripts/relay/src/main.ts');
        expect(existsSync(join(SRC, 'sandbox'))).toBe(false);
    });
});
