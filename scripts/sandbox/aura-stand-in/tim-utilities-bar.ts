/// <reference lib="dom" />
/**
 * Mounts the SHIPPED tim_utilities_bar (controller + helper from force-app, via `aura:tim_utilities_bar`) over the
 * Aura stand-in, wired as its .cmp declares: `init` → `c.doInit`, `lightning:tabFocused` → `c.handleTabFocused`,
 * the container's `onmessage` → `c.handleMessage`, `onerror` → `c.handleError`; aura:ids `timBar`, `utilityBar`,
 * `navService`, `workspace`; Apex controller TimChatSessionController (`getSession()`, `getHistory(caseId, beforeSeq)`,
 * `searchQuickText(query)`).
 * The one stand-in of the Lightning page around the widget, shared by the sandbox console and the browser tests.
 */
import load from 'aura:tim_utilities_bar';
import { AuraComponent, createAuraGlobal, type ApexMethod, type AuraUser } from './aura-runtime.js';
import {
    ContainerStandIn,
    NavigationStandIn,
    UtilityBarStandIn,
    WorkspaceStandIn,
    type HostLogEntry,
    type PageReference,
    type UtilityItemView,
} from './lightning-services.js';

export type { HostLogEntry, PageReference, UtilityItemView } from './lightning-services.js';
export type { AuraUser } from './aura-runtime.js';

export interface TimUtilitiesBarOptions {
    /** The lightning:container's frame and the tim_bar index.html it loads. */
    frame: HTMLIFrameElement;
    src: string;
    /** TimChatSessionController's @AuraEnabled methods (the sandbox: its relay-backed session and history routes). */
    apex: { getSession: ApexMethod; getHistory: ApexMethod; searchQuickText?: ApexMethod };
    utilityItem: UtilityItemView;
    /** The agent as `$SObjectType.CurrentUser` and `$Locale` report them (language, locale, time zone). */
    user: AuraUser;
    onNavigate: (ref: PageReference) => void;
    /** The page's record (force:hasRecordId), when the component sits on a record page. */
    recordId?: string;
    onError?: (e: unknown) => void;
}

export interface MountedTimUtilitiesBar {
    /** Every protocol message through the container (in: from the widget, out: to it; session payloads omitted). */
    readonly log: HostLogEntry[];
    /** The agent focuses a console tab showing this record: fires `lightning:tabFocused`. */
    focusRecordTab(recordId: string): void;
    /** The agent clicks the utility item in the utility bar (opens / minimizes its panel). */
    clickUtilityItem(): void;
    destroy(): void;
}

export function mountTimUtilitiesBar(o: TimUtilitiesBarOptions): MountedTimUtilitiesBar {
    const onError = o.onError ?? ((e: unknown) => console.error('tim_utilities_bar stand-in:', e));
    const { controller, helper } = load(createAuraGlobal(onError, o.user));
    const log: HostLogEntry[] = [];
    const container = new ContainerStandIn(o.frame, o.src, log);
    const workspace = new WorkspaceStandIn();
    const utilityBar = new UtilityBarStandIn(o.utilityItem);
    const component = new AuraComponent(
        // The .cmp's attributes with their defaults (+ force:hasRecordId).
        { utilityLabel: 'Case chat', widgetReady: false, recordId: o.recordId },
        {
            getSession: o.apex.getSession,
            getHistory: o.apex.getHistory,
            ...(o.apex.searchQuickText ? { searchQuickText: o.apex.searchQuickText } : {}),
        },
        {
            timBar: container,
            utilityBar,
            navService: new NavigationStandIn(o.onNavigate),
            workspace,
        },
    );
    const fire = (handler: string, params: Record<string, unknown>): void => {
        const fn = controller[handler];
        if (!fn) throw new Error(`tim_utilities_bar has no controller action ${handler}`);
        try {
            fn.call(controller, component, { getParams: () => params }, helper);
        } catch (e) {
            onError(e);
        }
    };

    fire('doInit', {});
    const stop = container.start((payload) => fire('handleMessage', { payload }));
    o.frame.addEventListener('error', () => fire('handleError', { error: 'The container frame failed to load.' }));
    return {
        log,
        focusRecordTab(recordId) {
            const tab = workspace.focusRecordTab(recordId);
            fire('handleTabFocused', { currentTabId: tab.tabId, previousTabId: null });
        },
        clickUtilityItem() {
            utilityBar.click();
        },
        destroy() {
            stop();
            component.destroy();
        },
    };
}
