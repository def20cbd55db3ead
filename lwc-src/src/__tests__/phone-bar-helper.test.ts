// The tim_phone_bar Aura helper (force-app/main/default/aura/tim_phone_bar/tim_phone_barHelper.js), evaluated as
// Aura would: the helper file is one object literal. Its ports are what the console phone host calls.
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { runInNewContext } from 'vm';
import type { ConsolePhonePorts } from '../voice/console-phone';

const source = readFileSync(
    resolve(__dirname, '../../../force-app/main/default/aura/tim_phone_bar/tim_phone_barHelper.js'),
    'utf8',
);
const CASE = '500000000000001AAA';

interface Helper {
    ports(component: FakeComponent): ConsolePhonePorts;
    choose(component: FakeComponent, value: unknown): void;
    mount(component: FakeComponent): void;
}

interface Response {
    getState(): string;
    getReturnValue(): unknown;
    getError(): Array<{ message: string }>;
}

class FakeAction {
    params: unknown = null;
    callback: ((r: Response) => void) | null = null;
    constructor(readonly name: string) {}
    setParams(p: unknown): void {
        this.params = p;
    }
    setCallback(_scope: unknown, cb: (r: Response) => void): void {
        this.callback = cb;
    }
}

class FakeComponent {
    attrs: Record<string, unknown> = { 'v.defaultCallingCode': ' 44 ', 'v.choices': [], 'v.status': '' };
    highlights: unknown[] = [];
    opened: unknown[] = [];
    navigations: unknown[] = [];
    openTabFails = false;
    get(key: string): unknown {
        return key.startsWith('c.') ? new FakeAction(key) : this.attrs[key];
    }
    set(key: string, value: unknown): void {
        this.attrs[key] = value;
    }
    isValid(): boolean {
        return true;
    }
    find(id: string): unknown {
        if (id === 'workspace')
            return {
                openTab: (o: unknown) => {
                    this.opened.push(o);
                    return this.openTabFails ? Promise.reject(new Error('not a console app')) : Promise.resolve('tab1');
                },
            };
        if (id === 'navService') return { navigate: (ref: unknown) => this.navigations.push(ref) };
        if (id === 'utilityBar')
            return {
                setUtilityHighlighted: (o: unknown) => (this.highlights.push(o), Promise.resolve(true)),
                openUtility: () => Promise.resolve(true),
            };
        if (id === 'phoneFrame') return { getElement: () => 'the-holder' };
        return null;
    }
}

function load(globals: Record<string, unknown> = {}): { helper: Helper; enqueued: FakeAction[] } {
    const enqueued: FakeAction[] = [];
    const helper = runInNewContext(`(${source})`, {
        $A: { enqueueAction: (a: FakeAction) => enqueued.push(a), getCallback: (f: unknown) => f },
        Promise,
        window: globals,
    }) as Helper;
    return { helper, enqueued };
}

const ok = (value: unknown): Response => ({
    getState: () => 'SUCCESS',
    getReturnValue: () => value,
    getError: () => [],
});
const failed = (message: string): Response => ({
    getState: () => 'ERROR',
    getReturnValue: () => null,
    getError: () => [{ message }],
});

describe('tim_phone_bar helper', () => {
    it('calls the three Apex methods with their parameters and passes Apex errors on', async () => {
        const { helper, enqueued } = load();
        const cmp = new FakeComponent();
        const ports = helper.ports(cmp);
        const lookup = ports.findCallerRecords('+14155550100');
        const create = ports.createPhoneCase(null, '003000000000001AAA');
        const session = ports.startVoiceSession();
        expect(enqueued.map((a) => [a.name, a.params])).toEqual([
            ['c.findCallerRecords', { phoneE164: '+14155550100' }],
            ['c.createPhoneCase', { phoneE164: null, contactId: '003000000000001AAA' }],
            ['c.startVoiceSession', {}],
        ]);
        enqueued[0]!.callback!(ok({ contacts: [], cases: [] }));
        enqueued[1]!.callback!(ok(CASE));
        enqueued[2]!.callback!(failed('Your Salesforce user is not mapped'));
        await expect(lookup).resolves.toEqual({ contacts: [], cases: [] });
        await expect(create).resolves.toBe(CASE);
        await expect(session).rejects.toThrow('Your Salesforce user is not mapped');
    });

    it('shows the choice and resolves with the picked entry only for a valid index', async () => {
        const { helper } = load();
        const cmp = new FakeComponent();
        const choices = [
            { kind: 'contact', contactId: '003000000000001AAA', label: 'Ada' },
            { kind: 'newCase', contactId: null, label: 'New case without a contact' },
        ];
        const picked = helper.ports(cmp).choose(
            choices as never,
            {
                sessionId: 's',
                callerPhoneNumber: '+14155550100',
                calleePhoneNumber: '1',
                protectedCaller: false,
            },
            'contacts',
        );
        expect(cmp.attrs['v.choices']).toBe(choices);
        expect(cmp.attrs['v.choiceTitle']).toContain('+14155550100');
        helper.choose(cmp, 5);
        helper.choose(cmp, -1);
        helper.choose(cmp, '0.5');
        expect(cmp.attrs['v.choices']).toBe(choices);
        helper.choose(cmp, 1);
        await expect(picked).resolves.toEqual(choices[1]);
        expect(cmp.attrs['v.choices']).toEqual([]);
    });

    it('opens records in a console tab, and navigates outside a console app', async () => {
        const { helper } = load();
        const cmp = new FakeComponent();
        await helper.ports(cmp).openRecord(CASE);
        expect(cmp.opened).toEqual([{ recordId: CASE, focus: true }]);
        cmp.openTabFails = true;
        await helper.ports(cmp).openRecord(CASE);
        expect(cmp.navigations).toEqual([
            { type: 'standard__recordPage', attributes: { recordId: CASE, actionName: 'view' } },
        ]);
        await expect(helper.ports(cmp).openRecord('javascript:alert(1)')).rejects.toThrow('Not a record id');
    });

    it('highlights the utility while a call rings and shows the states as text', () => {
        const { helper } = load();
        const cmp = new FakeComponent();
        const ports = helper.ports(cmp);
        ports.onCall({ state: 'ringing', sessionId: 's', caller: '+14155550100' });
        expect(cmp.attrs['v.status']).toBe('Incoming call from +14155550100');
        ports.onCall({ state: 'answered', sessionId: 's' });
        ports.onCall({ state: 'ended', sessionId: 's', duration: 42 });
        expect(cmp.highlights).toEqual([{ highlighted: true }, { highlighted: false }, { highlighted: false }]);
        expect(cmp.attrs['v.status']).toBe('Call ended after 42 s');
        ports.onStatus('error', 'Screen pop failed: no access');
        expect(cmp.attrs['v.status']).toBe('The phone has a problem: Screen pop failed: no access');
        expect(cmp.attrs['v.statusKind']).toBe('error');
    });

    it('mounts the console phone host with the trimmed calling code, or says the resource is missing', () => {
        const mount = jest.fn(() => ({ destroy: jest.fn() }));
        const { helper } = load({ TimVoice: { version: 1, mountConsolePhone: mount } });
        const cmp = new FakeComponent();
        helper.mount(cmp);
        helper.mount(cmp);
        expect(mount).toHaveBeenCalledTimes(1);
        expect(mount).toHaveBeenCalledWith(
            expect.objectContaining({ container: 'the-holder', defaultCallingCode: '44' }),
        );

        const bare = load().helper;
        const cmp2 = new FakeComponent();
        bare.mount(cmp2);
        expect(cmp2.attrs['v.status']).toContain('tim_voice');
    });
});
