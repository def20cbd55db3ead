/**
 * The TCCC agent SDK, page side: loads the SdkURL script with its documented data attributes, then turns the SDK's
 * events into phone-protocol messages for the console and call events for the call log.
 */
import type { PagePayloads, CloseBy } from '../phone-protocol';
import { CLOSE_BY } from '../phone-protocol';
import type { CallEvent } from './call-log-queue';

type Listener = (payload: unknown) => void;
/** The part of `window.tccc` the page uses. */
export interface TcccGlobal {
    on(event: string, fn: Listener): void;
    events?: Record<string, string>;
}

export interface PhoneSession {
    sdkUrl: string;
    token: string;
    sdkAppId: number;
    seatUserId: string;
}

export interface BridgeOutput {
    /** a message for the console */
    message<K extends keyof PagePayloads>(type: K, payload: PagePayloads[K]): void;
    /** a call event for the log */
    callEvent(event: CallEvent): void;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null ? (v as Obj) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const PHONE = /^\+?[0-9*]{1,32}$/;

/** Subscribes to the SDK's events on `tccc` and forwards them. `now` gives event times (epoch ms). */
export function bridgeTcccEvents(tccc: TcccGlobal, out: BridgeOutput, now: () => number = Date.now): void {
    const name = (key: string) => tccc.events?.[key] ?? key;
    tccc.on(name('ready'), () => out.message('phoneStatus', { state: 'ready' }));
    tccc.on(name('tokenExpired'), () =>
        out.message('phoneStatus', { state: 'tokenExpired', message: 'The phone login expired' }),
    );
    tccc.on(name('callIn'), (raw) => {
        const p = obj(raw);
        const sessionId = text(p.sessionId);
        if (!sessionId) return;
        const caller = typeof p.callerPhoneNumber === 'string' ? p.callerPhoneNumber : '';
        const callee = typeof p.calleePhoneNumber === 'string' ? p.calleePhoneNumber : '';
        const location = text(p.callerLocation);
        out.message('callIn', {
            sessionId,
            callerPhoneNumber: caller,
            calleePhoneNumber: callee,
            protectedCaller: p.protectedCaller === true,
            ...(location ? { callerLocation: location } : {}),
        });
        out.callEvent({
            sessionId,
            event: 'ringing',
            occurredAt: now(),
            ...(PHONE.test(caller) ? { callerNumber: caller } : {}),
        });
    });
    tccc.on(name('userAccessed'), (raw) => {
        const sessionId = text(obj(raw).sessionId);
        if (!sessionId) return;
        out.message('callAnswered', { sessionId });
        out.callEvent({ sessionId, event: 'answered', occurredAt: now() });
    });
    tccc.on(name('transfer'), (raw) => {
        const p = obj(raw);
        const sessionId = text(p.sessionId);
        if (!sessionId) return;
        const skillGroupId = text(typeof p.skillGroupId === 'number' ? String(p.skillGroupId) : p.skillGroupId);
        const userId = text(p.userId);
        out.message('callTransferred', {
            sessionId,
            ...(skillGroupId ? { skillGroupId } : {}),
            ...(userId ? { userId } : {}),
        });
        const target = userId ?? (skillGroupId ? `skill group ${skillGroupId}` : undefined);
        out.callEvent({
            sessionId,
            event: 'transferred',
            occurredAt: now(),
            ...(target ? { transferTarget: target } : {}),
        });
    });
    tccc.on(name('sessionEnded'), (raw) => {
        const p = obj(raw);
        const sessionId = text(p.sessionId);
        if (!sessionId) return;
        const duration = typeof p.duration === 'number' && p.duration >= 0 ? Math.round(p.duration) : 0;
        const closeBy: CloseBy = CLOSE_BY.includes(p.closeBy as CloseBy) ? (p.closeBy as CloseBy) : 'client';
        out.message('callEnded', { sessionId, duration, closeBy });
        out.callEvent({ sessionId, event: 'ended', occurredAt: now(), durationSeconds: duration, closeBy });
    });
}

/**
 * Loads (or reloads, after a new session) the SDK script. Resolves with `window.tccc` once the script ran; rejects
 * when it fails to load or sets no `tccc`.
 */
export function loadTcccSdk(doc: Document, session: PhoneSession, renderDomId: string): Promise<TcccGlobal> {
    const win = doc.defaultView as (Window & { tccc?: TcccGlobal }) | null;
    doc.querySelectorAll('script[data-tccc-sdk]').forEach((s) => s.remove());
    if (win) delete win.tccc;
    doc.getElementById(renderDomId)?.replaceChildren();
    return new Promise((resolve, reject) => {
        const script = doc.createElement('script');
        script.src = session.sdkUrl;
        script.setAttribute('data-tccc-sdk', '');
        script.setAttribute('data-token', session.token);
        script.setAttribute('data-sdk-app-id', String(session.sdkAppId));
        script.setAttribute('data-userid', session.seatUserId);
        script.setAttribute('data-render-dom-id', renderDomId);
        script.addEventListener('load', () =>
            win?.tccc ? resolve(win.tccc) : reject(new Error('The phone SDK did not start')),
        );
        script.addEventListener('error', () => reject(new Error('The phone SDK could not be loaded')));
        doc.head.appendChild(script);
    });
}
