import { label } from '../i18n/labels';
import type { QuickTextState, QuickTextStatus } from './quick-text-search';
import { resolveMergeFields, type MergeContext } from './merge-fields';

/** One Quick Text as the picker shows it: merge fields already resolved for the open case. */
export interface QuickTextOptionView {
    id: string;
    /** Position in the list (the composer's option element ids are built from it). */
    index: number;
    name: string;
    category: string;
    /** The resolved text: the preview, and what is inserted. */
    text: string;
    /** Merge fields the widget could not fill, as written (they stay visible in `text`). */
    unresolved: string[];
    unresolvedNote: string;
}

export interface QuickTextView {
    status: QuickTextStatus;
    query: string;
    options: QuickTextOptionView[];
    /** The status line: loading, no matches, the error, or how many matched. */
    message: string;
    isError: boolean;
}

export const CLOSED_QUICK_TEXT: QuickTextView = {
    status: 'closed',
    query: '',
    options: [],
    message: '',
    isError: false,
};

export function buildQuickTextView(state: QuickTextState, context: MergeContext): QuickTextView {
    if (state.status === 'closed') return CLOSED_QUICK_TEXT;
    const options = state.items.map((item, index) => {
        const resolved = resolveMergeFields(item.message, context);
        return {
            id: item.id,
            index,
            name: item.name,
            category: item.category ?? '',
            text: resolved.text,
            unresolved: resolved.unresolved,
            unresolvedNote: resolved.unresolved.length
                ? label('quickTextUnresolved', { fields: resolved.unresolved.join(' ') })
                : '',
        };
    });
    let message = '';
    if (state.status === 'loading') message = label('quickTextLoading');
    else if (state.status === 'error') message = state.error;
    else if (options.length === 0) message = label('quickTextNoMatches');
    else message = label('quickTextCount', { count: options.length });
    return { status: state.status, query: state.query, options, message, isError: state.status === 'error' };
}
