import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
export { launchChromium } from '../../../../tests/support/chromium.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The SDK bundle as it ships in tim_bar (`npm run build`): the real @tencentcloud/chat + chat-uikit-engine. */
export const SDK_BUNDLE = path.resolve(
    here,
    '../../../../force-app/main/default/staticresources/tim_bar/tencent-sdk.js',
);

const PAGE = `<!doctype html><meta charset="utf-8"><title>sdk</title><script src="/tencent-sdk.js"></script>
<script src="/sdk-driver.js"></script>`;

/**
 * Runs in the page: creates a real SDK instance pointed at the gateway and records what it emits, so tests can
 * await SDK events. Exposed as window.sdkDriver.
 */
const DRIVER = `
window.sdkDriver = {
    events: [],
    chat: null,
    create(options) {
        const { TencentCloudChat, GroupModule } = window.TimTencentSdk;
        const chat = TencentCloudChat.create({ ...options, modules: { 'group-module': GroupModule } });
        chat.setLogLevel(Number(options.logLevel ?? 4));
        const E = TencentCloudChat.EVENT;
        const record = (name) => (e) => {
            let data;
            try { data = JSON.parse(JSON.stringify(e && e.data !== undefined ? e.data : null)); } catch { data = String(e && e.data); }
            window.sdkDriver.events.push({ name, data, at: Date.now() });
        };
        for (const name of ['SDK_READY', 'SDK_NOT_READY', 'KICKED_OUT', 'MESSAGE_RECEIVED', 'CONVERSATION_LIST_UPDATED', 'GROUP_LIST_UPDATED', 'NET_STATE_CHANGE', 'MESSAGE_READ_RECEIPT_RECEIVED', 'ERROR'])
            chat.on(E[name], record(name));
        this.chat = chat;
        this.appId = options.SDKAppID;
        this.TYPES = TencentCloudChat.TYPES;
    },
    /** Logs in the way the widget does: through chat-uikit-engine, which also registers the upload plugin. */
    async login(userID, userSig) {
        try {
            await window.TimTencentSdk.TUIChatEngine.login({ chat: this.chat, SDKAppID: this.chat.SDKAppID || this.appId, userID, userSig, useUploadPlugin: true });
            return { ok: true };
        } catch (e) {
            return { ok: false, code: e && e.code, message: String(e && e.message) };
        }
    },
    async call(method, ...args) {
        try {
            const res = await this.chat[method](...args);
            return { ok: true, data: JSON.parse(JSON.stringify(res && res.data !== undefined ? res.data : null)) };
        } catch (e) {
            return { ok: false, code: e && e.code, message: String(e && e.message) };
        }
    },
    async sendText(groupId, text) {
        const m = this.chat.createTextMessage({ to: groupId, conversationType: this.TYPES.CONV_GROUP, payload: { text } });
        return this.call('sendMessage', m);
    },
    async sendFile(groupId, kind, name, type, content) {
        const file = new File([content], name, { type });
        const options = { to: groupId, conversationType: this.TYPES.CONV_GROUP, payload: { file } };
        const m = kind === 'image' ? this.chat.createImageMessage(options) : this.chat.createFileMessage(options);
        return this.call('sendMessage', m);
    },
};
`;

/** Serves the page, the SDK bundle and the driver on loopback. */
export async function startSdkPageServer(): Promise<{ url: string; close(): Promise<void> }> {
    const sdk = await readFile(SDK_BUNDLE);
    const server: Server = createServer((req, res) => {
        const name = new URL(req.url ?? '/', 'http://x').pathname;
        if (name === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
        else if (name === '/tencent-sdk.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(sdk);
        else if (name === '/sdk-driver.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(DRIVER);
        else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    return {
        url: `http://127.0.0.1:${address.port}/`,
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

export interface SdkEvent {
    name: string;
    data: unknown;
    at: number;
}

/** One browser page with one real SDK instance. */
export class SdkPage {
    private constructor(readonly page: Page) {}

    static async open(browser: Browser, pageUrl: string, options: Record<string, unknown>): Promise<SdkPage> {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(pageUrl);
        await page.evaluate(
            (o) => (window as unknown as { sdkDriver: { create(o: unknown): void } }).sdkDriver.create(o),
            options,
        );
        return new SdkPage(page);
    }

    async call(
        method: string,
        ...args: unknown[]
    ): Promise<{ ok: boolean; data?: unknown; code?: number; message?: string }> {
        return this.page.evaluate(
            ([m, a]) =>
                (
                    window as unknown as { sdkDriver: { call(m: string, ...a: unknown[]): Promise<never> } }
                ).sdkDriver.call(m, ...a),
            [method, args] as const,
        );
    }

    async login(userId: string, userSig: string): Promise<{ ok: boolean; code?: number; message?: string }> {
        return this.page.evaluate(
            ([u, s]) =>
                (window as unknown as { sdkDriver: { login(u: string, s: string): Promise<never> } }).sdkDriver.login(
                    u,
                    s,
                ),
            [userId, userSig] as const,
        );
    }

    async sendText(groupId: string, text: string): Promise<{ ok: boolean; data?: unknown; code?: number }> {
        return this.page.evaluate(
            ([g, t]) =>
                (
                    window as unknown as { sdkDriver: { sendText(g: string, t: string): Promise<never> } }
                ).sdkDriver.sendText(g, t),
            [groupId, text] as const,
        );
    }

    async sendFile(
        groupId: string,
        kind: 'image' | 'file',
        name: string,
        type: string,
        content: string,
    ): Promise<{ ok: boolean; data?: unknown; code?: number; message?: string }> {
        return this.page.evaluate(
            ([g, k, n, t, c]) =>
                (
                    window as unknown as {
                        sdkDriver: { sendFile(g: string, k: string, n: string, t: string, c: string): Promise<never> };
                    }
                ).sdkDriver.sendFile(g, k, n, t, c),
            [groupId, kind, name, type, content] as const,
        );
    }

    async events(): Promise<SdkEvent[]> {
        return this.page.evaluate(() => (window as unknown as { sdkDriver: { events: SdkEvent[] } }).sdkDriver.events);
    }

    /** Waits for an SDK event matching `match` (polling the page's record). */
    async waitFor(name: string, match: (data: unknown) => boolean = () => true, timeoutMs = 8000): Promise<SdkEvent> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const found = (await this.events()).find((e) => e.name === name && match(e.data));
            if (found) return found;
            if (Date.now() > deadline) throw new Error(`no ${name} event within ${timeoutMs} ms`);
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }

    async close(): Promise<void> {
        await this.page.context().close();
    }
}
