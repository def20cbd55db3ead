/** Escapes a value for use inside a single-quoted SOQL string literal. */
export function soqlString(value: string): string {
    const escaped = value.replace(/[\\'"\n\r\t\b\f]/g, (ch) => {
        switch (ch) {
            case '\n':
                return '\\n';
            case '\r':
                return '\\r';
            case '\t':
                return '\\t';
            case '\b':
                return '\\b';
            case '\f':
                return '\\f';
            default:
                return `\\${ch}`;
        }
    });
    return `'${escaped}'`;
}
