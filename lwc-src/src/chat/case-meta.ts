import type { CaseMeta } from './chat-types';

/**
 * Case number / subject / customer for a group, from what the relay set when it created the group:
 *  1. group introduction = JSON `{"caseNumber","subject","customerName","customerId"}` (preferred, see docs/widget.md);
 *  2. otherwise the group name "00001001 Subject" (case number, optional separator, subject);
 *  3. otherwise the name as the subject.
 */
export function parseCaseMeta(groupName: string, introduction: string): CaseMeta {
    const meta: CaseMeta = { caseNumber: '', subject: '', customerName: '', customerId: '' };
    const intro = introduction.trim();
    if (intro.startsWith('{')) {
        try {
            const parsed: unknown = JSON.parse(intro);
            if (typeof parsed === 'object' && parsed !== null) {
                const o = parsed as Record<string, unknown>;
                meta.caseNumber = str(o.caseNumber);
                meta.subject = str(o.subject);
                meta.customerName = str(o.customerName);
                meta.customerId = str(o.customerId);
            }
        } catch {
            // not JSON: ignore
        }
    }
    if (!meta.caseNumber || !meta.subject) {
        const m = /^\s*(\d{4,12})(?:\s*[-–—:·|]\s*|\s+|$)(.*)$/u.exec(groupName);
        if (m) {
            meta.caseNumber ||= m[1] ?? '';
            meta.subject ||= (m[2] ?? '').trim();
        } else {
            meta.subject ||= groupName.trim();
        }
    }
    return meta;
}

function str(v: unknown): string {
    return typeof v === 'string' ? v.trim().slice(0, 255) : '';
}
