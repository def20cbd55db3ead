/**
 * Sends Tencent Chat webhooks ("third-party callbacks") the way the real service does: an HTTP POST of a JSON body to
 * the registered URL with `?SdkAppid=&CallbackCommand=&contenttype=json&ClientIP=&OptPlatform=`, and, with callback
 * authentication on, `&RequestTime=<unix s>&Sign=sha256_hex(token + RequestTime)` (the formula from Tencent's Chinese
 * documentation; the relay keeps its check configurable). The reply is ignored and nothing is retried, like the real
 * after-event callbacks.
 */
import { createHash } from 'node:crypto';

export interface CallbackTarget {
    /** the URL registered in the console (may already carry a query string, e.g. a secret token) */
    url: string;
    /** callback authentication token; when set, Sign and RequestTime are added */
    authToken?: string;
}

export interface CallbackDelivery {
    command: string;
    body: Record<string, unknown>;
    status: number | 'error';
    at: number;
}

export class CallbackSender {
    private target: CallbackTarget | null = null;
    private readonly inflight = new Set<Promise<void>>();
    readonly deliveries: CallbackDelivery[] = [];

    constructor(
        private readonly sdkAppId: number,
        private readonly now: () => number,
    ) {}

    setTarget(target: CallbackTarget | null): void {
        this.target = target;
    }

    /** Fire and forget; `idle()` resolves when every send so far has finished (tests). */
    send(command: string, body: Record<string, unknown>, optPlatform = 'RESTAPI'): void {
        const target = this.target;
        if (!target) return;
        const query = new URLSearchParams({
            SdkAppid: String(this.sdkAppId),
            CallbackCommand: command,
            contenttype: 'json',
            ClientIP: '127.0.0.1',
            OptPlatform: optPlatform,
        });
        if (target.authToken) {
            const requestTime = String(Math.floor(this.now() / 1000));
            query.set('RequestTime', requestTime);
            query.set(
                'Sign',
                createHash('sha256')
                    .update(target.authToken + requestTime)
                    .digest('hex'),
            );
        }
        const url = `${target.url}${target.url.includes('?') ? '&' : '?'}${query.toString()}`;
        const payload = { CallbackCommand: command, ...body };
        const sending = fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(payload),
            signal: AbortSignal.timeout(2_000),
        })
            .then(async (res) => {
                await res.arrayBuffer().catch(() => undefined);
                this.deliveries.push({ command, body: payload, status: res.status, at: this.now() });
            })
            .catch(() => {
                this.deliveries.push({ command, body: payload, status: 'error', at: this.now() });
            })
            .finally(() => this.inflight.delete(sending));
        this.inflight.add(sending);
    }

    async idle(): Promise<void> {
        while (this.inflight.size > 0) await Promise.all([...this.inflight]);
    }
}
