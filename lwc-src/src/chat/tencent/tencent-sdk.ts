import type TencentCloudChat from '@tencentcloud/chat';
import type { ChatSDK } from '@tencentcloud/chat';
import type { LoginParams } from '@tencentcloud/chat-uikit-engine';
import { ensureWebStorage } from './web-storage-guard';

/**
 * The parts of the Tencent packages the adapter uses, typed from their own declarations. At run time the
 * production build loads them from `tencent-sdk.js` (a separate IIFE bundle built from
 * src/vendor/tencent-vendor.ts), only when a Tencent session arrives; tests pass a fake.
 */
export interface TencentEngine {
    login(options: LoginParams): Promise<unknown>;
    logout(): Promise<unknown>;
}
export interface TencentSdk {
    TencentCloudChat: Pick<typeof TencentCloudChat, 'create' | 'EVENT' | 'TYPES'>;
    TUIChatEngine: TencentEngine;
    /** `@tencentcloud/chat/modules/group-module.js`: the ESM build needs it registered for groups to work. */
    GroupModule: unknown;
}
/** `create()` options: the SDK reads `modules` ({"group-module": GroupModule}); its declarations omit it. */
export type CreateOptions = Parameters<(typeof TencentCloudChat)['create']>[0] & { modules?: Record<string, unknown> };
export type TencentChat = ChatSDK;
export type TencentSdkLoader = () => Promise<TencentSdk>;

const GLOBAL_NAME = 'TimTencentSdk';
const SCRIPT_FILE = 'tencent-sdk.js';

/** Loads the vendor bundle next to index.html with a plain <script src> (allowed under a strict CSP). */
export const loadTencentSdkScript: TencentSdkLoader = () => {
    ensureWebStorage();
    const g = globalThis as unknown as Record<string, TencentSdk | undefined>;
    const ready = g[GLOBAL_NAME];
    if (ready) return Promise.resolve(ready);
    return new Promise<TencentSdk>((resolve, reject) => {
        const script = document.createElement('script');
        script.src = new URL(SCRIPT_FILE, document.baseURI).href;
        script.async = true;
        script.onload = () => {
            const sdk = g[GLOBAL_NAME];
            if (sdk) resolve(sdk);
            else reject(new Error('Tencent SDK bundle did not register'));
        };
        script.onerror = () => reject(new Error('Tencent SDK bundle failed to load'));
        document.head.appendChild(script);
    });
};
