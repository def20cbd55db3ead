/**
 * Fake Tencent Cloud Contact Center (TCCC): the Tencent Cloud API's `CreateSDKLoginToken` behind TC3-HMAC-SHA256
 * signatures checked like the real service, a fake agent SDK script served at the SdkURL it answers (sets
 * `window.tccc`, renders a small phone, raises the documented events), and a control API that places, transfers and
 * ends simulated inbound calls. Routes: plugin.ts.
 */
import { FaultQueue } from '../shared/fault-queue.js';
import { StandaloneServer, type FakeServer } from '../shared/standalone-server.js';
import { CallCenter, type FakeCall, type CloseBy } from './call-center.js';
import { createTcccPlugin, type RecordedTcccCall, type TcccFault } from './plugin.js';

export { CCC_SERVICE, CCC_VERSION, SDK_SCRIPT_PATH } from './plugin.js';
export type { RecordedTcccCall, TcccFault } from './plugin.js';
export type { FakeCall, CloseBy } from './call-center.js';
export { tc3Signature, tc3Date, verifyTc3, TC3_MAX_SKEW_SECONDS } from './tc3-signature.js';

export interface FakeTcccOptions {
    sdkAppId: number;
    /** SecretId → SecretKey the API accepts */
    secrets: Record<string, string>;
    /** seat accounts (SeatUserId, usually e-mail addresses) that exist */
    seats: readonly string[];
    /** lifetime of a login token; default 1 h */
    tokenTtlSeconds?: number;
    /** the number callers dial (callIn.calleePhoneNumber) */
    calleeNumber?: string;
    /** base URL browsers load the SDK from; default: the standalone server's own URL */
    sdkBaseUrl?: string;
    /** clock in epoch ms; default Date.now */
    now?: () => number;
}

export interface FakeTccc extends FakeServer<TcccFault, RecordedTcccCall> {
    /** the SDK script's origin (where browsers load it and its event stream from) */
    sdkBaseUrl(): string;
    setSdkBaseUrl(url: string): void;
    addSeat(seatUserId: string): void;
    /** lifetime of the tokens issued from now on (the SDK raises tokenExpired when it ends) */
    setTokenTtlSeconds(seconds: number): void;
    /** places an inbound call from `from` to the seat; its agent SDKs get `callIn` */
    placeCall(from: string, seatUserId: string): FakeCall;
    transferCall(sessionId: string, target: { skillGroupId?: string; userId?: string }): FakeCall;
    endCall(sessionId: string, closeBy?: CloseBy): FakeCall;
    call(sessionId: string): FakeCall | undefined;
    /** true while an agent SDK of this seat is logged in with a valid token */
    isSeatOnline(seatUserId: string): boolean;
    /** forgets tokens, agent sessions, calls, recorded API calls and faults */
    reset(): void;
}

export function createFakeTccc(opts: FakeTcccOptions): FakeTccc {
    const now = opts.now ?? Date.now;
    const center = new CallCenter(now, opts.calleeNumber ?? '+8675500000000');
    for (const s of opts.seats) center.seats.add(s);
    const faults = new FaultQueue<TcccFault>();
    const calls: RecordedTcccCall[] = [];
    let sdkBase = opts.sdkBaseUrl ?? '';
    let tokenTtlSeconds = opts.tokenTtlSeconds ?? 3600;
    const plugin = createTcccPlugin({
        sdkAppId: opts.sdkAppId,
        secrets: new Map(Object.entries(opts.secrets)),
        tokenTtlSeconds: () => tokenTtlSeconds,
        center,
        now,
        faults,
        calls,
        sdkBaseUrl: () => sdkBase,
    });
    const server = new StandaloneServer(plugin);
    return {
        plugin,
        async listen(port, host) {
            const url = await server.listen(port, host);
            if (!opts.sdkBaseUrl) sdkBase = url;
            return url;
        },
        close: () => server.close(),
        faults: { inject: (f) => faults.inject(f), clear: () => faults.clear() },
        calls,
        sdkBaseUrl: () => sdkBase,
        setSdkBaseUrl: (url) => {
            sdkBase = url.replace(/\/+$/, '');
        },
        addSeat: (s) => void center.seats.add(s),
        setTokenTtlSeconds: (seconds) => {
            tokenTtlSeconds = seconds;
        },
        placeCall: (from, seat) => center.placeCall(from, seat),
        transferCall: (id, target) => center.transfer(id, target),
        endCall: (id, closeBy = 'client') => center.end(id, closeBy),
        call: (id) => center.callsById.get(id),
        isSeatOnline: (seat) =>
            [...center.agents.values()].some(
                (a) => a.seatUserId === seat && a.expiresAt > now() && a.listeners.size > 0,
            ),
        reset: () => {
            center.reset();
            tokenTtlSeconds = opts.tokenTtlSeconds ?? 3600;
            calls.length = 0;
            faults.clear();
        },
    };
}
