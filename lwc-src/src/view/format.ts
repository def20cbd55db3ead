/**
 * Dates, times and sizes as the agent reads them: in the Salesforce user's locale and time zone (the host sends both,
 * `locale` message), falling back to the browser's. "Today" is decided in that time zone, not the browser's.
 */
interface Formats {
    time: Intl.DateTimeFormat;
    day: Intl.DateTimeFormat;
    full: Intl.DateTimeFormat;
    /** yyyy-mm-dd in the time zone: compares calendar days. */
    dayKey: Intl.DateTimeFormat;
}

function build(locale: string | undefined, timeZone: string | undefined): Formats {
    return {
        time: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }),
        day: new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone }),
        full: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
        dayKey: new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }),
    };
}

let formats = build(undefined, undefined);
let today: { now: number; key: string } = { now: 0, key: '' };

/** A BCP 47 locale (`zh-CN`) for a Salesforce one (`zh_CN`), or undefined when Intl does not know it. */
export function toIntlLocale(salesforceLocale: string | undefined): string | undefined {
    if (!salesforceLocale) return undefined;
    const tag = salesforceLocale.replace(/_/g, '-');
    try {
        return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0 ? tag : undefined;
    } catch {
        return undefined;
    }
}

/** The IANA time zone when Intl knows it (`Asia/Shanghai`), else undefined (the browser's zone). */
export function validTimeZone(timeZone: string | undefined): string | undefined {
    if (!timeZone) return undefined;
    try {
        new Intl.DateTimeFormat('en', { timeZone });
        return timeZone;
    } catch {
        return undefined;
    }
}

/** Formats from now on use this locale and time zone (unknown ones fall back to the browser's). */
export function setDateLocale(salesforceLocale: string | undefined, timeZone: string | undefined): void {
    formats = build(toIntlLocale(salesforceLocale), validTimeZone(timeZone));
    today = { now: 0, key: '' };
}

function dayKeyOfNow(now: number): string {
    if (today.now !== now) today = { now, key: formats.dayKey.format(new Date(now)) };
    return today.key;
}

/** "14:05" today, "Nov 19" (中文: "11月19日") otherwise, in the user's time zone. */
export function shortTime(ms: number, now: number): string {
    if (!ms) return '';
    const d = new Date(ms);
    return formats.dayKey.format(d) === dayKeyOfNow(now) ? formats.time.format(d) : formats.day.format(d);
}

export function fullTime(ms: number): string {
    return ms ? formats.full.format(new Date(ms)) : '';
}

export function fileSize(bytes: number): string {
    if (bytes < 1024) return `${bytes} B`;
    if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
