/**
 * The readable transcript stored on a closed Case (the format users had from the Apex archiver): a header, then
 * one line per message, `[yyyy-MM-dd HH:mm:ss UTC] Name (sender id): content`; images and files appear as links.
 */
import type { HistoryMessage, MessageElement } from '../tencent/message-mapping.js';

export const TRANSCRIPT_TITLE_PREFIX = 'Chat transcript ';

export const transcriptTitle = (caseNumber: string): string => `${TRANSCRIPT_TITLE_PREFIX}${caseNumber}`;
export const transcriptFileName = (caseNumber: string): string => `chat-transcript-${caseNumber}.txt`;

const utc = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

function describe(e: MessageElement): string {
    switch (e.type) {
        case 'text':
            return e.text;
        case 'image':
            return `[image] ${e.url}`;
        case 'file':
            return `[file ${e.name}, ${e.size} bytes] ${e.url}`;
        case 'custom':
            return `[custom] ${e.data}`;
    }
}

export interface TranscriptHeader {
    caseNumber: string;
    groupId: string;
    archivedAtMs: number;
    /** e.g. why no history was available; a `Note:` line when non-blank */
    note?: string;
}

/** The whole transcript; `messages` oldest first, `names` display names by sender id. */
export function renderTranscript(
    h: TranscriptHeader,
    messages: readonly HistoryMessage[],
    names: ReadonlyMap<string, string>,
): string {
    const lines = [
        `Chat transcript of case ${h.caseNumber} (group ${h.groupId})`,
        `Archived at ${utc(h.archivedAtMs)}`,
        `Messages: ${messages.length}`,
    ];
    if (h.note?.trim()) lines.push(`Note: ${h.note}`);
    lines.push('');
    for (const m of messages) {
        const name = names.get(m.from);
        const sender = name ? `${name} (${m.from})` : m.from || '?';
        lines.push(`[${utc(m.time)}] ${sender}: ${m.elements.map(describe).join(' ')}`);
    }
    return `${lines.join('\n')}\n`;
}

/** Splits a transcript into chat-message-sized pieces at line ends (a longer line is cut), in order. */
export function splitForMessages(text: string, maxBytes: number): string[] {
    const pieces: string[] = [];
    let current = '';
    const flush = () => {
        if (current) pieces.push(current);
        current = '';
    };
    for (const line of text.split('\n')) {
        let rest = line;
        while (Buffer.byteLength(rest, 'utf8') > maxBytes) {
            flush();
            let cut = Math.min(rest.length, maxBytes);
            while (Buffer.byteLength(rest.slice(0, cut), 'utf8') > maxBytes) cut = Math.floor(cut * 0.9);
            pieces.push(rest.slice(0, cut));
            rest = rest.slice(cut);
        }
        const candidate = current ? `${current}\n${rest}` : rest;
        if (Buffer.byteLength(candidate, 'utf8') > maxBytes) {
            flush();
            current = rest;
        } else current = candidate;
    }
    flush();
    return pieces.filter((p) => p.trim() !== '');
}
