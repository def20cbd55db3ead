/** Salesforce record ids: 15-char case-sensitive form + 3-char checksum = 18-char form. */

const CHECKSUM_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{18}$/;

/** The 3-char suffix: for each 5-char chunk, a bitmask of which chars are upper-case letters. */
export function idChecksum(id15: string): string {
    let suffix = '';
    for (let chunk = 0; chunk < 3; chunk += 1) {
        let bits = 0;
        for (let i = 0; i < 5; i += 1) {
            const ch = id15.charAt(chunk * 5 + i);
            if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
        }
        suffix += CHECKSUM_ALPHABET.charAt(bits);
    }
    return suffix;
}

/** 18-char form of a 15- or 18-char id; undefined when malformed or the checksum is wrong. */
export function to18(id: string): string | undefined {
    if (ID15.test(id)) return id + idChecksum(id);
    if (ID18.test(id)) {
        const head = id.slice(0, 15);
        return id.slice(15).toUpperCase() === idChecksum(head) ? head + idChecksum(head) : undefined;
    }
    return undefined;
}

export function isWellFormedId(id: string): boolean {
    return to18(id) !== undefined;
}

/** Key prefixes of the objects the fake knows. */
export const KEY_PREFIX = {
    Case: '500',
    Contact: '003',
    User: '005',
    Group: '00G',
    Organization: '00D',
    ContentVersion: '068',
    ContentDocument: '069',
    ContentDocumentLink: '06A',
    AgentWork: '0Bz',
    QuickText: '574',
    /** custom objects get an a-prefix per object (org-specific) */
    Tim_Engagement__c: 'a0E',
    /** custom metadata type records get an m-prefix per type (org-specific) */
    Tim_Chat_Setting__mdt: 'm00',
} as const;

/** Makes realistic, unique ids per key prefix (pod-like "5g" + zero padding + base62 counter). */
export class IdFactory {
    private counter = 0;

    constructor(private readonly seed = 2_000_000) {}

    next(prefix: string): string {
        this.counter += 1;
        let n = this.seed + this.counter * 7919;
        let tail = '';
        for (let i = 0; i < 6; i += 1) {
            tail = BASE62.charAt(n % 62) + tail;
            n = Math.floor(n / 62);
        }
        const id15 = `${prefix}5g0000${tail}`;
        return id15 + idChecksum(id15);
    }

    reset(): void {
        this.counter = 0;
    }
}
