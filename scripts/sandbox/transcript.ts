/**
 * The sandbox's copy of TimTranscriptArchiver.render: the readable transcript file stored on a closed Case.
 * One line per message, `[time UTC] sender: content`; images and files appear as links.
 */
import type { MessageElement, RelayMessage } from './http-clients.js';

export type TranscriptMessage = Pick<RelayMessage, 'seq' | 'from' | 'time' | 'elements'>;

export interface TranscriptCase {
    caseNumber: string;
    chatGroupId: string;
}

const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

function describe(e: MessageElement): string {
    switch (e.type) {
        case 'text':
            return e.text ?? '';
        case 'image':
            return `[image] ${e.url ?? ''}`;
        case 'file':
            return `[file ${e.name ?? ''}${e.size === undefined ? '' : `, ${e.size} bytes`}] ${e.url ?? ''}`;
        case 'custom':
            return `[custom] ${e.data ?? ''}`;
        default:
            return `[${e.type}]${e.url ? ` ${e.url}` : ''}`;
    }
}

export function renderTranscript(
    c: TranscriptCase,
    messages: readonly TranscriptMessage[],
    names: ReadonlyMap<string, string>,
    archivedAtMs: number,
    /** Like the Apex `note` (e.g. no history available): a `Note:` line after the header when non-blank. */
    note?: string,
): string {
    const lines = [
        `Chat transcript of case ${c.caseNumber} (group ${c.chatGroupId})`,
        `Archived at ${utc(archivedAtMs)}`,
        `Messages: ${messages.length}`,
    ];
    if (note && note.trim() !== '') lines.push(`Note: ${note}`);
    lines.push('');
    for (const m of messages) {
        const name = names.get(m.from);
        const display = name ? `${name} (${m.from})` : m.from;
        lines.push(`[${utc(m.time)}] ${display}: ${m.elements.map(describe).join(' ')}`);
    }
    return `${lines.join('\n')}\n`;
}
