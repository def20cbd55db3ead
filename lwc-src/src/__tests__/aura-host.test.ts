// The Aura host's protocol checks (force-app/main/default/aura/tim_utilities_bar/tim_utilities_barHelper.js),
// evaluated as Aura would: the helper file is one object literal.
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { runInNewContext } from 'vm';

interface Helper {
    validate(msg: unknown): string | null;
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
                        : Promise.resolve({ utilityLabel: this.adminLabel })
                ),
                setUtilityLabel: (o: unknown) => (this.labels.push(o), Promise.resolve()),
                setUtilityHighlighted: (o: unknown) => (this.labels.push(o), Promise.resolve()),
            };
        return null;
    }
}

function load(): { helper: Helper; enqueued: FakeAction[] } {
    const enqueued: FakeAction[] = [];
    const helper = runInNewContext(`(${source})`, {
        $A: { enqueueAction: (a: FakeAction) => enqueued.push(a), getCallback: (f: unknown) => f },
        console: { warn: () => {}, error: () => {} },
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
        expect(cmp.labels).toEqual([{ label: 'Support chat (4)' }, { highlighted: true }]);
    });

    it("keeps the admin's utility label and adds the unread count, reading the label once", async () => {
        const { helper } = load();
        const cmp = new FakeComponent();
        helper.onWidgetMessage(cmp, msg('unread', { count: 120 }));
        await flush();
        helper.onWidgetMessage(cmp, msg('unread', { count: 0 }));
        await flush();
        expect(cmp.labels).toEqual([
            { label: 'Support chat (99+)' },
            { highlighted: true },
            { label: 'Support chat' },
            { highlighted: false },
        ]);
        expect(cmp.infoCalls).toBe(1);
    });

    it('falls back to the component attribute when the utility bar cannot report its label', async () => {
        const { helper } = load();
        const cmp = new FakeComponent();
        cmp.adminLabel = null;
        helper.onWidgetMessage(cmp, msg('unread', { count: 2 }));
        await flush();
        expect(cmp.labels).toEqual([{ label: 'Case chat (2)' }, { highlighted: true }]);
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
