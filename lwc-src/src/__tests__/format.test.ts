import { fullTime, setDateLocale, shortTime, toIntlLocale, validTimeZone } from '../view/format';

// 2026-11-20 15:30 UTC is 23:30 the same day in Shanghai; 17:00 UTC is already 01:00 on the 21st there.
const MESSAGE = Date.UTC(2026, 10, 20, 15, 30);
const NOW = Date.UTC(2026, 10, 20, 17, 0);

describe('dates and times in the user’s locale and time zone', () => {
    afterEach(() => setDateLocale(undefined, undefined));

    it('decides "today" in the user’s time zone, not the browser’s', () => {
        setDateLocale('en_US', 'UTC');
        expect(shortTime(MESSAGE, NOW)).toBe('03:30 PM');
        setDateLocale('en_US', 'Asia/Shanghai');
        expect(shortTime(MESSAGE, NOW)).toBe('Nov 20');
        expect(shortTime(Date.UTC(2026, 10, 20, 16, 30), NOW)).toBe('12:30 AM');
    });

    it('formats in the user’s locale (Simplified Chinese)', () => {
        setDateLocale('zh_CN', 'Asia/Shanghai');
        expect(shortTime(MESSAGE, NOW)).toBe('11月20日');
        expect(shortTime(Date.UTC(2026, 10, 20, 16, 30), NOW)).toBe('00:30');
        expect(fullTime(MESSAGE)).toBe('2026年11月20日 23:30');
        setDateLocale('en_GB', 'Europe/London');
        expect(fullTime(MESSAGE)).toBe('20 Nov 2026, 15:30');
    });

    it('falls back to the browser’s locale and zone for unknown ones', () => {
        expect(toIntlLocale('zh_CN')).toBe('zh-CN');
        expect(toIntlLocale('')).toBeUndefined();
        expect(toIntlLocale('not a locale!')).toBeUndefined();
        expect(validTimeZone('Asia/Shanghai')).toBe('Asia/Shanghai');
        expect(validTimeZone('Mars/Olympus')).toBeUndefined();
        setDateLocale('zz_ZZ', 'Mars/Olympus');
        expect(shortTime(MESSAGE, MESSAGE)).not.toBe('');
    });
});
