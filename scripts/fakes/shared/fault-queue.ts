/**
 * A small list of injected faults shared by both fakes. Each fault matches requests through a
 * predicate, is consumed once per matching request, and disappears after `times` uses.
 */
export interface QueuedFault<F> {
    fault: F;
    remaining: number;
}

export class FaultQueue<F extends { times?: number }> {
    private readonly entries: QueuedFault<F>[] = [];

    inject(fault: F): void {
        const times = fault.times ?? 1;
        if (!(times > 0)) throw new RangeError('fault.times must be > 0 (Infinity allowed)');
        this.entries.push({ fault, remaining: times });
    }

    clear(): void {
        this.entries.length = 0;
    }

    /** Consumes and returns the first fault that matches, or undefined. */
    take(matches: (fault: F) => boolean): F | undefined {
        const index = this.entries.findIndex((entry) => matches(entry.fault));
        if (index < 0) return undefined;
        const entry = this.entries[index]!;
        entry.remaining -= 1;
        if (entry.remaining <= 0) this.entries.splice(index, 1);
        return entry.fault;
    }
}
