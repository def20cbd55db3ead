import {
    mountConsolePhone,
    parseVoiceSession,
    SESSION_MIN_INTERVAL_MS,
    type ConsolePhonePorts,
} from '../voice/console-phone';
import { pageMessage, type HostMessage, type PageMessage } from '../voice/phone-protocol';
import type { PopChoice } from '../voice/screen-pop';

const RELAY = 'https://relay.example.com';
const ADA = '003000000000001AAA';
const BOB = '003000000000002AAA';
const CASE1 = '500000000000001AAA';
const NEW_CASE = '500000000000009AAA';

function session(n = 1): Record<string, unknown> {
    return {
        sdkUrl: `https://tccc.example.com/sdk-${n}.js`,
        token: `token-${n}`,
        expiresAt: 1765000000000 + n,
        sdkAppId: 1400000001,
        seatUserId: 'agent@example.com',
        phonePageUrl: `${RELAY}/voice/phone?ticket=t${n}`,
    };
}

const flush = async (): Promise<void> => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
};

interface Harness {
    ports: jest.Mocked<ConsolePhonePorts>;
    container: HTMLElement;
    sent: Array<{ msg: HostMessage; targetOrigin: string }>;
    frame(): HTMLIFrameElement;
    fromPage(msg: unknown, opts?: { origin?: string; source?: unknown }): void;
    destroy(): void;
}

async function mount(overrides: Partial<ConsolePhonePorts> = {}, callingCode = '1'): Promise<Harness> {
    let n = 0;
    const ports: jest.Mocked<ConsolePhonePorts> = {
        startVoiceSession: jest.fn(async () => session(++n)),
        findCallerRecords: jest.fn(async () => ({ contacts: [], cases: [] })),
        createPhoneCase: jest.fn(async () => NEW_CASE),
        openRecord: jest.fn(),
        choose: jest.fn(async (choices: PopChoice[]) => choices[0]!),
        onStatus: jest.fn(),
        onCall: jest.fn(),
        ...overrides,
    } as jest.Mocked<ConsolePhonePorts>;
    const container = document.createElement('div');
    document.body.append(container);
    const sent: Harness['sent'] = [];
    const phone = mountConsolePhone({ container, ports, defaultCallingCode: callingCode });
    await flush();
    const frame = (): HTMLIFrameElement => {
        const f = container.querySelector('iframe');
        if (!f) throw new Error('no frame');
        return f;
    };
    if (container.querySelector('iframe')) {
        jest.spyOn(frame().contentWindow!, 'postMessage').mockImplementation(((msg: HostMessage, target: string) => {
            sent.push({ msg, targetOrigin: target });
        }) as never);
    }
    return {
        ports,
        container,
        sent,
        frame,
        fromPage(msg, opts = {}) {
            window.dispatchEvent(
                new MessageEvent('message', {
                    data: msg,
                    origin: opts.origin ?? RELAY,
                    source: (opts.source === undefined ? frame().contentWindow : opts.source) as MessageEventSource,
                }),
            );
        },
        destroy: () => {
            phone.destroy();
            container.remove();
        },
    };
}

let nowMs = 1_000_000;
beforeEach(() => {
    nowMs += 60_000;
    jest.spyOn(Date, 'now').mockImplementation(() => nowMs);
});
afterEach(() => jest.restoreAllMocks());

describe('console phone: session handoff', () => {
    it('frames the page from the URL the relay gave, with no token in it', async () => {
        const h = await mount();
        expect(h.frame().src).toBe(`${RELAY}/voice/phone?ticket=t1`);
        expect(h.frame().src).not.toContain('token');
        expect(h.frame().allow).toContain('microphone');
        expect(h.sent).toEqual([]);
        h.destroy();
    });

    it('hands the session over after phoneReady, to the relay origin only', async () => {
        const h = await mount();
        h.fromPage(pageMessage('phoneReady', {}));
        await flush();
        expect(h.sent).toHaveLength(1);
        expect(h.sent[0]!.targetOrigin).toBe(RELAY);
        expect(h.sent[0]!.msg).toMatchObject({
            protocol: 'tim-phone',
            version: 1,
            type: 'phoneSession',
            payload: { token: 'token-1', sdkUrl: 'https://tccc.example.com/sdk-1.js', sdkAppId: 1400000001 },
        });
        expect(h.sent[0]!.msg.payload).not.toHaveProperty('phonePageUrl');
        expect(h.sent.every((s) => s.targetOrigin !== '*')).toBe(true);
        h.destroy();
    });

    it('ignores messages from another origin or another window', async () => {
        const h = await mount();
        h.fromPage(pageMessage('phoneReady', {}), { origin: 'https://evil.example.com' });
        h.fromPage(pageMessage('phoneReady', {}), { origin: 'http://relay.example.com' });
        h.fromPage(pageMessage('phoneReady', {}), { source: window });
        h.fromPage(pageMessage('phoneReady', {}), { source: null });
        h.fromPage({ protocol: 'tim-phone', version: 2, type: 'phoneReady', payload: {} });
        h.fromPage(
            pageMessage('callIn', {
                sessionId: 's1',
                callerPhoneNumber: '+14155550100',
                calleePhoneNumber: '+14155550000',
                protectedCaller: false,
            }),
            { origin: 'https://evil.example.com' },
        );
        await flush();
        expect(h.sent).toEqual([]);
        expect(h.ports.findCallerRecords).not.toHaveBeenCalled();
        expect(h.ports.createPhoneCase).not.toHaveBeenCalled();
        h.destroy();
    });

    it('asks Apex for a new session when the page reports tokenExpired, and sends it to the same frame', async () => {
        const h = await mount();
        h.fromPage(pageMessage('phoneReady', {}));
        await flush();
        nowMs += SESSION_MIN_INTERVAL_MS;
        h.fromPage(pageMessage('phoneStatus', { state: 'tokenExpired' }));
        await flush();
        expect(h.ports.startVoiceSession).toHaveBeenCalledTimes(2);
        expect(h.ports.onStatus).toHaveBeenCalledWith('tokenExpired', undefined);
        expect(h.sent.map((s) => (s.msg.payload as { token: string }).token)).toEqual(['token-1', 'token-2']);
        expect(h.sent.map((s) => s.targetOrigin)).toEqual([RELAY, RELAY]);
        expect(h.frame().src).toContain('ticket=t1');
        // a page stuck on tokenExpired does not flood Apex
        h.fromPage(pageMessage('phoneStatus', { state: 'tokenExpired' }));
        await flush();
        expect(h.ports.startVoiceSession).toHaveBeenCalledTimes(2);
        h.destroy();
    });

    it('shows the Apex error and frames nothing when the session fails', async () => {
        const h = await mount({
            startVoiceSession: jest.fn(async () => {
                throw new Error('Your user has no phone seat in Tencent Cloud Contact Center.');
            }),
        });
        expect(h.container.querySelector('iframe')).toBeNull();
        expect(h.ports.onStatus).toHaveBeenCalledWith('error', expect.stringContaining('no phone seat'));
        h.destroy();
    });

    it('refuses a session whose page is not https (or loopback http)', () => {
        expect(parseVoiceSession({ ...session(), phonePageUrl: 'http://relay.example.com/voice/phone' })).toBeNull();
        expect(parseVoiceSession({ ...session(), phonePageUrl: 'javascript:alert(1)' })).toBeNull();
        expect(parseVoiceSession({ ...session(), token: '' })).toBeNull();
        expect(parseVoiceSession({ ...session(), phonePageUrl: 'http://127.0.0.1:4000/voice/phone?ticket=x' })).toEqual(
            expect.objectContaining({ token: 'token-1' }),
        );
    });
});

describe('console phone: screen pop', () => {
    const callIn = (caller: string, protectedCaller = false, sessionId = 'sess-1'): PageMessage =>
        pageMessage('callIn', {
            sessionId,
            callerPhoneNumber: caller,
            calleePhoneNumber: '4000000000',
            protectedCaller,
        });

    it('looks the caller up in E.164, opens the contact’s only open case, then sends callLinked', async () => {
        const h = await mount({
            findCallerRecords: jest.fn(async () => ({
                contacts: [{ Id: ADA, Name: 'Ada', Phone: '(415) 555-0100' }],
                cases: [
                    { Id: CASE1, CaseNumber: '00001001', Status: 'New', ContactId: ADA, CreatedDate: '2026-12-01' },
                ],
            })),
        });
        h.fromPage(callIn('4155550100'));
        await flush();
        expect(h.ports.findCallerRecords).toHaveBeenCalledWith('+14155550100');
        expect(h.ports.onCall).toHaveBeenCalledWith({ state: 'ringing', sessionId: 'sess-1', caller: '4155550100' });
        expect(h.ports.openRecord).toHaveBeenCalledWith(CASE1);
        expect(h.ports.createPhoneCase).not.toHaveBeenCalled();
        expect(h.sent).toEqual([
            {
                msg: {
                    protocol: 'tim-phone',
                    version: 1,
                    type: 'callLinked',
                    payload: { sessionId: 'sess-1', caseId: CASE1 },
                },
                targetOrigin: RELAY,
            },
        ]);
        // the same call announced twice pops once
        h.fromPage(callIn('4155550100'));
        await flush();
        expect(h.ports.findCallerRecords).toHaveBeenCalledTimes(1);
        h.destroy();
    });

    it('sends callLinked only after the case exists', async () => {
        const order: string[] = [];
        const h = await mount({
            createPhoneCase: jest.fn(async () => {
                order.push('create');
                return NEW_CASE;
            }),
            openRecord: jest.fn(() => {
                order.push('open');
            }),
        });
        jest.spyOn(h.frame().contentWindow!, 'postMessage').mockImplementation(((msg: HostMessage) => {
            order.push(msg.type);
        }) as never);
        h.fromPage(callIn('+14155550199'));
        await flush();
        expect(h.ports.createPhoneCase).toHaveBeenCalledWith('+14155550199', null);
        expect(order).toEqual(['create', 'open', 'callLinked']);
        h.destroy();
    });

    it('creates a case without any lookup for a protected caller', async () => {
        const h = await mount();
        h.fromPage(callIn('138****8000', true));
        await flush();
        expect(h.ports.findCallerRecords).not.toHaveBeenCalled();
        expect(h.ports.createPhoneCase).toHaveBeenCalledWith(null, null);
        expect(h.sent.map((s) => s.msg.type)).toEqual(['callLinked']);
        h.destroy();
    });

    it('shows the choice when two contacts match, then follows the one-contact rule for the pick', async () => {
        const h = await mount({
            findCallerRecords: jest.fn(async () => ({
                contacts: [
                    { Id: ADA, Name: 'Ada', Phone: '415-555-0100' },
                    { Id: BOB, Name: 'Bob', MobilePhone: '+1 415 555 0100' },
                ],
                cases: [],
            })),
            choose: jest.fn(async (choices: PopChoice[]) => choices.find((c) => c.label === 'Bob')!),
        });
        h.fromPage(callIn('+14155550100'));
        await flush();
        expect(h.ports.choose).toHaveBeenCalledWith(
            [
                { kind: 'contact', contactId: ADA, label: 'Ada' },
                { kind: 'contact', contactId: BOB, label: 'Bob' },
                { kind: 'newCase', contactId: null, label: 'New case without a contact' },
            ],
            expect.objectContaining({ sessionId: 'sess-1' }),
            'contacts',
        );
        expect(h.ports.createPhoneCase).toHaveBeenCalledWith('+14155550100', BOB);
        expect(h.sent.map((s) => s.msg.payload)).toEqual([{ sessionId: 'sess-1', caseId: NEW_CASE }]);
        h.destroy();
    });

    it('reports a failed lookup and links nothing', async () => {
        const h = await mount({
            findCallerRecords: jest.fn(async () => {
                throw new Error('Insufficient access');
            }),
        });
        h.fromPage(callIn('+14155550100'));
        await flush();
        expect(h.ports.onStatus).toHaveBeenCalledWith('error', 'Screen pop failed: Insufficient access');
        expect(h.sent).toEqual([]);
        h.destroy();
    });

    it('passes the call’s later states on', async () => {
        const h = await mount();
        h.fromPage(pageMessage('callAnswered', { sessionId: 'sess-1' }));
        h.fromPage(pageMessage('callEnded', { sessionId: 'sess-1', duration: 42, closeBy: 'client' }));
        expect(h.ports.onCall).toHaveBeenCalledWith({ state: 'answered', sessionId: 'sess-1' });
        expect(h.ports.onCall).toHaveBeenCalledWith({ state: 'ended', sessionId: 'sess-1', duration: 42 });
        h.destroy();
    });
});
