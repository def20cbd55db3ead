import type { ChatClient } from '../chat/chat-client';
import type { ChatMessage, KickReason, MessageBody } from '../chat/chat-types';
import { HostBridge } from '../host/host-bridge';
import type { HostTransport } from '../host/host-transport';
import type { Logger } from '../logger';
import type {
    DesktopNotificationState,
    HistoryPage,
    HostMessage,
    LocalePayload,
    NeedSessionReason,
    SdkEndpoints,
    SessionPayload,
} from '../protocol/messages';
import { isRecordId, toCaseId18 } from '../protocol/salesforce-id';
import { MESSAGE_WINDOW, type ChatStore } from '../store/chat-store';
import { SessionRenewalTimer, type Clock } from '../store/session-timing';
import type { MergeContext } from '../quick-text/merge-fields';
import { QuickTextSearch } from '../quick-text/quick-text-search';
import { buildQuickTextView, CLOSED_QUICK_TEXT, type QuickTextView } from '../quick-text/quick-text-view';
import { SeenPositions } from '../store/seen-positions';
import { mayHideWaitingMessages } from '../store/wait-time';
import { SenderNames } from './sender-names';
import { TypingSignals } from './typing-signals';
import { label, resolveLanguage, setLanguage } from '../i18n/labels';
import { setDateLocale } from '../view/format';
import { Attention } from './attention';

export interface ControllerDeps {
    transport: HostTransport;
    store: ChatStore;
    /** The chat client (production: the Tencent Web SDK client; unit tests pass a double). */
    createClient: () => ChatClient;
    clock: Clock;
    logger: Logger;
    isPageVisible: () => boolean;
    /** The Quick Text picker's state changed (the shell re-renders the composer). */
    onQuickTextChange?: () => void;
    /** Says a sentence in the widget's polite live region (screen readers). */
    announce?: (text: string) => void;
    /** The host's language and formats were applied (the shell re-renders its strings). */
    onLocale?: (locale: LocalePayload) => void;
    /** What the host offers for desktop notifications (the status bar's toggle). */
    onNotifications?: (state: DesktopNotificationState) => void;
}

export const SESSION_ANSWER_TIMEOUT_MS = 20_000;
export const HISTORY_ANSWER_TIMEOUT_MS = 20_000;
export const HOST_WAIT_MS = 3_000;
export const MAX_TEXT_LENGTH = 8_000;

/**
 * Wires the host protocol, the chat client and the store; every UI action comes through here. DOM-free.
 */
export class WidgetController {
    private readonly bridge: HostBridge;
    private readonly store: ChatStore;
    private readonly renewal: SessionRenewalTimer;
    private client: ChatClient | null = null;
    private clientSubscriptions: Array<() => void> = [];
    private session: { payload: SessionPayload; receivedAt: number } | null = null;
    private sessionRequest: { timer: unknown } | null = null;
    private loginSeq = 0;
    private lastUnreadSent = -1;
    private pendingFocus: string | null = null;
    private readonly historyTimers = new Map<string, unknown>();
    private sendCounter = 0;
    private readonly quickText: QuickTextSearch;
    private readonly typing: TypingSignals;
    private readonly names: SenderNames;
    /** The utility panel is open (host `utilityVisibility`; assumed until the host says otherwise). */
    private utilityVisible = true;
    private readonly attention: Attention;

    constructor(private readonly deps: ControllerDeps) {
        this.bridge = new HostBridge(deps.transport, deps.logger);
        this.store = deps.store;
        this.renewal = new SessionRenewalTimer(deps.clock);
        this.quickText = new QuickTextSearch({
            send: (payload) => this.bridge.send('quickTextSearch', payload),
            clock: deps.clock,
            onChange: () => deps.onQuickTextChange?.(),
        });
        this.typing = new TypingSignals(deps.clock, deps.store, () => this.client, deps.logger);
        this.names = new SenderNames(deps.store, () => this.client, deps.logger);
        this.attention = new Attention({
            store: this.store,
            send: (type, payload) => this.bridge.send(type, payload),
            announce: (text) => deps.announce?.(text),
            isVisible: () => this.isVisible(),
            now: () => deps.clock.now(),
        });
    }

    /** The agent can see the widget: the page is visible and the utility panel is not minimized. */
    private isVisible(): boolean {
        return this.utilityVisible && this.deps.isPageVisible();
    }

    // ---- lifecycle ------------------------------------------------------------------------------
    start(): void {
        const startedAt = this.deps.clock.now();
        const attempt = (): void => {
            if (this.bridge.isAvailable()) {
                this.bridge.listen((m) => this.onHostMessage(m));
                this.bridge.send('ready', {});
                this.requestSession('initial');
            } else if (this.deps.clock.now() - startedAt >= HOST_WAIT_MS) {
                this.store.setPhase('noHost');
            } else {
                this.deps.clock.setTimeout(attempt, 100);
            }
        };
        attempt();
    }

    stop(): void {
        this.bridge.stop();
        this.renewal.cancel();
        this.clearSessionRequest();
        for (const t of this.historyTimers.values()) this.deps.clock.clearTimeout(t);
        this.historyTimers.clear();
        this.quickText.close();
        this.typing.dispose();
        this.dropClient();
    }

    // ---- host → widget --------------------------------------------------------------------------
    private onHostMessage(message: HostMessage): void {
        switch (message.type) {
            case 'session':
                void this.onSession(message.payload);
                break;
            case 'sessionError':
                this.clearSessionRequest();
                if (this.store.phase !== 'ready') this.store.setSessionError(message.payload.message);
                else this.deps.logger.warn('tim-bar: session renewal failed', message.payload.message);
                break;
            case 'focusCase':
                this.focusCase(message.payload.caseId);
                break;
            case 'locale':
                setLanguage(resolveLanguage(message.payload.language));
                setDateLocale(message.payload.locale, message.payload.timeZone);
                this.deps.onLocale?.(message.payload);
                break;
            case 'notifications':
                this.deps.onNotifications?.(message.payload.desktop);
                break;
            case 'utilityVisibility':
                this.utilityVisible = message.payload.visible;
                this.onVisibilityChange();
                break;
            case 'history':
                this.onHistory(message.payload.caseId, message.payload.page);
                break;
            case 'historyError':
                this.clearHistoryTimer(message.payload.caseId);
                this.store.setHistoryError(message.payload.caseId, message.payload.message);
                break;
            case 'quickTextResults':
                if (!this.quickText.onResults(message.payload))
                    this.deps.logger.warn('tim-bar: dropped a stale Quick Text answer', message.payload.requestId);
                break;
            case 'quickTextError':
                if (!this.quickText.onError(message.payload))
                    this.deps.logger.warn('tim-bar: dropped a stale Quick Text error', message.payload.requestId);
                break;
        }
    }

    private async onSession(payload: SessionPayload): Promise<void> {
        this.clearSessionRequest();
        const userChanged = this.store.userId !== '' && this.store.userId !== payload.userId;
        if (this.client && userChanged) {
            this.dropClient();
            this.store.resetChatData();
            this.names.reset();
        }
        if (!this.client) {
            this.client = this.deps.createClient();
            this.subscribe(this.client);
        }
        const client = this.client;
        const seq = ++this.loginSeq;
        this.session = { payload, receivedAt: this.deps.clock.now() };
        if (this.store.userId !== payload.userId) this.store.seen = SeenPositions.forUser(payload.userId);
        this.store.userId = payload.userId;
        if (this.store.phase !== 'ready') this.store.setPhase('loggingIn');
        try {
            await client.login({
                sdkAppId: payload.sdkAppId,
                userId: payload.userId,
                userSig: payload.userSig,
                expiresAt: payload.expiresAt,
                endpoints: sdkEndpointsOf(payload),
            });
        } catch (e) {
            if (seq !== this.loginSeq) return;
            this.deps.logger.error('tim-bar: login failed', errorText(e));
            this.store.setSessionError(label('signInFailed', { reason: errorText(e) }));
            return;
        }
        if (seq !== this.loginSeq) return;
        if (this.store.kicked) this.store.setKicked(null);
        this.store.setPhase('ready');
        this.renewal.schedule(this.session.receivedAt, payload.expiresAt, (reason) => this.requestSession(reason));
        if (!this.store.conversationsLoaded) await this.loadConversations();
    }

    private requestSession(reason: NeedSessionReason): void {
        if (this.sessionRequest) return;
        if (this.store.phase !== 'ready') this.store.setPhase('waitingSession');
        this.bridge.send('needSession', { reason });
        const timer = this.deps.clock.setTimeout(() => {
            this.sessionRequest = null;
            const s = this.session;
            if (this.store.phase === 'ready' && s && s.payload.expiresAt - this.deps.clock.now() > 60_000) {
                this.deps.clock.setTimeout(() => this.requestSession(reason), 60_000);
            } else {
                this.store.setSessionError(label('sessionNoAnswer'));
            }
        }, SESSION_ANSWER_TIMEOUT_MS);
        this.sessionRequest = { timer };
    }

    private clearSessionRequest(): void {
        if (this.sessionRequest) this.deps.clock.clearTimeout(this.sessionRequest.timer);
        this.sessionRequest = null;
    }

    private async loadConversations(): Promise<void> {
        const client = this.client;
        if (!client) return;
        try {
            this.store.setConversations(await client.conversations());
        } catch (e) {
            this.store.setConversationsError(label('conversationsLoadFailed', { reason: errorText(e) }));
            return;
        }
        this.attention.baseline(this.store.sortedConversations());
        this.reportUnread();
        this.checkWaiting();
        if (this.pendingFocus && this.store.conversation(this.pendingFocus)) this.openConversation(this.pendingFocus);
    }

    /**
     * Conversations where the service may hide waiting customer messages from this agent (assigned while the customer
     * waited) load their newest messages and the history page, so those messages count as unread with preview and
     * time (ChatStore.unreadOf).
     */
    private checkWaiting(): void {
        for (const c of this.store.sortedConversations()) {
            if (this.store.isChecked(c.groupId) || !mayHideWaitingMessages(c)) continue;
            this.store.markChecked(c.groupId);
            const t = this.store.thread(c.groupId);
            if (!t.loaded && !t.loading) void this.loadThread(c.groupId);
        }
    }

    private focusCase(caseId: string): void {
        if (this.store.conversation(caseId)) {
            this.pendingFocus = null;
            this.openConversation(caseId);
            return;
        }
        this.pendingFocus = caseId;
        if (this.store.conversationsLoaded) this.store.setNotice(label('focusedCaseNoChat'));
    }

    // ---- chat client events ---------------------------------------------------------------------
    private subscribe(client: ChatClient): void {
        this.clientSubscriptions = [
            client.on('message', (m) => {
                this.store.receive(m);
                this.names.resolve(m.groupId, [m]);
                if (this.store.selected === m.groupId) this.markSeen(m.groupId, !m.mine);
                this.reportUnread();
                this.attention.message(m);
            }),
            client.on('typing', (signal) => this.typing.received(signal)),
            client.on('readReceipts', (receipts) => this.store.applyReadReceipts(receipts)),
            client.on('conversationsChanged', (list) => {
                for (const groupId of this.store.applyConversationList(list)) this.clearHistoryTimer(groupId);
                this.checkWaiting();
                this.attention.conversations(list);
                this.reportUnread();
                if (this.pendingFocus && this.store.conversation(this.pendingFocus)) this.focusCase(this.pendingFocus);
            }),
            client.on('connectionState', (state) => this.store.setConnection(state)),
            client.on('kickedOut', (reason) => this.onKickedOut(reason)),
            client.on('sessionExpiring', () => this.requestSession('expiring')),
        ];
    }

    private onKickedOut(reason: KickReason): void {
        this.renewal.cancel();
        if (reason === 'userSigExpired') {
            // Not a conflict: just get a new UserSig and sign in again.
            this.store.setPhase('waitingSession');
            this.requestSession('expired');
        } else {
            this.store.setKicked(reason);
        }
    }

    private dropClient(): void {
        for (const off of this.clientSubscriptions) off();
        this.clientSubscriptions = [];
        const client = this.client;
        this.client = null;
        if (client)
            client.logout().catch((e: unknown) => this.deps.logger.warn('tim-bar: logout failed', errorText(e)));
    }

    // ---- UI actions -----------------------------------------------------------------------------
    /** "Use here" after being signed in elsewhere: sign in again (with a new session if this one is nearly over). */
    useHere(): void {
        this.store.setKicked(null);
        const s = this.session;
        if (s && s.payload.expiresAt - this.deps.clock.now() > 60_000) void this.onSession(s.payload);
        else this.requestSession('expired');
    }

    /** The agent turned desktop notifications on or off (the host asks the browser and answers `notifications`). */
    setDesktopNotifications(desktop: boolean): void {
        this.bridge.send('setNotifications', { desktop });
    }

    retrySession(): void {
        this.clearSessionRequest();
        this.requestSession('initial');
    }

    setFilter(filter: string): void {
        this.store.setFilter(filter);
    }

    showMoreConversations(): void {
        this.store.showMoreConversations();
    }

    openConversation(groupId: string): void {
        this.quickText.close();
        this.store.select(groupId);
        this.store.readingSelected = this.isVisible();
        this.attention.opened(groupId);
        const t = this.store.thread(groupId);
        if (!t.loaded && !t.loading) void this.loadThread(groupId);
        this.markSeen(groupId);
        this.reportUnread();
    }

    closeConversation(): void {
        this.quickText.close();
        if (this.store.selected) this.typing.stop(this.store.selected);
        this.store.readingSelected = false;
        this.store.select(null);
    }

    onVisibilityChange(): void {
        const visible = this.isVisible();
        this.store.readingSelected = visible && this.store.selected !== null;
        if (visible && this.store.selected) this.markSeen(this.store.selected);
    }

    openCase(groupId: string): void {
        if (isRecordId(groupId)) this.bridge.send('navigate', { recordId: groupId });
    }

    async loadOlder(groupId: string): Promise<void> {
        if (this.store.expandWindow(groupId, MESSAGE_WINDOW)) return;
        const t = this.store.thread(groupId);
        const client = this.client;
        if (!t.liveDone && t.cursor && !t.loading && client) {
            this.store.setThreadLoading(groupId, true);
            try {
                const page = await client.getMessages(groupId, t.cursor);
                this.store.addLivePage(groupId, page);
                this.names.resolve(groupId, page.messages);
            } catch (e) {
                this.store.setThreadLoading(groupId, false, label('earlierLoadFailed', { reason: errorText(e) }));
                return;
            }
            if (t.liveDone) this.requestBackfill(groupId);
            return;
        }
        this.requestBackfill(groupId);
    }

    retryHistory(groupId: string): void {
        const t = this.store.thread(groupId);
        if (t.historyState === 'error') t.historyState = 'idle';
        this.requestBackfill(groupId);
    }

    sendText(groupId: string, raw: string): boolean {
        const text = raw.replace(/\s+$/u, '');
        if (!text.trim() || !this.client || this.isReadOnly(groupId)) return false;
        if (text.length > MAX_TEXT_LENGTH) {
            this.store.setNotice(label('messageTooLong', { max: MAX_TEXT_LENGTH }));
            return false;
        }
        const clientId = this.nextClientId();
        this.typing.sent(groupId);
        this.store.addPending(this.pendingMessage(groupId, clientId, { kind: 'text', text }));
        void this.deliver(groupId, clientId, (c) => c.sendText(groupId, text, clientId));
        return true;
    }

    sendFile(groupId: string, file: File, kind: 'image' | 'file'): void {
        if (!this.client || this.isReadOnly(groupId)) return;
        const clientId = this.nextClientId();
        const body: MessageBody =
            kind === 'image'
                ? { kind: 'image', url: '', name: file.name }
                : { kind: 'file', url: '', name: file.name, size: file.size };
        this.store.addPending(this.pendingMessage(groupId, clientId, body));
        // The message row only says "Not sent"; the reason (e.g. over the size limit) goes to the notice banner.
        void this.deliver(
            groupId,
            clientId,
            (c) => c.sendFile(groupId, { kind, file }, clientId),
            (e) =>
                this.store.setNotice(
                    label('fileNotSent', { name: file.name || label('theFile'), reason: errorText(e) }),
                ),
        );
    }

    /** The agent typed in the composer: tells the customer (throttled, online-only). */
    composerInput(groupId: string): void {
        if (this.client && !this.isReadOnly(groupId)) this.typing.input(groupId);
    }

    retrySend(groupId: string, clientId: string): void {
        this.store.setDelivery(groupId, clientId, 'sending');
        void this.deliver(groupId, clientId, (c) => c.resend(clientId));
    }

    // ---- Quick Text (quick replies) ---------------------------------------------------------------
    /** The agent opened the picker or typed in it: search their Quick Text (debounced). */
    searchQuickText(query: string): void {
        if (this.store.selected === null || this.isReadOnly(this.store.selected)) return;
        this.quickText.search(query);
    }

    closeQuickText(): void {
        this.quickText.close();
    }

    /** The picker's view for the open conversation: merge fields resolved for its case and this agent. */
    quickTextView(): QuickTextView {
        const state = this.quickText.state;
        const c = this.store.selected ? this.store.conversation(this.store.selected) : undefined;
        if (state.status === 'closed' || !c) return CLOSED_QUICK_TEXT;
        const session = this.session?.payload;
        const context: MergeContext = {
            caseNumber: c.caseNumber,
            caseSubject: c.subject,
            customerName: c.customerName,
            agentName: session?.userName ?? '',
            agentFirstName: session?.userFirstName ?? '',
        };
        return buildQuickTextView(state, context);
    }

    // ---- internals ------------------------------------------------------------------------------
    /** A closed (muted) case, or one the agent is no longer part of, takes no new messages. */
    private isReadOnly(groupId: string): boolean {
        const c = this.store.conversation(groupId);
        return !c || c.muted;
    }

    private async loadThread(groupId: string): Promise<void> {
        const client = this.client;
        if (!client) return;
        this.store.setThreadLoading(groupId, true);
        try {
            const page = await client.getMessages(groupId, null);
            this.store.addLivePage(groupId, page);
            this.names.resolve(groupId, page.messages);
        } catch (e) {
            this.store.setThreadLoading(groupId, false, label('messagesLoadFailed', { reason: errorText(e) }));
            return;
        }
        this.afterThreadChange(groupId);
        this.requestBackfill(groupId);
    }

    /** Messages were added to a thread: a waiting count may have changed, or the agent is reading them. */
    private afterThreadChange(groupId: string): void {
        if (this.store.selected === groupId) this.markSeen(groupId);
        this.reportUnread();
    }

    /** Asks the host for messages the chat service hides from this agent (sent before they joined). */
    private requestBackfill(groupId: string): void {
        const t = this.store.thread(groupId);
        if (!t.liveDone || t.historyState === 'loading' || t.historyState === 'done' || t.historyState === 'error')
            return;
        const caseId = toCaseId18(groupId);
        const minSeq = t.minSeq;
        if (!caseId || minSeq === 1 || t.historyBefore === null) {
            t.historyState = 'done';
            return;
        }
        const before = t.historyBefore !== undefined ? t.historyBefore : minSeq === null ? null : minSeq - 1;
        this.store.setHistoryLoading(groupId);
        this.bridge.send('needHistory', { caseId, beforeSeq: before });
        this.clearHistoryTimer(groupId);
        this.historyTimers.set(
            groupId,
            this.deps.clock.setTimeout(() => {
                this.historyTimers.delete(groupId);
                if (this.store.thread(groupId).historyState === 'loading')
                    this.store.setHistoryError(groupId, label('historyNoAnswer'));
            }, HISTORY_ANSWER_TIMEOUT_MS),
        );
    }

    private onHistory(caseId: string, page: HistoryPage): void {
        this.clearHistoryTimer(caseId);
        if (!this.store.hasThread(caseId)) {
            this.deps.logger.warn('tim-bar: history for a case that is not open', caseId);
            return;
        }
        this.store.mergeHistory(caseId, page);
        this.names.resolve(caseId, this.store.thread(caseId).all());
        this.afterThreadChange(caseId);
    }

    private clearHistoryTimer(groupId: string): void {
        const t = this.historyTimers.get(groupId);
        if (t !== undefined) this.deps.clock.clearTimeout(t);
        this.historyTimers.delete(groupId);
    }

    /**
     * Marks the open conversation read, in the store and on the service. `arrivedWhileReading`: a message from
     * someone else just arrived in it; the store never counted it, but the service did, so tell the service too
     * (otherwise the service's next complete list would bring the count back).
     */
    private markSeen(groupId: string, arrivedWhileReading = false): void {
        if (this.store.selected !== groupId || !this.isVisible()) return;
        const c = this.store.conversation(groupId);
        if (!c) return;
        const unread = this.store.unreadOf(c);
        if (unread === 0 && !arrivedWhileReading) {
            this.store.markRead(groupId); // remembers what was seen
            return;
        }
        if (unread > 0) {
            this.store.markRead(groupId);
            this.reportUnread();
        }
        this.client
            ?.markRead(groupId)
            .catch((e: unknown) => this.deps.logger.warn('tim-bar: markRead failed', errorText(e)));
    }

    private reportUnread(): void {
        const count = this.store.totalUnread() + this.attention.unopenedAssignments();
        if (count === this.lastUnreadSent) return;
        this.lastUnreadSent = count;
        this.bridge.send('unread', { count });
    }

    private async deliver(
        groupId: string,
        clientId: string,
        send: (c: ChatClient) => Promise<ChatMessage>,
        onFailed?: (e: unknown) => void,
    ): Promise<void> {
        const client = this.client;
        if (!client) return;
        try {
            const sent = await send(client);
            this.store.confirmSent(groupId, sent);
        } catch (e) {
            this.deps.logger.warn('tim-bar: send failed', errorText(e));
            this.store.setDelivery(groupId, clientId, 'failed');
            onFailed?.(e);
        }
    }

    private pendingMessage(groupId: string, clientId: string, body: MessageBody): ChatMessage {
        return {
            groupId,
            seq: null,
            clientId,
            from: this.store.userId,
            nick: '',
            mine: true,
            time: this.deps.clock.now(),
            body,
            delivery: 'sending',
            origin: 'live',
        };
    }

    private nextClientId(): string {
        return `c${this.deps.clock.now().toString(36)}${(++this.sendCounter).toString(36)}`;
    }
}

function errorText(e: unknown): string {
    if (e instanceof Error) return e.message;
    if (typeof e === 'object' && e !== null && 'message' in e) return String(e.message);
    return String(e);
}

function sdkEndpointsOf(payload: SessionPayload): SdkEndpoints {
    const endpoints: SdkEndpoints = {};
    if (payload.proxyServer) endpoints.proxyServer = payload.proxyServer;
    if (payload.fileUploadProxy) endpoints.fileUploadProxy = payload.fileUploadProxy;
    if (payload.fileDownloadProxy) endpoints.fileDownloadProxy = payload.fileDownloadProxy;
    return endpoints;
}
