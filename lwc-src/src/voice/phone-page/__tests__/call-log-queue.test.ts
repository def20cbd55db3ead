import { CallLogQueue, type CallEvent } from '../call-log-queue';

const CASE = '500000000000001AAA';

function setup(statuses: number[] = []) {
    const posted: Array<CallEvent & { caseId: string }> = [];
    const timers: Array<{ fn: () => void; ms: number }> = [];
    const dropped: Array<[string, number]> = [];
    let inFlight: Array<() => void> = [];
    const queue = new CallLogQueue({
        post: (body) => {
            posted.push(body);
            const status = statuses.shift() ?? 200;
            return new Promise((resolve, reject) => {
                inFlight.push(() => (status === 0 ? reject(new Error('offline')) : resolve({ status })));
            });
        },
        setTimer: (fn, ms) => timers.push({ fn, ms }),
        onDropped: (e, status) => dropped.push([e.event, status]),
    });
    /** Lets every pending post answer. */
    const settle = async () => {
        for (let i = 0; i < 10; i++) {
            const answers = inFlight;
            inFlight = [];
            answers.forEach((a) => a());
            await Promise.resolve();
            await Promise.resolve();
            await Promise.resolve();
        }
    };
    return { queue, posted, timers, dropped, settle };
}

const ring = (sessionId = 's1'): CallEvent => ({ sessionId, event: 'ringing', occurredAt: 1, callerNumber: '+861' });
const answer = (sessionId = 's1'): CallEvent => ({ sessionId, event: 'answered', occurredAt: 2 });

describe('CallLogQueue', () => {
    it('keeps a call’s events until the call is linked to a Case, then posts them in order', async () => {
        const { queue, posted, settle } = setup();
        queue.add(ring());
        queue.add(answer());
        await settle();
        expect(posted).toEqual([]);
        expect(queue.pendingCount('s1')).toBe(2);
        queue.link('s1', CASE);
        await settle();
        expect(posted.map((p) => [p.event, p.caseId])).toEqual([
            ['ringing', CASE],
            ['answered', CASE],
        ]);
        expect(queue.pendingCount()).toBe(0);
    });

    it('posts later events of a linked call directly, and ignores a second link', async () => {
        const { queue, posted, settle } = setup();
        queue.link('s1', CASE);
        queue.link('s1', '500000000000002AAA');
        queue.add(ring());
        await settle();
        expect(posted).toEqual([{ ...ring(), caseId: CASE }]);
    });

    it('retries a failed post with growing delays and posts each event once it is accepted', async () => {
        const { queue, posted, timers, settle } = setup([0, 503, 200, 200]);
        queue.add(ring());
        queue.add(answer());
        queue.link('s1', CASE);
        await settle();
        expect(posted.map((p) => p.event)).toEqual(['ringing']);
        expect(timers.map((t) => t.ms)).toEqual([1000]);
        timers[0]!.fn();
        await settle();
        expect(timers.map((t) => t.ms)).toEqual([1000, 2000]);
        timers[1]!.fn();
        await settle();
        expect(posted.map((p) => p.event)).toEqual(['ringing', 'ringing', 'ringing', 'answered']);
        expect(queue.pendingCount()).toBe(0);
    });

    it('drops an event the relay refuses (4xx) and reports it, then goes on', async () => {
        const { queue, posted, dropped, settle } = setup([404, 200]);
        queue.link('s1', CASE);
        queue.add(ring());
        queue.add(answer());
        await settle();
        expect(dropped).toEqual([['ringing', 404]]);
        expect(posted.map((p) => p.event)).toEqual(['ringing', 'answered']);
    });

    it('keeps calls apart', async () => {
        const { queue, posted, settle } = setup();
        queue.add(ring('a'));
        queue.add(ring('b'));
        queue.link('b', CASE);
        await settle();
        expect(posted.map((p) => p.sessionId)).toEqual(['b']);
        expect(queue.pendingCount('a')).toBe(1);
    });
});
