import { LightningElement, api } from 'lwc';
import type { ChatClient } from '../../../chat/chat-client';
import { WidgetController } from '../../../controller/widget-controller';
import type { HostTransport } from '../../../host/host-transport';
import { consoleLogger, type Logger } from '../../../logger';
import { ChatStore } from '../../../store/chat-store';
import { systemClock, type Clock } from '../../../store/session-timing';
import { buildAppView, type AppView } from './app-view';
import { CLOSED_QUICK_TEXT, type QuickTextView } from '../../../quick-text/quick-text-view';
import { currentLanguage, labels, type Labels } from '../../../i18n/labels';
import type { DesktopNotificationState } from '../../../protocol/messages';

/** The widget shell: owns the store and the controller, maps state to the child components. */
export default class App extends LightningElement {
    /** How to talk to the host (main.ts passes the lightning-container transport; tests pass a fake). */
    @api transport: HostTransport | undefined;
    /** Creates the chat client (main.ts: the Tencent Web SDK client; tests pass a double). */
    @api createClient: (() => ChatClient) | undefined;
    @api clock: Clock | undefined;
    @api logger: Logger | undefined;

    version = 0;
    /** Bumped when the Quick Text picker's state changes. */
    quickTextVersion = 0;
    private quickTextCache: { key: string; view: QuickTextView } | null = null;
    /** The current language (set by the host's `locale`); keys the shell so every child re-renders its strings. */
    language: string = currentLanguage();
    /** The last sentence for screen readers (the one polite live region for new messages). */
    announcement = '';
    desktopNotifications: DesktopNotificationState = 'unsupported';
    /** The conversation the agent came back from: its row takes the focus in the list. */
    returnFocusTo = '';
    private store = new ChatStore();
    private controller: WidgetController | null = null;
    private unsubscribe: (() => void) | null = null;
    private cached: { version: number; language: string; view: AppView } | null = null;
    private readonly onVisibility = (): void => this.controller?.onVisibilityChange();

    override connectedCallback(): void {
        this.unsubscribe = this.store.subscribe(() => {
            this.version = this.store.version;
        });
        if (!this.transport || !this.createClient) {
            this.store.setPhase('noHost');
            return;
        }
        this.controller = new WidgetController({
            transport: this.transport,
            store: this.store,
            createClient: this.createClient,
            clock: this.clock ?? systemClock,
            logger: this.logger ?? consoleLogger,
            isPageVisible: () => document.visibilityState !== 'hidden',
            onQuickTextChange: () => {
                this.quickTextVersion++;
            },
            announce: (text) => this.announce(text),
            onLocale: () => {
                this.language = currentLanguage();
                document.documentElement.lang = labels().htmlLang;
            },
            onNotifications: (state) => {
                this.desktopNotifications = state;
            },
        });
        document.addEventListener('visibilitychange', this.onVisibility);
        this.controller.start();
    }

    override disconnectedCallback(): void {
        document.removeEventListener('visibilitychange', this.onVisibility);
        this.unsubscribe?.();
        this.controller?.stop();
        this.controller = null;
    }

    get view(): AppView {
        const version = this.version;
        const language = this.language;
        if (!this.cached || this.cached.version !== version || this.cached.language !== language)
            this.cached = { version, language, view: buildAppView(this.store, Date.now()) };
        return this.cached.view;
    }

    /** The composer's Quick Text picker (closed when no conversation is open), rebuilt when the picker or the store changed. */
    get quickText(): QuickTextView {
        // both versions: the picker's state, and the open case the merge fields come from
        const key = `${this.quickTextVersion}:${this.version}`;
        if (this.quickTextCache?.key !== key)
            this.quickTextCache = { key, view: this.controller?.quickTextView() ?? CLOSED_QUICK_TEXT };
        return this.quickTextCache.view;
    }
    handleQuickTextSearch(event: CustomEvent<{ query: string }>): void {
        this.controller?.searchQuickText(event.detail.query);
    }
    handleQuickTextClose(): void {
        this.controller?.closeQuickText();
    }

    get labels(): Labels {
        void this.language;
        return labels();
    }

    get shells(): string[] {
        return [this.language];
    }

    /** Screen readers say a changed text only: the same sentence twice gets a no-break space to differ. */
    private announce(text: string): void {
        this.announcement = text === this.announcement ? `${text}\u00a0` : text;
    }

    handleToggleNotifications(): void {
        this.controller?.setDesktopNotifications(this.desktopNotifications !== 'on');
    }

    handleUseHere(): void {
        this.controller?.useHere();
    }
    handleRetrySession(): void {
        this.controller?.retrySession();
    }
    handleDismissNotice(): void {
        this.store.setNotice('');
    }
    handleFilter(event: CustomEvent<{ value: string }>): void {
        this.controller?.setFilter(event.detail.value);
    }
    handleShowMore(): void {
        this.controller?.showMoreConversations();
    }
    handleOpen(event: CustomEvent<{ groupId: string }>): void {
        this.returnFocusTo = '';
        this.controller?.openConversation(event.detail.groupId);
    }
    handleBack(): void {
        this.returnFocusTo = this.view.thread?.groupId ?? '';
        this.controller?.closeConversation();
    }
    handleOpenCase(event: CustomEvent<{ groupId: string }>): void {
        this.controller?.openCase(event.detail.groupId);
    }
    handleLoadOlder(event: CustomEvent<{ groupId: string }>): void {
        void this.controller?.loadOlder(event.detail.groupId);
    }
    handleRetryHistory(event: CustomEvent<{ groupId: string }>): void {
        this.controller?.retryHistory(event.detail.groupId);
    }
    handleSend(event: CustomEvent<{ groupId: string; text: string }>): void {
        this.controller?.sendText(event.detail.groupId, event.detail.text);
    }
    handleAttach(event: CustomEvent<{ groupId: string; file: File; kind: 'image' | 'file' }>): void {
        this.controller?.sendFile(event.detail.groupId, event.detail.file, event.detail.kind);
    }
    handleTyping(event: CustomEvent<{ groupId: string }>): void {
        this.controller?.composerInput(event.detail.groupId);
    }
    handleRetrySend(event: CustomEvent<{ groupId: string; clientId: string }>): void {
        this.controller?.retrySend(event.detail.groupId, event.detail.clientId);
    }
}
