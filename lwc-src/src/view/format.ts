const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "14:05" today, "Nov 19" otherwise. */
export function shortTime(ms: number, now: number): string {
    if (!ms) return '';
    const d = new Date(ms);
    const n = new Date(now);
    return d.toDateString() === n.toDateString() ? timeFormat.format(d) : dayFormat.format(d);
}

export function fullTime(ms: number): string {
    return ms ? fullFormat.format(new Date(ms)) : '';
}

export function fileSize(bytes: number): string {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
