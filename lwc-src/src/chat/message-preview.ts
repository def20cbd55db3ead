import type { MessageBody } from './chat-types';

/** The conversation list's one-line preview of a message (text cut at 200 characters). */
export function previewText(body: MessageBody): string {
    switch (body.kind) {
        case 'text':
            return body.text.slice(0, 200);
        case 'image':
            return '[Image]';
        case 'file':
            return `[File] ${body.name}`;
        case 'custom':
            return '[Custom message]';
        default:
            return '[Message]';
    }
}
