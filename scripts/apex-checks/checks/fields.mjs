// Check 6: every custom field / custom object / custom metadata type referenced in Apex (and in LWC/Aura
// `@salesforce/schema/...` imports) exists in the package (objects/<Obj>/fields/<Field>.field-meta.xml,
// objects/<Obj>/<Obj>.object-meta.xml), and every `callout:<Name>` has its Named Credential.
// Precise where the object is known (SOQL `FROM <Obj>`, `new <Obj>(Field__c = ...)`, `<Obj>.Field__c`),
// otherwise the field must exist on at least one object of the package.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { apexFiles, lineOf, readProject, rel, stripApex, walk } from '../lib.mjs';

async function loadSchema(root) {
    const { packageDirs } = await readProject(root);
    const objects = new Map(); // lower object name -> { name, fields:Set(lower), hasObjectFile }
    const namedCredentials = new Set();
    const all = [];
    for (const d of packageDirs) all.push(...(await walk(d)));
    for (const f of all) {
        const parts = rel(root, f).split('/');
        const oi = parts.lastIndexOf('objects');
        if (oi >= 0 && parts.length > oi + 2) {
            const obj = parts[oi + 1];
            const key = obj.toLowerCase();
            if (!objects.has(key)) objects.set(key, { name: obj, fields: new Set(), hasObjectFile: false });
            const o = objects.get(key);
            if (parts[oi + 2] === `${obj}.object-meta.xml`) o.hasObjectFile = true;
            if (parts[oi + 2] === 'fields' && f.endsWith('.field-meta.xml')) {
                o.fields.add(path.basename(f, '.field-meta.xml').toLowerCase());
            }
        }
        if (f.endsWith('.namedCredential-meta.xml'))
            namedCredentials.add(path.basename(f, '.namedCredential-meta.xml'));
    }
    const allFields = new Set();
    for (const o of objects.values()) for (const fl of o.fields) allFields.add(fl);
    return { objects, allFields, namedCredentials, files: all };
}

const CUSTOM_TOKEN = /\b([A-Za-z][A-Za-z0-9_]*?)__(c|mdt|e|r)\b/g;

/** Index of the bracket closing the one at `open` (the same kind: `(` or `[`), or -1. */
function matchClosing(text, open) {
    const opener = text[open];
    const closer = opener === '(' ? ')' : ']';
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        if (text[i] === opener) depth++;
        else if (text[i] === closer && --depth === 0) return i;
    }
    return -1;
}

export function analyzeApex(code, schema, report) {
    const { objects, allFields } = schema;
    const isCustomObject = (n) => objects.get(n.toLowerCase())?.hasObjectFile === true;
    const fieldOn = (obj, field) => objects.get(obj.toLowerCase())?.fields.has(field.toLowerCase()) === true;
    const precise = (obj, field, index, how) => {
        const o = objects.get(obj.toLowerCase());
        if (/__(c|mdt|e)$/i.test(obj) && !o?.hasObjectFile) {
            report(index, `unknown custom object ${obj}`);
        } else if (!fieldOn(obj, field)) {
            report(index, `field ${obj}.${field} (${how}) not found in objects/${obj}/fields/`);
        }
    };
    // 1. any custom token
    for (const m of code.matchAll(CUSTOM_TOKEN)) {
        const [token, , suffix] = m;
        if (suffix === 'mdt' || suffix === 'e') {
            if (!isCustomObject(token))
                report(m.index, `unknown custom ${suffix === 'mdt' ? 'metadata type' : 'event'} ${token}`);
        } else if (suffix === 'c') {
            if (!isCustomObject(token) && !allFields.has(token.toLowerCase()))
                report(m.index, `unknown custom field or object ${token}`);
        } else if (suffix === 'r') {
            const field = token.slice(0, -3) + '__c';
            if (!allFields.has(field.toLowerCase()))
                report(m.index, `relationship ${token} has no lookup field ${field}`);
        }
    }
    // 2. SOQL: fields of the FROM object
    for (const m of code.matchAll(/\[\s*SELECT\b/gi)) {
        const end = matchClosing(code, m.index);
        if (end < 0) continue;
        const q = code.slice(m.index + 1, end);
        const from = /\bFROM\s+([A-Za-z0-9_]+)/i.exec(q);
        if (!from) continue;
        const obj = from[1];
        // blank sub-queries and relationship paths; keep bare field names
        let flat = q;
        for (let i = flat.indexOf('('); i >= 0; i = flat.indexOf('(', i + 1)) {
            const close = matchClosing(flat, i);
            if (close < 0) break;
            const inner = flat.slice(i, close + 1);
            if (/^\(\s*SELECT\b/i.test(inner))
                flat = flat.slice(0, i) + ' '.repeat(inner.length) + flat.slice(close + 1);
        }
        for (const f of flat.matchAll(/(^|[^.:\w])([A-Za-z][A-Za-z0-9_]*__c)\b(?!\s*\.)/g)) {
            if (isCustomObject(f[2])) continue; // the FROM object itself, or a TYPEOF / semi-join object
            precise(obj, f[2], m.index + 1 + f.index + f[1].length, 'SOQL');
        }
    }
    // 3. new Obj(Field__c = ...)
    for (const m of code.matchAll(/\bnew\s+([A-Za-z][A-Za-z0-9_]*)\s*\(/g)) {
        const obj = m[1];
        const known = objects.has(obj.toLowerCase()) || /__(c|mdt|e)$/i.test(obj);
        if (!known) continue;
        const open = m.index + m[0].length - 1;
        const close = matchClosing(code, open);
        if (close < 0) continue;
        const args = code.slice(open + 1, close);
        let depth = 0;
        let start = 0;
        const pieces = [];
        for (let i = 0; i <= args.length; i++) {
            const ch = args[i];
            if (ch === '(' || ch === '{' || ch === '[') depth++;
            else if (ch === ')' || ch === '}' || ch === ']') depth--;
            else if ((ch === ',' && depth === 0) || i === args.length) {
                pieces.push([start, args.slice(start, i)]);
                start = i + 1;
            }
        }
        for (const [offset, piece] of pieces) {
            const nm = /^\s*([A-Za-z][A-Za-z0-9_]*__c)\s*=(?!=)/.exec(piece);
            if (nm) precise(obj, nm[1], open + 1 + offset, 'constructor');
        }
    }
    // 4. Obj.Field__c where Obj is a known object (SObjectField references)
    for (const m of code.matchAll(/\b([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*__c)\b/g)) {
        const obj = m[1];
        if (objects.has(obj.toLowerCase()) && objects.get(obj.toLowerCase()).name === obj) {
            precise(obj, m[2], m.index, 'field reference');
        }
    }
}

export async function checkFields(root) {
    const schema = await loadSchema(root);
    const problems = [];
    const files = await apexFiles(root);
    let refs = 0;
    for (const f of files) {
        const src = await readFile(f, 'utf8');
        const noComments = stripApex(src, { keepStrings: true });
        const code = stripApex(src);
        const seen = new Set();
        analyzeApex(code, schema, (index, msg) => {
            const key = `${lineOf(code, index)} ${msg}`;
            if (seen.has(key)) return;
            seen.add(key);
            problems.push(`${rel(root, f)}:${key}`);
        });
        refs += (code.match(CUSTOM_TOKEN) ?? []).length;
        for (const m of noComments.matchAll(/'callout:([A-Za-z0-9_]+)/g)) {
            if (!schema.namedCredentials.has(m[1])) {
                problems.push(
                    `${rel(root, f)}:${lineOf(noComments, m.index)} Named Credential ${m[1]} not found in namedCredentials/`,
                );
            }
        }
    }
    // LWC / Aura schema imports
    for (const f of schema.files.filter((p) => /\/(lwc|aura)\/.+\.(js|ts)$/.test(p))) {
        const src = await readFile(f, 'utf8');
        for (const m of src.matchAll(/@salesforce\/schema\/([A-Za-z0-9_]+)(?:\.([A-Za-z0-9_]+))?/g)) {
            refs++;
            const [, obj, field] = m;
            const o = schema.objects.get(obj.toLowerCase());
            if (/__(c|mdt|e)$/.test(obj) && !o?.hasObjectFile)
                problems.push(`${rel(root, f)}:${lineOf(src, m.index)} unknown custom object ${obj}`);
            else if (field && /__c$/.test(field) && !o?.fields.has(field.toLowerCase())) {
                problems.push(
                    `${rel(root, f)}:${lineOf(src, m.index)} field ${obj}.${field} not found in objects/${obj}/fields/`,
                );
            }
        }
    }
    return {
        problems,
        summary: `${refs} custom references in ${files.length} Apex files + LWC/Aura imports, ${problems.length} unknown`,
    };
}
