import { ensureWebStorage } from '../chat/tencent/web-storage-guard';

describe('ensureWebStorage', () => {
    it('leaves a usable localStorage alone', () => {
        expect(ensureWebStorage(window)).toBe(false);
    });

    it('installs an in-memory Storage when the browser denies localStorage to the frame', () => {
        const win = {} as Window;
        Object.defineProperty(win, 'localStorage', {
            configurable: true,
            get() {
                throw new DOMException('Access is denied for this document.', 'SecurityError');
            },
        });
        expect(ensureWebStorage(win)).toBe(true);
        win.localStorage.setItem('k', 'v');
        expect(win.localStorage.getItem('k')).toBe('v');
        expect(win.localStorage.length).toBe(1);
        win.localStorage.clear();
        expect(win.localStorage.getItem('k')).toBeNull();
    });
});
