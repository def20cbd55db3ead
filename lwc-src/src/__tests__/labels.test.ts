import { label, labels, resolveLanguage, setLanguage } from '../i18n/labels';

describe('widget labels', () => {
    afterEach(() => setLanguage('en'));

    it('chooses Simplified Chinese for zh_CN / zh users and English for everyone else', () => {
        expect(resolveLanguage('zh_CN')).toBe('zh-CN');
        expect(resolveLanguage('zh')).toBe('zh-CN');
        expect(resolveLanguage('zh-Hans-CN')).toBe('zh-CN');
        expect(resolveLanguage('zh_TW')).toBe('en');
        expect(resolveLanguage('en_US')).toBe('en');
        expect(resolveLanguage('de')).toBe('en');
        expect(resolveLanguage(undefined)).toBe('en');
    });

    it('gives every English string a Chinese translation that differs from the English', () => {
        const english = labels();
        setLanguage('zh-CN');
        const chinese = labels();
        for (const key of Object.keys(english) as Array<keyof typeof english>) {
            expect(chinese[key]).toBeTruthy();
            expect(chinese[key]).not.toBe(english[key]);
        }
    });

    it('fills placeholders and leaves unknown ones visible', () => {
        setLanguage('zh-CN');
        expect(label('you')).toBe('你');
        expect(label('you', { unused: 1 })).toBe('你');
    });

    it('uses the same placeholders in every language', () => {
        const english = labels();
        setLanguage('zh-CN');
        const chinese = labels();
        const names = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
        for (const key of Object.keys(english) as Array<keyof typeof english>)
            expect([key, names(chinese[key])]).toEqual([key, names(english[key])]);
    });

    it('fills the Chinese strings the widget builds', () => {
        setLanguage('zh-CN');
        expect(label('countOf', { matching: 2, total: 5 })).toBe('2 / 5');
        expect(label('waitingHours', { h: 1, m: 5 })).toBe('已等待 1 小时 5 分钟');
    });
});
