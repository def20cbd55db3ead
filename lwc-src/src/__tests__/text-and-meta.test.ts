import { splitLinks } from '../store/link-segments';
import { parseCaseMeta } from '../chat/case-meta';

describe('splitLinks', () => {
    it('turns only http(s) URLs into links and trims trailing punctuation', () => {
        expect(splitLinks('see https://example.com/a?b=1. ok')).toEqual([
            { key: 't0', isLink: false, text: 'see ' },
            { key: 'l1', isLink: true, text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
            { key: 't2', isLink: false, text: '. ok' },
        ]);
    });
    it('never links javascript:, data: or other schemes', () => {
        for (const text of [
            'javascript:alert(1)',
            'data:text/html,<b>x</b>',
            'ftp://x.y/z',
            '<a href="javascript:x">y</a>',
        ]) {
            expect(splitLinks(text).every((s) => !s.isLink)).toBe(true);
        }
    });
    it('keeps markup as plain text', () => {
        expect(splitLinks('<img src=x onerror=alert(1)>')).toEqual([
            { key: 't0', isLink: false, text: '<img src=x onerror=alert(1)>' },
        ]);
    });
    it('handles empty text and text that is only a link', () => {
        expect(splitLinks('')).toEqual([{ key: 't0', isLink: false, text: '' }]);
        expect(splitLinks('http://a.b')).toEqual([
            { key: 'l0', isLink: true, text: 'http://a.b', href: 'http://a.b/' },
        ]);
    });
});

describe('parseCaseMeta', () => {
    it('prefers the JSON introduction written by the relay', () => {
        expect(
            parseCaseMeta(
                '00001001 Cannot log in',
                '{"caseNumber":"00001001","subject":"Cannot log in to the portal","customerName":"Ada","customerId":"cust_1"}',
            ),
        ).toEqual({
            caseNumber: '00001001',
            subject: 'Cannot log in to the portal',
            customerName: 'Ada',
            customerId: 'cust_1',
        });
    });
    it('falls back to "<case number> <subject>" in the group name', () => {
        expect(parseCaseMeta('00001001 · Cannot log in', '')).toMatchObject({
            caseNumber: '00001001',
            subject: 'Cannot log in',
        });
        expect(parseCaseMeta('00001002', 'free text')).toMatchObject({ caseNumber: '00001002', subject: '' });
    });
    it('uses the name as the subject when it has no case number (tutorial groups named by case id)', () => {
        expect(parseCaseMeta('500000000000001AAA', 'not json')).toMatchObject({
            caseNumber: '',
            subject: '500000000000001AAA',
        });
    });
});
