import { HostChannel } from '../host-channel';
import { hostMessage } from '../../phone-protocol';

const CONSOLE = 'https://acme.lightning.force.com';
const OTHER = 'https://acme--dev.lightning.force.com';

function setup() {
    const sent: Array<{ message: unknown; origin: string }> = [];
    const parent = { postMessage: (message: unknown, origin: string) => sent.push({ message, origin }) };
    const channel = new HostChannel(parent, [CONSOLE, OTHER]);
    const got: unknown[] = [];
    channel.onMessage((m) => got.push(m));
    return { parent, channel, sent, got };
}

const link = hostMessage('callLinked', { sessionId: 's1', caseId: '500000000000001AAA' });

describe('HostChannel (phone page ↔ console)', () => {
    it('says phoneReady to each allowed console origin only, and nothing else before the origin is known', () => {
        const { channel, sent } = setup();
        expect(channel.send('phoneReady', {})).toBe(true);
        expect(sent.map((s) => s.origin)).toEqual([CONSOLE, OTHER]);
        expect(channel.send('callAnswered', { sessionId: 's1' })).toBe(false);
        expect(sent).toHaveLength(2);
    });

    it('accepts only valid messages from window.parent on an allowed origin, then talks to that origin only', () => {
        const { parent, channel, sent, got } = setup();
        expect(channel.receive({ origin: 'https://evil.example', source: parent, data: link })).toBe(false);
        expect(channel.receive({ origin: CONSOLE, source: {}, data: link })).toBe(false);
        expect(channel.receive({ origin: CONSOLE, source: parent, data: { ...link, version: 2 } })).toBe(false);
        expect(got).toEqual([]);
        expect(channel.receive({ origin: OTHER, source: parent, data: link })).toBe(true);
        expect(channel.origin).toBe(OTHER);
        // Pinned: the other allowed origin is no longer accepted.
        expect(channel.receive({ origin: CONSOLE, source: parent, data: link })).toBe(false);
        expect(got).toHaveLength(1);
        channel.send('callAnswered', { sessionId: 's1' });
        expect(sent.at(-1)).toEqual({
            message: { protocol: 'tim-phone', version: 1, type: 'callAnswered', payload: { sessionId: 's1' } },
            origin: OTHER,
        });
    });

    it('never posts a message the protocol would refuse', () => {
        const { parent, channel, sent } = setup();
        channel.receive({ origin: CONSOLE, source: parent, data: link });
        expect(
            channel.send('callIn', {
                sessionId: 's1',
                callerPhoneNumber: '<img>',
                calleePhoneNumber: '+86',
                protectedCaller: false,
            }),
        ).toBe(false);
        expect(sent).toHaveLength(0);
    });
});
