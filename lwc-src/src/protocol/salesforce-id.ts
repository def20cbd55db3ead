const ID_15 = /^[a-zA-Z0-9]{15}$/;
const ID_18 = /^[a-zA-Z0-9]{18}$/;
const CHECKSUM_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3-char checksum suffix of a 15-char Salesforce id. */
function checksum(id15: string): string {
    let suffix = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        let bits = 0;
        for (let i = 0; i < 5; i++) {
            const c = id15.charAt(chunk * 5 + i);
            if (c >= 'A' && c <= 'Z') bits |= 1 << i;
        }
        suffix += CHECKSUM_CHARS.charAt(bits);
    }
    return suffix;
}

/** The 18-char form of a valid 15/18-char id, or null when the id is malformed (bad charset or checksum). */
export function toId18(id: string): string | null {
    if (ID_15.test(id)) return id + checksum(id);
    if (ID_18.test(id)) {
        return checksum(id.slice(0, 15)).toUpperCase() === id.slice(15).toUpperCase()
            ? id.slice(0, 15) + checksum(id.slice(0, 15))
            : null;
    }
    return null;
}

/** The 18-char id of a Case (prefix 500), or null. */
export function toCaseId18(id: string): string | null {
    const id18 = toId18(id);
    return id18 !== null && id18.startsWith('500') ? id18 : null;
}

/** True for any well-formed record id (used for `navigate`). */
export function isRecordId(id: string): boolean {
    return toId18(id) !== null;
}
