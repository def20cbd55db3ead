import { describe, expect, it } from 'vitest';
import {
    caseGroupIntroduction,
    caseGroupName,
    caseGroupProfile,
    MAX_GROUP_INTRODUCTION_BYTES,
} from '../src/tencent/case-group-profile.js';

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const base = { groupId: '500000000000001AAA', caseNumber: '00001001', customerId: 'cust_0123456789abcdef01234567' };

describe('case group name', () => {
    it('is "<CaseNumber> <Subject>" cut to 30 bytes on a UTF-8 boundary', () => {
        expect(caseGroupName({ ...base, subject: 'Cannot log in' })).toBe('00001001 Cannot log in');
        expect(caseGroupName({ ...base, subject: 'A subject that is far too long for Tencent' })).toBe(
            '00001001 A subject that is far',
        );
        // "é" is 2 bytes, "登" 3 bytes: never split one.
        const cut = caseGroupName({ ...base, subject: 'éé登登登登登登登' });
        expect(bytes(cut)).toBeLessThanOrEqual(30);
        expect(cut).toBe('00001001 éé登登登登登'); // 28 bytes: one more 登 would be 31
        expect(cut).not.toContain('\uFFFD');
    });
    it('falls back to the subject alone, then to the group id', () => {
        expect(caseGroupName({ groupId: 'g1', customerId: 'c', subject: 'Help' })).toBe('Help');
        expect(caseGroupName({ groupId: '500000000000001AAA', customerId: 'c' })).toBe('500000000000001AAA');
    });
});

describe('case group introduction', () => {
    it('is the JSON the widget reads, built with JSON.stringify', () => {
        const intro = caseGroupIntroduction({ ...base, subject: 'Say "hi" \\ <b>', customerName: 'Ada Lovelace' });
        expect(JSON.parse(intro)).toEqual({
            caseNumber: '00001001',
            subject: 'Say "hi" \\ <b>',
            customerName: 'Ada Lovelace',
            customerId: base.customerId,
        });
    });

    it.each([
        ['long ASCII subject', 'x'.repeat(255), 'Ada Lovelace'],
        ['long name and subject', 'S'.repeat(255), 'N'.repeat(80)],
        ['multi-byte text', '登'.repeat(200), 'é'.repeat(80)],
        ['emoji (4-byte, surrogate pairs)', '😀'.repeat(100), '🙂'.repeat(40)],
        ['quotes and control characters that escaping lengthens', '"\\\u0001'.repeat(80), 'a\tb'.repeat(30)],
    ])('fits 240 bytes and stays valid JSON: %s', (_name, subject, customerName) => {
        const intro = caseGroupIntroduction({ ...base, subject, customerName });
        expect(bytes(intro)).toBeLessThanOrEqual(MAX_GROUP_INTRODUCTION_BYTES);
        const parsed = JSON.parse(intro) as Record<string, string>;
        expect(parsed.caseNumber).toBe('00001001');
        expect(parsed.customerId).toBe(base.customerId);
        expect(subject.startsWith(parsed.subject ?? '')).toBe(true);
        expect(customerName.startsWith(parsed.customerName ?? '')).toBe(true);
        expect(`${parsed.subject}${parsed.customerName}`).not.toContain('\uFFFD');
        // Both free-text fields keep a share; neither is dropped to make room for the other.
        expect(parsed.subject!.length).toBeGreaterThan(0);
        expect(parsed.customerName!.length).toBeGreaterThan(0);
    });

    it('leaves a short introduction untouched and shortens only what is needed', () => {
        const short = caseGroupIntroduction({ ...base, subject: 'Help', customerName: 'Ada' });
        expect(JSON.parse(short)).toMatchObject({ subject: 'Help', customerName: 'Ada' });
        const tight = caseGroupIntroduction({ ...base, subject: 'y'.repeat(200), customerName: 'Ada' });
        expect(bytes(tight)).toBe(MAX_GROUP_INTRODUCTION_BYTES);
        expect(JSON.parse(tight)).toMatchObject({ customerName: 'Ada' });
    });

    it('builds name and introduction together', () => {
        expect(caseGroupProfile({ ...base, subject: 'Cannot log in', customerName: 'Ada' })).toEqual({
            name: '00001001 Cannot log in',
            introduction: JSON.stringify({
                caseNumber: '00001001',
                subject: 'Cannot log in',
                customerName: 'Ada',
                customerId: base.customerId,
            }),
        });
    });
});
