/**
 * The group profile a case's chat group carries, so the agent widget can list it without calling Salesforce
 * (docs/widget.md "Group metadata"): `Name` = "<CaseNumber> <Subject>" (≤ 30 bytes) and `Introduction` = JSON
 * `{"caseNumber","subject","customerName","customerId"}` (≤ 240 bytes, Tencent's limits for create_group).
 */
import { truncateUtf8 } from '../validation/fields.js';

export const MAX_GROUP_NAME_BYTES = 30;
export const MAX_GROUP_INTRODUCTION_BYTES = 240;

export interface CaseGroupFacts {
    groupId: string;
    caseNumber?: string;
    subject?: string;
    customerName?: string;
    customerId: string;
}

export interface CaseGroupProfile {
    name: string;
    introduction: string;
}

const utf8Bytes = (value: string): number => Buffer.byteLength(value, 'utf8');

/** "<CaseNumber> <Subject>" cut to 30 bytes on a character boundary; the group id when nothing else is known. */
export function caseGroupName(facts: CaseGroupFacts): string {
    const full = [facts.caseNumber?.trim(), facts.subject?.trim()].filter(Boolean).join(' ');
    const name = truncateUtf8(full, MAX_GROUP_NAME_BYTES).trimEnd();
    return name || truncateUtf8(facts.groupId, MAX_GROUP_NAME_BYTES);
}

/** Bytes a string takes inside a JSON string literal (UTF-8, after JSON.stringify's escaping, without quotes). */
function jsonStringBytes(value: string): number {
    return utf8Bytes(JSON.stringify(value)) - 2;
}

/** The longest prefix of `value`, cut between code points, whose JSON-escaped form fits `maxBytes`. */
function fitJsonString(value: string, maxBytes: number): string {
    let out = '';
    let used = 0;
    for (const ch of value) {
        const n = jsonStringBytes(ch);
        if (used + n > maxBytes) break;
        out += ch;
        used += n;
    }
    return out;
}

/**
 * The introduction JSON, built with JSON.stringify and fitted to `maxBytes`: subject and customer name (the only
 * free-text fields) are shortened on code-point boundaries, measured as they appear in the JSON (escapes count),
 * the longer one first and never below the other's length while both can share. Every round shortens a field,
 * so the loop ends; the result always parses.
 */
export function caseGroupIntroduction(facts: CaseGroupFacts, maxBytes = MAX_GROUP_INTRODUCTION_BYTES): string {
    const fields = {
        caseNumber: facts.caseNumber?.trim() ?? '',
        subject: facts.subject?.trim() ?? '',
        customerName: facts.customerName?.trim() ?? '',
        customerId: facts.customerId,
    };
    for (;;) {
        const json = JSON.stringify(fields);
        const overflow = utf8Bytes(json) - maxBytes;
        if (overflow <= 0) return json;
        const subjectBytes = jsonStringBytes(fields.subject);
        const nameBytes = jsonStringBytes(fields.customerName);
        const longer = subjectBytes >= nameBytes ? 'subject' : 'customerName';
        const length = Math.max(subjectBytes, nameBytes);
        const other = Math.min(subjectBytes, nameBytes);
        if (length === 0) {
            // Only the fixed fields are left and they do not fit (cannot happen with validated ids): keep valid JSON.
            if (fields.customerId) fields.customerId = '';
            else if (fields.caseNumber) fields.caseNumber = '';
            else return '{}';
            continue;
        }
        let target = Math.max(other, length - overflow);
        if (target >= length) target = length - Math.ceil(overflow / 2);
        fields[longer] = fitJsonString(fields[longer], Math.max(0, target));
    }
}

export function caseGroupProfile(facts: CaseGroupFacts): CaseGroupProfile {
    return { name: caseGroupName(facts), introduction: caseGroupIntroduction(facts) };
}
