/**
 * The composer's `/` shortcut: a line that starts with `/` is a Quick Text search for the rest of the line. These
 * helpers find that line around the caret and replace it with the chosen text. Pure string functions.
 */
export interface SlashLine {
    /** Index of the `/` in the composer's text. */
    start: number;
    /** Index just after the line (its newline or the end of the text). */
    end: number;
    /** What follows the `/`. */
    query: string;
}

/** The line holding the caret when it starts with `/`, else null. */
export function slashLineAt(text: string, caret: number): SlashLine | null {
    const at = Math.max(0, Math.min(caret, text.length));
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    if (text.charAt(start) !== '/') return null;
    return { start, end, query: text.slice(start + 1, end) };
}

/** The text with the slash line replaced by `insert`, and where the caret goes (after the inserted text). */
export function replaceSlashLine(text: string, line: SlashLine, insert: string): { text: string; caret: number } {
    return { text: text.slice(0, line.start) + insert + text.slice(line.end), caret: line.start + insert.length };
}
