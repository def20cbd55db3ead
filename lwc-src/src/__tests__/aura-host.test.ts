// The Aura host's protocol checks (force-app/main/default/aura/tim_utilities_bar/tim_utilities_barHelper.js),
// evaluated as Aura would: the helper file is one object literal.
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { runInNewContext } from 'vm';

interface Helper {
    validate(msg: unknown): string | null;
    init(component: FakeComponent): void;
    onWidgetMessage(component: FakeComponent, msg: unknown): void;
}

const source = readFileSync(
    resolve(__dirname, '../../../force-app/main/default/aura/tim_utilities_bar/tim_utilities_barHelper.js'),
    'utf8',
);
const CASE = '500000000000001AAA';

class FakeAction {
    params: unknown = null;
    callback: ((r: unknown) => void) | null = null;
    constructor(readonly name: string) {}
    setParams(p: unknown): void {
        this.params = p;
    }
    setCallback(_scope: unknown, cb: (r: unknown) => void): void {
        this.callback = cb;
    }
}

class FakeComponent {
    attrs: Record<string, unknown> = { 'v.utilityLabel': 'Case chat', 'v.widgetReady': false };
    sentToWidget: Array<{ type: string; payload: unknown }> = [];
    actions: FakeAction[] = [];
    navigations: unknown[] = [];
    labels: unknown[] = [];
    /** The label the admin gave the utility item in the App Builder (what getUtilityInfo reports). */
    adminLabel: string | null = 'Support chat';
    infoCalls = 0;
    get(key: string): unknown {
        if (key.startsWith('c.')) {
            const a = new FakeAction(key);
            this.actions.push(a);
            return a;
        }
        return this.attrs[key];
    }
    set(key: string, value: unknown): void {
        this.attrs[key] = value;
    }
    isValid(): boolean {
        return true;
    }
    find(id: string): unknown {
        if (id === 'timBar') return { message: (m: { type: string; payload: unknown }) => this.sentToWidget.push(m) };
        if (id === 'navService') return { navigate: (ref: unknown) => this.navigations.push(ref) };
        if (id === 'utilityBar')
            return {
                getUtilityInfo: () => (
                    this.infoCalls++,
                    this.adminLabel === null
                        ? Promise.reject(new Error('not in a utility bar'))
                        : Promise.resolve({ utilityLabel: this.adminLabel, utilityVisible: this.panelVisible })
                ),
                setUtilityLabel: (o: unknown) => (this.labels.push(o), Promise.resolve()),
                setUtilityHighlighted: (o: unknown) => (this.labels.push(o), Promise.resolve()),
                onUtilityClick: (o: { eventHandler: (r: unknown) => void }) => (
                    this.clickHandlers.push(o.eventHandler),
                    Promise.resolve(true)
                ),
                openUtility: () => ((this.panelVisible = true), this.opened++, Promise.resolve(true)),
            };
        return null;
    }
    /** The utility panel is open; clicks on the utility item call these handlers. */
    panelVisible = true;
    clickHandlers: Array<(r: unknown) => void> = [];
    opened = 0;
    clickUtility(): void {
        this.panelVisible = !this.panelVisible;
        for (const h of this.clickHandlers) h({ utilityId: 'u1', panelVisible: this.panelVisible });
    }
}

/** The browser around the Lightning page: Notification (permission, shown ones), localStorage, focus. */
class FakeBrowser {
    permission: 'default' | 'granted' | 'denied' = 'default';
    answer: 'granted' | 'denied' = 'granted';
    storage = new Map<string, string>();
    shown: Array<{ title: string; options: unknown; onclick: (() => void) | null; closed: boolean }> = [];
    visibilityState = 'visible';
    focused = true;
    globals(withNotifications = true): Record<string, unknown> {
        return makeGlobals(this, withNotifications);
    }
}

function makeGlobals(browser: FakeBrowser, withNotifications: boolean): Record<string, unknown> {
    class Notification {
        static get permission(): string {
            return browser.permission;
        }
        static requestPermission(): Promise<string> {
            browser.permission = browser.answer;
            return Promise.resolve(browser.answer);
        }
        onclick: (() => void) | null = null;
        closed = false;
        constructor(title: string, options: unknown) {
            browser.shown.push(this as unknown as FakeBrowser['shown'][number]);
            Object.assign(this, { title, options });
        }
        close(): void {
            this.closed = true;
        }
    }
    return {
        window: {
            localStorage: {
                getItem: (k: string) => browser.storage.get(k) ?? null,
                setItem: (k: string, v: string) => browser.storage.set(k, v),
            },
            focus: () => undefined,
        },
        document: { visibilityState: browser.visibilityState, hasFocus: () => browser.focused },
        ...(withNotifications ? { Notification } : {}),
    };
}

const LOCALE: Record<string, string> = {
    '$Locale.langLocale': 'zh_CN',
    '$Locale.language': 'zh',
    '$Locale.userLocaleLang': 'zh',
    '$Locale.userLocaleCountry': 'CN',
    '$Locale.timezone': 'Asia/Shanghai',
    '$SObjectType.CurrentUser.Id': '005000000000001AAA',
};

function load(
    globals: Record<string, unknown> = {},
    values: Record<string, string> = LOCALE,
): { helper: Helper; enqueued: FakeAction[] } {
    const enqueued: FakeAction[] = [];
    const helper = runInNewContext(`(${source})`, {
        $A: {
            enqueueAction: (a: FakeAction) => enqueued.push(a),
            getCallback: (f: unknown) => f,
            get: (key: string) => values[key],
        },
        console: { warn: () => {}, error: () => {} },
        ...globals,
    }) as Helper;
    return { helper, enqueued };
}
const flush = (): Promise<void> => new Promise((done) => setTimeout(done, 0));
const msg = (type: string, payload: unknown) => ({ protocol: 'tim-bar', version: 1, type, payload });
const response = (state: string, value: unknown, errors: unknown[] = []) => ({
    getState: () => state,
    getReturnValue: () => value,
    getError: () => errors,
});

describe('tim_utilities_bar helper', () => {
    it('accepts the v1 widget messages and rejects everything else', () => {
        const { helper } = load();
        expect(helper.validate(msg('ready', {}))).toBeNull();
        expect(helper.validate(msg('needSession', { reason: 'expiring' }))).toBeNull();
        expect(helper.validate(msg('navigate', { recordId: CASE }))).toBeNull();
        expect(helper.validate(msg('unread', { count: 3 }))).toBeNull();
        expect(helper.validate(msg('needHistory', { caseId: CASE, beforeSeq: null }))).toBeNull();
        expect(helper.validate(msg('error', { code: 'X', message: 'y' }))).toBeNull();
        for (const bad of [
            'READY',
            { ...msg('ready', {}), version: 2 },
            { ...msg('ready', {}), protocol: 'x' },
            msg('eval', {}),
            msg('needSession', { reason: 'always' }),
            msg('navigate', { recordId: 'javascript:alert(1)' }),
            msg('unread', { count: -1 }),
            msg('unread', { count: 1.5 }),
            msg('needHistory', { caseId: '003000000000001', beforeSeq: null }),
            msg('needHistory', { caseId: CASE, beforeSeq: '5' }),
            msg('ready', null),
        ]) {
            expect(helper.validate(bad)).not.toBeNull();
        }
    });

    it('answers needSession with the four session fields and the SDK proxy endpoints only', () => {
        const { helper, enqueued } = load();
        const cmp = new FakeComponent();
        helper.onWidgetMessage(cmp, msg('needSession', { reason: 'initial' }));
        helper.onWidgetMessage(cmp, msg('needSession', { reason: 'initial' })); // in flight: not repeated
        expect(enqueued.map((a) => a.name)).toEqual(['c.getSession']);
        enqueued[0]?.callback?.(
            response('SUCCESS', {
                sdkAppId: 1400000000,
                userId: '005x',
                userSig: 'sig',
                expiresAt: 1763700000000,
                proxyServer: 'wss://im-proxy.example.com',
                fileUploadProxy: 'javascript:alert(1)',
                fileDownloadProxy: null,
                endpoint: { kind: 'scripted' },
            }),
        );
        expect(cmp.sentToWidget).toEqual([
            {
                protocol: 'tim-bar',
                version: 1,
                type: 'session',
                payload: {
                    sdkAppId: 1400000000,
                    userId: '005x',
                    userSig: 'sig',
                    expiresAt: 1763700000000,
                    proxyServer: 'wss://im-proxy.example.com',
                },
            },
        ]);
    });

    it('turns Apex errors into sessionError / historyError', () => {
        const { helper, enqueued } = load();
        const cmp = new FakeComponent();
        helper.onWidgetMessage(cmp, msg('needSession', { reason: 'initial' }));
        enqueued[0]?.callback?.(response('ERROR', null, [{ message: 'The chat service is not reachable right now.' }]));
        helper.onWidgetMessage(cmp, msg('needHistory', { caseId: CASE, beforeSeq: 4 }));
        expect(enqueued[1]?.params).toEqual({ caseId: CASE, beforeSeq: 4 });
        enqueued[1]?.callback?.(response('ERROR', null, []));
        expect(cmp.sentToWidget.map((m) => [m.type, m.payload])).toEqual([
            ['sessionError', { message: 'The chat service is not reachable right now.' }],
            ['historyError', { caseId: CASE, message: 'Earlier messages could not be loaded.' }],
        ]);
    });

    it('forwards a history page, navigates to records and shows unread on the utility item', async () => {
        const { helper, enqueued } = load();
        const cmp = new FakeComponent();
        helper.onWidgetMessage(cmp, msg('needHistory', { caseId: CASE, beforeSeq: null }));
        const page = { groupId: CASE, messages: [], nextBefore: null, isFinished: true };
        enqueued[0]?.callback?.(response('SUCCESS', page));
        expect(cmp.sentToWidget[0]).toMatchObject({ type: 'history', payload: { caseId: CASE, page } });
        helper.onWidgetMessage(cmp, msg('navigate', { recordId: CASE }));
        expect(cmp.navigations).toEqual([
            { type: 'standard__recordPage', attributes: { recordId: CASE, actionName: 'view' } },
        ]);
        helper.onWidgetMessage(cmp, msg('unread', { count: 4 }));
        await flush();
        expect(cmp.labels).toEqual([{ highlighted: true }, { label: 'Support chat (4)' }]);
    });

    it("keeps the admin's utility label and adds the unread count, reading the label once", async () => {
        const { helper } = load();
        const cmp = new FakeComponent();
        helper.onWidgetMessage(cmp, msg('unread', { count: 120 }));
        await flush();
        helper.onWidgetMessage(cmp, msg('unread', { count: 0 }));
        await flush();
        // A rising count highlights; a falling one leaves the highlight to the agent opening the utility or a chat.
        expect(cmp.labels).toEqual([{ highlighted: true }, { label: 'Support chat (99+)' }, { label: 'Support chat' }]);
        expect(cmp.infoCalls).toBe(1);
    });

    it('falls back to the component attribute when the utility bar cannot report its label', async () => {
        const { helper } = load();
        const cmp = new FakeComponent();
        cmp.adminLabel = null;
        helper.onWidgetMessage(cmp, msg('unread', { count: 2 }));
        await flush();
        expect(cmp.labels).toEqual([{ highlighted: true }, { label: 'Case chat (2)' }]);
    });

    it('accepts attention, attentionSeen and setNotifications and rejects malformed ones', () => {
        const { helper } = load();
        const attention = { kind: 'message', caseId: CASE, title: 'Case 00001001: Ada', body: 'Hello' };
        expect(helper.validate(msg('attention', attention))).toBeNull();
        expect(helper.validate(msg('attention', { ...attention, kind: 'assigned', caseId: null }))).toBeNull();
        expect(helper.validate(msg('attentionSeen', {}))).toBeNull();
        expect(helper.validate(msg('setNotifications', { desktop: true }))).toBeNull();
        for (const bad of [
            msg('attention', { ...attention, kind: 'constructor' }),
            msg('attention', { ...attention, caseId: '003000000000001' }),
            msg('attention', { ...attention, title: 'x'.repeat(201) }),
            msg('attention', { ...attention, body: 5 }),
            msg('setNotifications', { desktop: 'yes' }),
        ]) {
            expect(helper.validate(bad)).not.toBeNull();
        }
    });

    it("sends the user's language, locale and time zone ($Locale), the notification state and the panel state on ready", async () => {
        const browser = new FakeBrowser();
        const { helper } = load(browser.globals());
        const cmp = new FakeComponent();
        cmp.panelVisible = false;
        helper.onWidgetMessage(cmp, msg('ready', {}));
        await flush();
        expect(cmp.sentToWidget.map((m) => [m.type, m.payload])).toEqual([
            ['locale', { language: 'zh_CN', locale: 'zh_CN', timeZone: 'Asia/Shanghai' }],
            ['notifications', { desktop: 'off' }],
            ['utilityVisibility', { visible: false }],
        ]);
    });

    it('falls back to en_US and the browser time zone when $Locale has nothing usable', () => {
        const { helper } = load(new FakeBrowser().globals(), { '$Locale.timezone': 'not a zone' });
        const cmp = new FakeComponent();
        helper.onWidgetMessage(cmp, msg('ready', {}));
        const locale = cmp.sentToWidget.find((m) => m.type === 'locale')?.payload as Record<string, string>;
        expect(locale).toMatchObject({ language: 'en_US', locale: 'en_US' });
        expect(locale.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    });

    it('highlights on attention and clears when the agent opens a chat or the utility panel', async () => {
        const { helper } = load(new FakeBrowser().globals());
        const cmp = new FakeComponent();
        helper.init(cmp);
        helper.onWidgetMessage(cmp, msg('ready', {}));
        await flush();
        cmp.labels = [];
        const attention = { kind: 'assigned', caseId: CASE, title: 'New chat: case 00001001', body: 'Cannot log in' };
        helper.onWidgetMessage(cmp, msg('attention', attention));
        helper.onWidgetMessage(cmp, msg('attention', attention)); // already highlighted: no second call
        helper.onWidgetMessage(cmp, msg('attentionSeen', {}));
        expect(cmp.labels).toEqual([{ highlighted: true }, { highlighted: false }]);
        cmp.clickUtility(); // minimized
        helper.onWidgetMessage(cmp, msg('attention', attention));
        cmp.clickUtility(); // opened again
        expect(cmp.labels).toEqual([
            { highlighted: true },
            { highlighted: false },
            { highlighted: true },
            { highlighted: false },
        ]);
        expect(cmp.sentToWidget.filter((m) => m.type === 'utilityVisibility').map((m) => m.payload)).toEqual([
            { visible: true },
            { visible: false },
            { visible: true },
        ]);
    });

    it("asks the browser's permission, remembers the choice per user and shows desktop notifications while minimized", async () => {
        const browser = new FakeBrowser();
        const { helper } = load(browser.globals());
        const cmp = new FakeComponent();
        helper.init(cmp);
        helper.onWidgetMessage(cmp, msg('ready', {}));
        helper.onWidgetMessage(cmp, msg('setNotifications', { desktop: true }));
        await flush();
        expect(browser.permission).toBe('granted');
        expect(browser.storage.get('tim_bar.desktopNotifications.005000000000001AAA')).toBe('on');
        expect(cmp.sentToWidget.filter((m) => m.type === 'notifications').map((m) => m.payload)).toEqual([
            { desktop: 'off' },
            { desktop: 'on' },
        ]);
        const attention = { kind: 'message', caseId: CASE, title: 'Case 00001001: Ada', body: 'Any news?' };
        helper.onWidgetMessage(cmp, msg('attention', attention)); // panel open, page focused: highlight only
        expect(browser.shown).toHaveLength(0);
        cmp.clickUtility();
        helper.onWidgetMessage(cmp, msg('attention', attention));
        expect(browser.shown).toHaveLength(1);
        expect(browser.shown[0]).toMatchObject({
            title: 'Case 00001001: Ada',
            options: { body: 'Any news?', tag: `tim-bar-${CASE}` },
        });
        browser.shown[0]?.onclick?.();
        await flush();
        expect(browser.shown[0]?.closed).toBe(true);
        expect(cmp.opened).toBe(1);
        expect(cmp.sentToWidget.slice(-2).map((m) => [m.type, m.payload])).toEqual([
            ['focusCase', { caseId: CASE }],
            ['utilityVisibility', { visible: true }],
        ]);
        // A new page (another load of the helper) reads the remembered choice.
        const again = load(browser.globals()).helper;
        const cmp2 = new FakeComponent();
        again.onWidgetMessage(cmp2, msg('ready', {}));
        expect(cmp2.sentToWidget.find((m) => m.type === 'notifications')?.payload).toEqual({ desktop: 'on' });
        // Turned off: remembered, and no notification any more.
        again.onWidgetMessage(cmp2, msg('setNotifications', { desktop: false }));
        expect(browser.storage.get('tim_bar.desktopNotifications.005000000000001AAA')).toBe('off');
    });

    it('reports blocked and unsupported desktop notifications', async () => {
        const denied = new FakeBrowser();
        denied.answer = 'denied';
        const { helper } = load(denied.globals());
        const cmp = new FakeComponent();
        helper.onWidgetMessage(cmp, msg('setNotifications', { desktop: true }));
        await flush();
        expect(cmp.sentToWidget.at(-1)?.payload).toEqual({ desktop: 'blocked' });
        const none = load(new FakeBrowser().globals(false)).helper;
        const cmp2 = new FakeComponent();
        none.onWidgetMessage(cmp2, msg('ready', {}));
        expect(cmp2.sentToWidget.find((m) => m.type === 'notifications')?.payload).toEqual({ desktop: 'unsupported' });
    });
    describe('Quick Text (quickTextSearch → c.searchQuickText)', () => {
        const QT = '574000000000001AAA';

        it('accepts a search with a request id and a short query, and nothing else', () => {
            const { helper } = load();
            expect(helper.validate(msg('quickTextSearch', { requestId: 'q1', query: 'ref' }))).toBeNull();
            expect(helper.validate(msg('quickTextSearch', { requestId: 'q-2_b', query: '' }))).toBeNull();
            for (const bad of [
                msg('quickTextSearch', { query: 'ref' }),
                msg('quickTextSearch', { requestId: 'q 1', query: 'ref' }),
                msg('quickTextSearch', { requestId: 'x'.repeat(41), query: 'ref' }),
                msg('quickTextSearch', { requestId: 'q1', query: 'x'.repeat(81) }),
                msg('quickTextSearch', { requestId: 'q1', query: null }),
                msg('quickTextResults', { requestId: 'q1', items: [] }),
            ]) {
                expect(helper.validate(bad)).not.toBeNull();
            }
        });

        it('calls Apex with the query and forwards only well-formed items, with their four fields', () => {
            const { helper, enqueued } = load();
            const cmp = new FakeComponent();
            helper.onWidgetMessage(cmp, msg('quickTextSearch', { requestId: 'q7', query: 'refund' }));
            expect(enqueued.map((a) => [a.name, a.params])).toEqual([['c.searchQuickText', { query: 'refund' }]]);
            enqueued[0]?.callback?.(
                response('SUCCESS', [
                    {
                        id: QT,
                        name: 'Refund',
                        message: 'Hi {!Contact.FirstName}',
                        category: 'Billing',
                        OwnerId: '005x',
                    },
                    { id: 'javascript:alert(1)', name: 'Bad id', message: 'x' },
                    { id: QT, name: '', message: 'no name' },
                    { id: QT, name: 'No message', message: null, category: null },
                ]),
            );
            expect(cmp.sentToWidget).toEqual([
                {
                    protocol: 'tim-bar',
                    version: 1,
                    type: 'quickTextResults',
                    payload: {
                        requestId: 'q7',
                        items: [
                            { id: QT, name: 'Refund', message: 'Hi {!Contact.FirstName}', category: 'Billing' },
                            { id: QT, name: 'No message', message: '' },
                        ],
                    },
                },
            ]);
        });

        it('answers an Apex error or a malformed answer with quickTextError for that request', () => {
            const { helper, enqueued } = load();
            const cmp = new FakeComponent();
            helper.onWidgetMessage(cmp, msg('quickTextSearch', { requestId: 'a', query: 'x' }));
            helper.onWidgetMessage(cmp, msg('quickTextSearch', { requestId: 'b', query: 'y' }));
            enqueued[0]?.callback?.(response('ERROR', null, [{ message: 'You do not have access to Quick Text.' }]));
            enqueued[1]?.callback?.(response('SUCCESS', { not: 'a list' }));
            expect(cmp.sentToWidget.map((m) => [m.type, m.payload])).toEqual([
                ['quickTextError', { requestId: 'a', message: 'You do not have access to Quick Text.' }],
                ['quickTextError', { requestId: 'b', message: 'Quick Text could not be searched.' }],
            ]);
        });

        it("passes the agent's own name with the session (for {!User.Name} / {!User.FirstName})", () => {
            const { helper, enqueued } = load();
            const cmp = new FakeComponent();
            helper.onWidgetMessage(cmp, msg('needSession', { reason: 'initial' }));
            enqueued[0]?.callback?.(
                response('SUCCESS', {
                    sdkAppId: 1400000000,
                    userId: '005x',
                    userSig: 'sig',
                    expiresAt: 1763700000000,
                    userName: 'Alice Agent',
                    userFirstName: { toString: 'Alice' },
                }),
            );
            expect(cmp.sentToWidget[0]?.payload).toEqual({
                sdkAppId: 1400000000,
                userId: '005x',
                userSig: 'sig',
                expiresAt: 1763700000000,
                userName: 'Alice Agent',
            });
        });
    });
});
