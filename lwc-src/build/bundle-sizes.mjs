import { gzipSync } from 'node:zlib';

export const BUDGETS = { widgetOwnGzip: 60 * 1024, totalGzip: 260 * 1024 };

export function sizeOf(content) {
    const buf = Buffer.isBuffer(content) ? content : Buffer.from(content);
    return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
}

export function kb(n) {
    return `${(n / 1024).toFixed(1)} KB`;
}

/** rows: [{name, raw, gzip}] → printable table */
export function formatSizeTable(rows, sizes) {
    const lines = ['part                               raw         gzip'];
    for (const r of rows) lines.push(`${r.name.padEnd(32)} ${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(10)}`);
    lines.push(
        `budget: widget own code ${kb(sizes.ownGzip)} gzip ≤ ${kb(BUDGETS.widgetOwnGzip)} ${sizes.ownGzip <= BUDGETS.widgetOwnGzip ? 'OK' : 'OVER'}; ` +
            `whole bundle ${kb(sizes.totalGzip)} gzip ≤ ${kb(BUDGETS.totalGzip)} ${sizes.totalGzip <= BUDGETS.totalGzip ? 'OK' : 'OVER'}`,
    );
    return lines.join('\n');
}
