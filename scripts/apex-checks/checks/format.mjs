// Check 4: Apex sources are Prettier-formatted (prettier-plugin-apex, native parser: no Java needed).
import { readFile } from 'node:fs/promises';
import * as prettier from 'prettier';
import * as apexPlugin from 'prettier-plugin-apex';
import { apexFiles, rel } from '../lib.mjs';

export async function checkFormat(root) {
    const files = await apexFiles(root);
    const problems = [];
    for (const f of files) {
        const src = await readFile(f, 'utf8');
        const options = (await prettier.resolveConfig(f)) ?? {};
        try {
            const ok = await prettier.check(src, {
                ...options,
                filepath: f,
                parser: 'apex',
                plugins: [apexPlugin],
            });
            if (!ok)
                problems.push(
                    `${rel(root, f)} is not formatted (npx prettier --plugin=prettier-plugin-apex --write "${rel(root, f)}")`,
                );
        } catch (err) {
            problems.push(`${rel(root, f)}: prettier could not parse it: ${String(err.message).split('\n')[0]}`);
        }
    }
    return { problems, summary: `${files.length} files checked, ${problems.length} not formatted` };
}
