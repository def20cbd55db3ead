/**
 * The Tencent SDK and chat engine cache in `localStorage`. Browsers that deny storage to an embedded cross-site frame
 * (third-party storage blocking) throw on the mere property access, which makes the SDK's login fail. When that
 * happens this installs an in-memory Storage for the page's lifetime, so chat works without the cache.
 */
class MemoryStorage implements Storage {
    private readonly items = new Map<string, string>();
    get length(): number {
        return this.items.size;
    }
    clear(): void {
        this.items.clear();
    }
    getItem(key: string): string | null {
        return this.items.get(String(key)) ?? null;
    }
    key(index: number): string | null {
        return [...this.items.keys()][index] ?? null;
    }
    removeItem(key: string): void {
        this.items.delete(String(key));
    }
    setItem(key: string, value: string): void {
        this.items.set(String(key), String(value));
    }
}

/** True when `localStorage` was unusable and has been replaced by an in-memory one. */
export function ensureWebStorage(win: Window = window): boolean {
    try {
        const storage = win.localStorage;
        if (storage) return false;
    } catch {
        // denied: fall through
    }
    try {
        Object.defineProperty(win, 'localStorage', { configurable: true, value: new MemoryStorage() });
        return true;
    } catch {
        return false;
    }
}
