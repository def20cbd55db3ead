import { describe, expect, it } from 'vitest';
import { parseSalesforceId, salesforceIdChecksum, toId18, looksLikeUserId } from '../src/validation/salesforce-id.js';
import { isCallerCustomerId, isEmail, isTencentUserId, truncateUtf8 } from '../src/validation/fields.js';
import { soqlString } from '../src/salesforce/soql.js';
import { jsonPointerToPath } from '../src/http/error-handler.js';
import { splitName } from '../src/salesforce/cases.js';

describe('Salesforce ids', () => {
    it('computes the 18-char checksum (vector 0036000000QKv5T → AAT)', () => {
        expect(salesforceIdChecksum('0036000000QKv5T')).toBe('AAT');
        expect(parseSalesforceId('0036000000QKv5T')).toEqual({ ok: true, id18: '0036000000QKv5TAAT' });
    });

    it('accepts a valid 18-char id and rejects a wrong checksum', () => {
        expect(parseSalesforceId('0036000000QKv5TAAT')).toEqual({ ok: true, id18: '0036000000QKv5TAAT' });
        expect(parseSalesforceId('0036000000QKv5TAAA').ok).toBe(false);
    });

    it('checks charset, length and prefix', () => {
        expect(parseSalesforceId('0036000000QKv5!').ok).toBe(false);
        expect(parseSalesforceId('0036000000QKv5').ok).toBe(false);
        expect(parseSalesforceId(42).ok).toBe(false);
        expect(parseSalesforceId('0036000000QKv5T', '500')).toEqual({ ok: false, reason: 'must start with 500' });
        expect(toId18('5003000000D8cuI')).toBe('5003000000D8cuIAAR');
        expect(() => toId18('nope')).toThrow();
        expect(looksLikeUserId(toId18('005000000000001'))).toBe(true);
        expect(looksLikeUserId('005000000000001')).toBe(false);
        expect(looksLikeUserId('cust_abc')).toBe(false);
    });
});

describe('field rules', () => {
    it('validates emails, Tencent user ids and caller-chosen customer ids', () => {
        expect(isEmail('ada@example.com')).toBe(true);
        expect(isEmail('ada@example')).toBe(false);
        expect(isEmail("x'@example.com")).toBe(true);
        expect(isEmail('a b@example.com')).toBe(false);
        expect(isTencentUserId('user_1-a')).toBe(true);
        expect(isTencentUserId('a'.repeat(33))).toBe(false);
        expect(isTencentUserId('bad id')).toBe(false);
        expect(isCallerCustomerId('visitor-42')).toBe(true);
        expect(isCallerCustomerId('cust_abc')).toBe(false);
        expect(isCallerCustomerId('005000000000001AAA')).toBe(false);
    });

    it('truncates UTF-8 by bytes without splitting characters', () => {
        expect(truncateUtf8('abc', 30)).toBe('abc');
        expect(truncateUtf8('ééé', 5)).toBe('éé');
    });

    it('escapes SOQL string literals', () => {
        expect(soqlString("o'brien@example.com")).toBe("'o\\'brien@example.com'");
        expect(soqlString('a\\b\n')).toBe("'a\\\\b\\n'");
    });

    it('maps JSON pointers to field paths and splits names', () => {
        expect(jsonPointerToPath('/groups/0/agents/1/userId')).toBe('groups[0].agents[1].userId');
        expect(jsonPointerToPath('')).toBe('');
        expect(splitName('Ada King Lovelace')).toEqual({ FirstName: 'Ada King', LastName: 'Lovelace' });
        expect(splitName('Plato')).toEqual({ LastName: 'Plato' });
    });
});
