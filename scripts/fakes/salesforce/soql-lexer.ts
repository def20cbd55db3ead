import { SalesforceError } from './errors.js';

export type TokenKind = 'ident' | 'string' | 'number' | 'date' | 'datetime' | 'op' | 'punct' | 'eof';

export interface Token {
    kind: TokenKind;
    /** source text (for ident: as written) */
    text: string;
    /** decoded string literal, number, or epoch ms for date/datetime */
    value?: string | number;
    /** 0-based offset in the query */
    pos: number;
}

/** Formats an error the way Salesforce points into a query: the query, a caret, row and column. */
export function soqlError(errorCode: string, query: string, pos: number, message: string): SalesforceError {
    const column = Math.max(0, pos);
    return new SalesforceError(
        400,
        errorCode,
        `\n${query}\n${' '.repeat(column)}^\nERROR at Row:1:Column:${column + 1}\n${message}`,
    );
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\dT])/;
const NUMBER = /^-?\d+(?:\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const ESCAPES: Record<string, string> = {
    n: '\n',
    r: '\r',
    t: '\t',
    b: '\b',
    f: '\f',
    '"': '"',
    "'": "'",
    '\\': '\\',
    '%': '\\%',
    _: '\\_',
};

/** Splits a SOQL string into tokens. String escapes follow SOQL (\' \\ \n ...; \% and \_ stay escaped for LIKE). */
export function tokenize(query: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < query.length) {
        const ch = query.charAt(i);
        if (/\s/.test(ch)) {
            i += 1;
            continue;
        }
        const rest = query.slice(i);
        if (ch === "'") {
            let value = '';
            let j = i + 1;
            for (;;) {
                if (j >= query.length) throw soqlError('MALFORMED_QUERY', query, i, 'unterminated string literal');
                const c = query.charAt(j);
                if (c === '\\') {
                    const next = query.charAt(j + 1);
                    const decoded = ESCAPES[next];
                    if (decoded === undefined)
                        throw soqlError('MALFORMED_QUERY', query, j, `invalid escape sequence \\${next}`);
                    value += decoded;
                    j += 2;
                    continue;
                }
                if (c === "'") break;
                value += c;
                j += 1;
            }
            tokens.push({ kind: 'string', text: query.slice(i, j + 1), value, pos: i });
            i = j + 1;
            continue;
        }
        const datetime = DATETIME.exec(rest);
        if (datetime) {
            tokens.push({ kind: 'datetime', text: datetime[0], value: Date.parse(datetime[0]), pos: i });
            i += datetime[0].length;
            continue;
        }
        const date = DATE.exec(rest);
        if (date) {
            tokens.push({ kind: 'date', text: date[0], value: Date.parse(`${date[0]}T00:00:00Z`), pos: i });
            i += date[0].length;
            continue;
        }
        const number = NUMBER.exec(rest);
        if (number && (ch !== '-' || /\d/.test(query.charAt(i + 1)))) {
            tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), pos: i });
            i += number[0].length;
            continue;
        }
        const ident = IDENT.exec(rest);
        if (ident) {
            tokens.push({ kind: 'ident', text: ident[0], pos: i });
            i += ident[0].length;
            continue;
        }
        const op = /^(?:!=|<>|<=|>=|=|<|>)/.exec(rest);
        if (op) {
            tokens.push({ kind: 'op', text: op[0] === '<>' ? '!=' : op[0], pos: i });
            i += op[0].length;
            continue;
        }
        if ('(),.:'.includes(ch)) {
            tokens.push({ kind: 'punct', text: ch, pos: i });
            i += 1;
            continue;
        }
        throw soqlError('MALFORMED_QUERY', query, i, `unexpected token: '${ch}'`);
    }
    tokens.push({ kind: 'eof', text: '', pos: query.length });
    return tokens;
}
