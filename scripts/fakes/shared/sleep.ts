/** Resolves after `ms` milliseconds (0 or less resolves on the next tick). */
export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
