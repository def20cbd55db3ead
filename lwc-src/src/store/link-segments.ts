export type TextSegment =
    { key: string; isLink: false; text: string } | { key: string; isLink: true; text: string; href: string };

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/u;

/**
 * Splits message text into plain-text and link segments. Only http(s) URLs become links; everything is
 * rendered by the template as text (never as HTML).
 */
export function splitLinks(text: string): TextSegment[] {
    const segments: TextSegment[] = [];
    let last = 0;
    let n = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
        const start = match.index ?? 0;
        const raw = match[0];
        const trimmed = raw.replace(TRAILING_PUNCTUATION, '');
        const href = safeHttpUrl(trimmed);
        if (!href) continue;
        if (start > last) segments.push({ key: `t${n++}`, isLink: false, text: text.slice(last, start) });
        segments.push({ key: `l${n++}`, isLink: true, text: trimmed, href });
        last = start + trimmed.length;
    }
    if (last < text.length || segments.length === 0)
        segments.push({ key: `t${n++}`, isLink: false, text: text.slice(last) });
    return segments;
}

/** The normalised URL when it is http(s), else null. */
export function safeHttpUrl(value: string): string | null {
    try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
        return null;
    }
}
