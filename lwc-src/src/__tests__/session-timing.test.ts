import { renewalTime, SessionRenewalTimer, systemClock } from '../store/session-timing';

const MIN = 60_000;

describe('renewalTime', () => {
    it('renews at 80% of a long lifetime', () => {
        expect(renewalTime(0, 24 * 60 * MIN)).toBe(69_120_000); // 19.2 h of 24 h
    });
    it('renews at least 5 minutes before expiry', () => {
        expect(renewalTime(0, 20 * MIN)).toBe(15 * MIN);
    });
    it('never renews before half of a very short lifetime', () => {
        expect(renewalTime(0, 4 * MIN)).toBe(2 * MIN);
    });
    it('is immediate when already expired', () => {
        expect(renewalTime(1000, 500)).toBe(1000);
    });
});

describe('SessionRenewalTimer', () => {
    beforeEach(() => {
        jest.useFakeTimers();
        jest.setSystemTime(1_000_000);
    });
    afterEach(() => jest.useRealTimers());

    it('fires "expiring" at the renewal time, not before', () => {
        const onDue = jest.fn();
        new SessionRenewalTimer(systemClock).schedule(Date.now(), Date.now() + 60 * MIN, onDue);
        jest.advanceTimersByTime(48 * MIN - 1);
        expect(onDue).not.toHaveBeenCalled();
        jest.advanceTimersByTime(1);
        expect(onDue).toHaveBeenCalledWith('expiring');
        expect(onDue).toHaveBeenCalledTimes(1);
    });
    it('fires "expired" at once for an expired session', () => {
        const onDue = jest.fn();
        new SessionRenewalTimer(systemClock).schedule(Date.now(), Date.now() - 1, onDue);
        expect(onDue).toHaveBeenCalledWith('expired');
    });
    it('re-checks the clock at least every minute (a sleeping laptop renews on wake)', () => {
        const onDue = jest.fn();
        new SessionRenewalTimer(systemClock).schedule(Date.now(), Date.now() + 600 * MIN, onDue);
        jest.setSystemTime(Date.now() + 590 * MIN); // wall clock jumped (sleep), timers did not run
        jest.advanceTimersByTime(MIN);
        expect(onDue).toHaveBeenCalledWith('expiring');
    });
    it('can be cancelled', () => {
        const onDue = jest.fn();
        const timer = new SessionRenewalTimer(systemClock);
        timer.schedule(Date.now(), Date.now() + 10 * MIN, onDue);
        timer.cancel();
        jest.advanceTimersByTime(20 * MIN);
        expect(onDue).not.toHaveBeenCalled();
    });
});
