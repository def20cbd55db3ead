import { describe, expect, it } from 'vitest';
import { IdFactory } from '../salesforce/ids.js';
import { idChecksum, to18 } from '../salesforce/index.js';

describe('Salesforce ids', () => {
    it('computes the documented checksum vector', () => {
        expect(idChecksum('0036000000QKv5T')).toBe('AAT');
        expect(to18('0036000000QKv5T')).toBe('0036000000QKv5TAAT');
    });

    it('accepts a correct 18-char id and rejects a wrong checksum or bad charset', () => {
        expect(to18('0036000000QKv5TAAT')).toBe('0036000000QKv5TAAT');
        expect(to18('0036000000QKv5Taat')).toBe('0036000000QKv5TAAT');
        expect(to18('0036000000QKv5TAAA')).toBeUndefined();
        expect(to18('0036000000QKv5-')).toBeUndefined();
        expect(to18('003')).toBeUndefined();
    });

    it('generates unique 18-char ids with the key prefix and a valid checksum', () => {
        const factory = new IdFactory();
        const ids = Array.from({ length: 500 }, () => factory.next('500'));
        expect(new Set(ids).size).toBe(500);
        for (const id of ids) {
            expect(id).toMatch(/^500[A-Za-z0-9]{15}$/);
            expect(id.slice(15)).toBe(idChecksum(id.slice(0, 15)));
        }
        // the ids exercise upper-case letters, so the checksum is not always AAA
        expect(ids.some((id) => !id.endsWith('AAA'))).toBe(true);
    });
});
