import { describe, expect, it } from 'vitest';
import { renderTranscript, splitForMessages } from '../src/transcripts/transcript-text.js';

const at = Date.UTC(2026, 11, 5, 10, 0, 0);

describe('the readable transcript', () => {
    it('has the header, one line per message with display names, and links for images and files', () => {
        const text = renderTranscript(
            { caseNumber: '00001001', groupId: '500G', archivedAtMs: at, note: 'No chat history was available (X).' },
            [
                { seq: 1, random: 1, from: 'cust_1', time: at - 60_000, elements: [{ type: 'text', text: 'Hi <b>' }] },
                {
                    seq: 2,
                    random: 2,
                    from: '005A',
                    time: at,
                    elements: [
                        { type: 'image', url: 'https://x/i.png', width: 1, height: 1 },
                        { type: 'file', url: 'https://x/f.pdf', name: 'f.pdf', size: 42 },
                        { type: 'custom', data: '{"k":1}' },
                    ],
                },
                { seq: 3, random: 3, from: 'bot', time: at, elements: [{ type: 'text', text: 'ok' }] },
            ],
            new Map([
                ['cust_1', 'Ada'],
                ['005A', 'Alice Agent'],
            ]),
        );
        expect(text).toBe(
            'Chat transcript of case 00001001 (group 500G)\n' +
                'Archived at 2026-12-05 10:00:00 UTC\n' +
                'Messages: 3\n' +
                'Note: No chat history was available (X).\n' +
                '\n' +
                '[2026-12-05 09:59:00 UTC] Ada (cust_1): Hi <b>\n' +
                '[2026-12-05 10:00:00 UTC] Alice Agent (005A): [image] https://x/i.png [file f.pdf, 42 bytes] https://x/f.pdf [custom] {"k":1}\n' +
                '[2026-12-05 10:00:00 UTC] bot: ok\n',
        );
    });
});

describe('splitting a transcript into chat messages', () => {
    it('keeps lines whole and in order, each piece within the byte limit', () => {
        const lines = Array.from({ length: 50 }, (_, i) => `line ${i} — ünïcødé`);
        const pieces = splitForMessages(lines.join('\n'), 100);
        for (const p of pieces) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(100);
        expect(pieces.join('\n')).toBe(lines.join('\n'));
    });
    it('cuts a line longer than the limit, drops blank pieces', () => {
        const long = '你'.repeat(100); // 300 bytes
        const pieces = splitForMessages(`a\n\n${long}\n`, 64);
        for (const p of pieces) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(64);
        expect(pieces[0]?.trim()).toBe('a');
        expect(pieces.slice(1).join('').trim()).toBe(long);
    });
});
