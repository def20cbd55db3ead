// Shared helpers of the offline Apex / metadata checks.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

/** Recursively lists files under dir (absolute paths), skipping node_modules and dot folders. */
export async function walk(dir) {
    const out = [];
    let entries;
    try {
        entries = await readdir(dir, { withFileTypes: true });
    } catch {
        return out;
    }
    for (const e of entries) {
        if (e.name === 'node_modules' || e.name === '.sfdx' || e.name === '.sf') continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) out.push(...(await walk(p)));
        else if (e.isFile()) out.push(p);
    }
    return out.sort();
}

export async function exists(p) {
    try {
        await stat(p);
        return true;
    } catch {
        return false;
    }
}

/** Reads sfdx-project.json: package directories and source API version. */
export async function readProject(root) {
    const json = JSON.parse(await readFile(path.join(root, 'sfdx-project.json'), 'utf8'));
    const dirs = (json.packageDirectories ?? []).map((d) => path.join(root, d.path));
    return { packageDirs: dirs, apiVersion: json.sourceApiVersion };
}

/** Minimal .forceignore support (the patterns this project uses: `**` globs, `*` in names). */
export async function forceIgnore(root) {
    let text = '';
    try {
        text = await readFile(path.join(root, '.forceignore'), 'utf8');
    } catch {
        return () => false;
    }
    const res = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#'))
        .map((glob) => {
            let re = glob
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*\*\//g, '\u0000')
                .replace(/\*\*/g, '\u0001')
                .replace(/\*/g, '[^/]*')
                // eslint-disable-next-line no-control-regex -- placeholder characters chosen because globs cannot contain them
                .replace(/\u0000/g, '(?:.*/)?')
                // eslint-disable-next-line no-control-regex -- see above
                .replace(/\u0001/g, '.*');
            if (!glob.startsWith('/')) re = '(?:^|/)' + re;
            return new RegExp(re + '$');
        });
    return (rel) => res.some((r) => r.test(rel.split(path.sep).join('/')));
}

/** Apex sources (.cls, .trigger) of the package directories, minus .forceignore'd files. */
export async function apexFiles(root) {
    const { packageDirs } = await readProject(root);
    const ignored = await forceIgnore(root);
    const out = [];
    for (const d of packageDirs) {
        for (const f of await walk(d)) {
            if (/\.(cls|trigger)$/.test(f) && !ignored(path.relative(root, f))) out.push(f);
        }
    }
    return out;
}

/** Blanks comments and string literals of Apex source, keeping line numbers and columns. */
export function stripApex(src, { keepStrings = false } = {}) {
    let out = '';
    let i = 0;
    while (i < src.length) {
        const c = src[i];
        const n = src[i + 1];
        if (c === '/' && n === '/') {
            while (i < src.length && src[i] !== '\n') {
                out += ' ';
                i++;
            }
        } else if (c === '/' && n === '*') {
            while (i < src.length && !(src[i] === '*' && src[i + 1] === '/')) {
                out += src[i] === '\n' ? '\n' : ' ';
                i++;
            }
            out += '  ';
            i += 2;
        } else if (c === "'") {
            out += "'";
            i++;
            while (i < src.length && src[i] !== "'") {
                if (src[i] === '\\') {
                    out += keepStrings ? src[i] + (src[i + 1] ?? '') : '  ';
                    i += 2;
                    continue;
                }
                out += keepStrings ? src[i] : src[i] === '\n' ? '\n' : ' ';
                i++;
            }
            out += "'";
            i++;
        } else {
            out += c;
            i++;
        }
    }
    return out;
}

export function lineOf(text, index) {
    let line = 1;
    for (let i = 0; i < index && i < text.length; i++) if (text[i] === '\n') line++;
    return line;
}

export function rel(root, p) {
    return path.relative(root, p).split(path.sep).join('/');
}
