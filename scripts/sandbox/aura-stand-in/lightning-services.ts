/// <reference lib="dom" />
/**
 * Stand-ins for the base components tim_utilities_bar declares, with the surface its helper calls:
 * - `lightning:container` — an iframe; `message(obj)` posts `{lcc:"hostMessage", payload}` to the frame's origin, and
 *   `{lcc:"containerUserMessage", payload}` from that frame (only) fires `onmessage` with `getParams().payload`
 *   (the envelope the LCC shim inside the frame speaks, scripts/sandbox/pages/lcc-shim.ts);
 * - `lightning:utilityBarAPI` — `getUtilityInfo`, `setUtilityLabel`, `setUtilityHighlighted`, `openUtility`,
 *   `minimizeUtility`, `onUtilityClick` (promises; a click on the utility item toggles its panel and calls the
 *   registered handlers with `{utilityId, panelVisible}`);
 * - `lightning:workspaceAPI` — `getFocusedTabInfo` (rejects when no tab is focused), `openTab({recordId, focus})`;
 * - `lightning:navigation` — `navigate(pageReference)`.
 */

export interface HostLogEntry {
    dir: 'in' | 'out';
    type: string;
    payload?: unknown;
}

export class ContainerStandIn {
    private readonly origin: string;

    constructor(
        private readonly frame: HTMLIFrameElement,
        private readonly src: string,
        private readonly log: HostLogEntry[],
    ) {
        this.origin = new URL(src, location.href).origin;
    }

    /** Starts delivering the frame's messages to `onmessage`, then loads the frame. */
    start(onmessage: (payload: unknown) => void): () => void {
        const listener = (event: MessageEvent): void => {
            if (event.origin !== this.origin || event.source !== this.frame.contentWindow) return;
            const data = event.data as { lcc?: unknown; payload?: unknown } | null;
            if (!data || data.lcc !== 'containerUserMessage') return;
            this.record('in', data.payload);
            onmessage(data.payload);
        };
        window.addEventListener('message', listener);
        this.frame.src = this.src;
        return () => window.removeEventListener('message', listener);
    }

    /** lightning:container `message(obj)`. */
    message(obj: unknown): void {
        this.record('out', obj);
        this.frame.contentWindow?.postMessage({ lcc: 'hostMessage', payload: obj }, this.origin);
    }

    private record(dir: 'in' | 'out', m: unknown): void {
        const msg = (typeof m === 'object' && m !== null ? m : {}) as { type?: unknown; payload?: unknown };
        const type = typeof msg.type === 'string' ? msg.type : '(malformed)';
        // Sessions are never logged (they carry a UserSig).
        this.log.push(dir === 'in' ? { dir, type, payload: msg.payload } : { dir, type });
    }
}

export interface UtilityItemView {
    /** The utility item's label as the admin set it in the App Builder. */
    readonly adminLabel: string;
    show(label: string, highlighted: boolean): void;
    /** The utility panel opened (true) or was minimized (false). */
    showPanel(visible: boolean): void;
}

const UTILITY_ID = 'utility_tim_bar';

export class UtilityBarStandIn {
    private label: string;
    private highlighted = false;
    private visible = true;
    private readonly clickHandlers: Array<(response: { utilityId: string; panelVisible: boolean }) => void> = [];

    constructor(private readonly view: UtilityItemView) {
        this.label = view.adminLabel;
        view.show(this.label, false);
        view.showPanel(true);
    }

    getUtilityInfo(): Promise<{
        id: string;
        utilityLabel: string;
        utilityVisible: boolean;
        utilityHighlighted: boolean;
    }> {
        return Promise.resolve({
            id: UTILITY_ID,
            utilityLabel: this.view.adminLabel,
            utilityVisible: this.visible,
            utilityHighlighted: this.highlighted,
        });
    }

    /** The agent clicked the utility item in the bar: its panel opens or minimizes, then the handlers run. */
    click(): void {
        this.setVisible(!this.visible);
        for (const handler of this.clickHandlers) handler({ utilityId: UTILITY_ID, panelVisible: this.visible });
    }

    onUtilityClick(args: { eventHandler?: unknown }): Promise<boolean> {
        const handler = args?.eventHandler;
        if (typeof handler !== 'function') return Promise.reject(new Error('eventHandler must be a function'));
        this.clickHandlers.push(handler as (response: { utilityId: string; panelVisible: boolean }) => void);
        return Promise.resolve(true);
    }

    openUtility(): Promise<boolean> {
        this.setVisible(true);
        return Promise.resolve(true);
    }

    minimizeUtility(): Promise<boolean> {
        this.setVisible(false);
        return Promise.resolve(true);
    }

    private setVisible(visible: boolean): void {
        this.visible = visible;
        this.view.showPanel(visible);
    }

    setUtilityLabel(args: { label?: unknown }): Promise<boolean> {
        if (typeof args?.label !== 'string') return Promise.reject(new Error('label must be a string'));
        this.label = args.label;
        this.view.show(this.label, this.highlighted);
        return Promise.resolve(true);
    }

    setUtilityHighlighted(args: { highlighted?: unknown }): Promise<boolean> {
        if (typeof args?.highlighted !== 'boolean') return Promise.reject(new Error('highlighted must be a boolean'));
        this.highlighted = args.highlighted;
        this.view.show(this.label, this.highlighted);
        return Promise.resolve(true);
    }
}

export interface TabInfo {
    tabId: string;
    recordId: string;
    pageReference: { type: 'standard__recordPage'; attributes: { recordId: string; actionName: 'view' } };
}

const RECORD_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

export class WorkspaceStandIn {
    private focused: TabInfo | null = null;

    /** `onOpenTab`: the console opens (or focuses) a record's tab. */
    constructor(private readonly onOpenTab?: (recordId: string) => void) {}

    /** `openTab({recordId, focus})`: resolves with the tab id; rejects without a record id, as the console does. */
    openTab(args: { recordId?: unknown; focus?: unknown }): Promise<string> {
        const recordId = args?.recordId;
        if (typeof recordId !== 'string' || !RECORD_ID.test(recordId))
            return Promise.reject(new Error('openTab needs a recordId or url'));
        const tab = args.focus === false && this.focused ? this.focused : this.focusRecordTab(recordId);
        this.onOpenTab?.(recordId);
        return Promise.resolve(args.focus === false ? `ctab_${recordId}` : tab.tabId);
    }

    /** Focuses a record tab (opening it when needed); the caller then fires `lightning:tabFocused`. */
    focusRecordTab(recordId: string): TabInfo {
        this.focused = {
            tabId: `ctab_${recordId}`,
            recordId,
            pageReference: { type: 'standard__recordPage', attributes: { recordId, actionName: 'view' } },
        };
        return this.focused;
    }

    getFocusedTabInfo(): Promise<TabInfo> {
        return this.focused ? Promise.resolve(this.focused) : Promise.reject(new Error('No tab is focused'));
    }
}

export interface PageReference {
    type?: unknown;
    attributes?: { recordId?: unknown; actionName?: unknown };
}

export class NavigationStandIn {
    constructor(private readonly onNavigate: (ref: PageReference) => void) {}

    navigate(ref: PageReference): void {
        this.onNavigate(ref);
    }
}
