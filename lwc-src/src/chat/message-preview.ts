import type { MessageBody } from './chat-types';
import { label } from '../i18n/labels';

/** The conversation list's one-line preview of a message (text cut at 200 characters). */
export function previewText(body: MessageBody): string {
    switch (body.kind) {
        case 'text':
            return body.text.slice(0, 200);
        case 'image':
            return label('imageTag');
        case 'file':
            return label('previewFile', { name: body.name });
        case 'custom':
            return label('previewCustom');
        default:
            return label('previewOther');
    }
}
