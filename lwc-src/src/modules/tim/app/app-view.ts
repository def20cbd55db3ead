import type { ChatStore } from '../../../store/chat-store';
import type { ChatConversation, ConnectionState } from '../../../chat/chat-types';
import { customerWaitingSince } from '../../../store/wait-time';
import { label, type LabelKey } from '../../../i18n/labels';
import {
    conversationItem,
    threadWindow,
    typingText,
    type ConversationExtras,
    type ConversationItemView,
    type MessageView,
} from '../../../view/view-model';

export interface ThreadView {
    groupId: string;
    conversation: ConversationItemView;
    messages: MessageView[];
    loading: boolean;
    loadError: string;
    hasOlder: boolean;
    historyLoading: boolean;
    historyError: string;
    isEmpty: boolean;
    /** The case was closed (group muted): history stays readable, the composer is off with this note. */
    readOnlyNote: string;
    /** "<customer> is typing…" ('' when nobody is). */
    typingLabel: string;
}

export interface AppView {
    connection: ConnectionState | 'signedOut';
    kicked: boolean;
    kickedMessage: string;
    sessionError: string;
    notice: string;
    showNoHost: boolean;
    showStarting: boolean;
    startingMessage: string;
    showThread: boolean;
    showList: boolean;
    thread: ThreadView | null;
    conversations: ConversationItemView[];
    totalConversations: number;
    matchingConversations: number;
    hasMoreConversations: boolean;
    conversationsLoading: boolean;
    conversationsError: string;
    filter: string;
    composerDisabled: boolean;
}

const KICK_MESSAGES: Record<string, LabelKey> = {
    multipleAccount: 'kickedMultipleAccount',
    multipleDevice: 'kickedMultipleDevice',
    restApi: 'kickedRestApi',
};

/** From the messages loaded for this conversation (none loaded yet: not shown). */
function waitingSince(store: ChatStore, c: ChatConversation): number | null {
    return store.hasThread(c.groupId) ? customerWaitingSince(store.thread(c.groupId).all(), c.customerId) : null;
}

/** Unread for this agent and who is typing (see ChatStore.unreadOf, TypingState). */
function extrasOf(store: ChatStore, c: ChatConversation, now: number): ConversationExtras {
    return { unread: store.unreadOf(c), typing: store.typing.who(c.groupId, now) };
}

/** Everything the shell template shows, computed once per store version. The list is built only while it shows. */
export function buildAppView(store: ChatStore, now: number): AppView {
    const ready = store.phase === 'ready';
    const selected = ready && store.selected ? store.conversation(store.selected) : undefined;
    let thread: ThreadView | null = null;
    if (selected) {
        const t = store.thread(selected.groupId);
        const groupId = selected.groupId;
        const messages = threadWindow(t, selected, now, {
            nameOf: (userId) => store.displayName(userId),
            readStateOf: (seq) => store.readState(groupId, seq),
        });
        const typist = store.typing.who(groupId, now);
        thread = {
            groupId,
            conversation: conversationItem(
                selected,
                now,
                waitingSince(store, selected),
                extrasOf(store, selected, now),
            ),
            messages,
            loading: t.loading && !t.loaded,
            loadError: t.loadError,
            hasOlder: t.window < t.size || !t.liveDone || (t.historyState !== 'done' && t.historyState !== 'error'),
            historyLoading: t.historyState === 'loading',
            historyError: t.historyError,
            isEmpty: t.loaded && t.size === 0 && t.historyState !== 'loading',
            readOnlyNote: selected.muted ? label('readOnlyNote') : '',
            typingLabel: typist ? typingText(typist, selected) : '',
        };
    }
    const showList = ready && thread === null;
    const filtered = showList ? store.filteredConversations() : [];
    const shown = filtered.slice(0, store.listWindow);
    return {
        connection: store.kicked ? 'signedOut' : store.connection,
        kicked: store.kicked !== null,
        kickedMessage: store.kicked ? label(KICK_MESSAGES[store.kicked] ?? 'kickedUnknown') : '',
        sessionError: store.phase === 'sessionError' ? store.sessionError : '',
        notice: store.notice,
        showNoHost: store.phase === 'noHost',
        showStarting: !ready && store.phase !== 'noHost' && store.phase !== 'sessionError',
        startingMessage: store.phase === 'loggingIn' ? label('signingIn') : label('waitingForSalesforce'),
        showThread: thread !== null,
        showList,
        thread,
        conversations: shown.map((c) => conversationItem(c, now, waitingSince(store, c), extrasOf(store, c, now))),
        totalConversations: store.conversationCount,
        matchingConversations: filtered.length,
        hasMoreConversations: filtered.length > shown.length,
        conversationsLoading: ready && !store.conversationsLoaded && !store.conversationsError,
        conversationsError: store.conversationsError,
        filter: store.filter,
        composerDisabled: !ready || store.kicked !== null || selected?.muted === true,
    };
}
