import { bridgeTcccEvents, type TcccGlobal } from '../tccc-bridge';
import type { CallEvent } from '../call-log-queue';

function fakeTccc() {
    const handlers = new Map<string, (p: unknown) => void>();
    const tccc: TcccGlobal = {
        events: { callIn: 'callIn', userAccessed: 'userAccessed' },
        on: (e, fn) => handlers.set(e, fn),
    };
    return { tccc, emit: (e: string, p?: unknown) => handlers.get(e)?.(p) };
}

describe('bridgeTcccEvents', () => {
    it('turns the SDK’s documented events into protocol messages and call events', () => {
        const { tccc, emit } = fakeTccc();
        const messages: Array<[string, unknown]> = [];
        const calls: CallEvent[] = [];
        let t = 1000;
        bridgeTcccEvents(
            tccc,
            { message: (type, p) => messages.push([type, p]), callEvent: (e) => calls.push(e) },
            () => t++,
        );
        emit('ready');
        emit('callIn', {
            sessionId: 's1',
            callerPhoneNumber: '+8613800138000',
            calleePhoneNumber: '+8675500000000',
            protectedCaller: false,
            callerLocation: '',
            ivrPath: [],
            remark: '',
            timeout: 30,
        });
        emit('userAccessed', { sessionId: 's1' });
        emit('transfer', { sessionId: 's1', skillGroupId: 7, userId: '' });
        emit('sessionEnded', { sessionId: 's1', type: 'phone', duration: 42.4, closeBy: 'seat' });
        emit('tokenExpired', {});
        emit('callIn', { callerPhoneNumber: '+1' });
        expect(messages).toEqual([
            ['phoneStatus', { state: 'ready' }],
            [
                'callIn',
                {
                    sessionId: 's1',
                    callerPhoneNumber: '+8613800138000',
                    calleePhoneNumber: '+8675500000000',
                    protectedCaller: false,
                },
            ],
            ['callAnswered', { sessionId: 's1' }],
            ['callTransferred', { sessionId: 's1', skillGroupId: '7' }],
            ['callEnded', { sessionId: 's1', duration: 42, closeBy: 'seat' }],
            ['phoneStatus', { state: 'tokenExpired', message: 'The phone login expired' }],
        ]);
        expect(calls).toEqual([
            { sessionId: 's1', event: 'ringing', occurredAt: 1000, callerNumber: '+8613800138000' },
            { sessionId: 's1', event: 'answered', occurredAt: 1001 },
            { sessionId: 's1', event: 'transferred', occurredAt: 1002, transferTarget: 'skill group 7' },
            { sessionId: 's1', event: 'ended', occurredAt: 1003, durationSeconds: 42, closeBy: 'seat' },
        ]);
    });
});
