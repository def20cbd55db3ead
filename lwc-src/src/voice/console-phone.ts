/**
 * The console phone host (Salesforce side of the phone protocol, lwc-src/src/voice/phone-protocol.ts): frames the
 * relay's agent phone page, hands it the TCCC login with `postMessage` (never in a URL, never to `'*'`), and runs
 * the screen pop on each inbound call, then tells the page which Case the call is logged on (`callLinked`).
 *
 * Everything Salesforce does goes through ports the Aura utility item `tim_phone_bar` gives it (Apex actions,
 * opening a record tab, the choice list, the utility highlight), so the same code runs in the console and in the
 * sandbox. Messages count only when they come from the relay origin (derived from the page URL the relay gave) AND
 * from the framed page's window, and parse as phone-protocol page messages.
 */
import { hostMessage, parseHostMessage, parsePageMessage, type PagePayloads, type PhoneState } from './phone-protocol';
// What `TimVoiceController.startVoiceSession` returns: the relay's `POST /v1/agents/voice-session` answer (one shape).
import type { VoiceSession } from '../../../scripts/relay/src/voice/voice-session';
import {
    decideChoice,
    decideScreenPop,
    isCallingCode,
    parseCallerRecords,
    toE164,
    type CallerRecords,
    type PopChoice,
    type PopDecision,
} from './screen-pop';

export type { VoiceSession };

export type CallIn = PagePayloads['callIn'];

/** What the utility item shows about the current call. */
export type CallState =
    | { state: 'ringing'; sessionId: string; caller: string }
    | { state: 'linked'; sessionId: string; caseId: string }
    | { state: 'answered'; sessionId: string }
    | { state: 'transferred'; sessionId: string }
    | { state: 'ended'; sessionId: string; duration: number };

export interface ConsolePhonePorts {
    /** `TimVoiceController.startVoiceSession()` for the current user. */
    startVoiceSession(): Promise<unknown>;
    /** `TimVoiceController.findCallerRecords(phoneE164)`. */
    findCallerRecords(phoneE164: string): Promise<unknown>;
    /** `TimVoiceController.createPhoneCase(phoneE164, contactId)`: the new Case's id. */
    createPhoneCase(phoneE164: string | null, contactId: string | null): Promise<unknown>;
    /** Opens a record in the console (a workspace tab). */
    openRecord(recordId: string): Promise<unknown> | void;
    /** Shows the choice list for an ambiguous caller; resolves with the agent's pick. */
    choose(choices: PopChoice[], call: CallIn, reason: 'contacts' | 'cases'): Promise<PopChoice>;
    /** The phone page's state (loading, ready, tokenExpired, error) for the utility item. */
    onStatus(state: PhoneState, message?: string): void;
    /** The current call's state (ringing highlights the utility item). */
    onCall(call: CallState): void;
}

export interface ConsolePhoneOptions {
    /** The element the phone page's iframe goes into. */
    container: HTMLElement;
    ports: ConsolePhonePorts;
    /** The org's default calling code for national numbers (digits, e.g. "1", "86"). */
    defaultCallingCode: string;
}

export interface ConsolePhone {
    /** The framed phone page, once the first session arrived. */
    readonly frame: HTMLIFrameElement | null;
    destroy(): void;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const CASE_ID = /^500[0-9A-Za-z]{12}(?:[0-9A-Za-z]{3})?$/;
/** At most one session request per this interval (a page stuck on tokenExpired must not flood Apex). */
export const SESSION_MIN_INTERVAL_MS = 5000;

/** The relay's page URL: https, or http on a loopback host (the sandbox). */
export function phonePageOrigin(url: unknown): string | null {
    if (typeof url !== 'string' || url.length > 2048) return null;
    let u: URL;
    try {
        u = new URL(url);
    } catch {
        return null;
    }
    const loopback = u.hostname === 'localhost' || u.hostname === '127.0.0.1';
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) return null;
    if (u.username || u.password) return null;
    return u.origin;
}

/** A session as Apex returned it, or null when any field is missing or malformed. */
export function parseVoiceSession(value: unknown): VoiceSession | null {
    if (!isObj(value) || !phonePageOrigin(value.phonePageUrl)) return null;
    const msg = parseHostMessage(
        hostMessage('phoneSession', {
            sdkUrl: value.sdkUrl as string,
            token: value.token as string,
            sdkAppId: value.sdkAppId as number,
            seatUserId: value.seatUserId as string,
            expiresAt: value.expiresAt as number,
        }),
    );
    if (!msg || msg.type !== 'phoneSession') return null;
    return { ...msg.payload, phonePageUrl: value.phonePageUrl as string };
}

function errorText(e: unknown): string {
    if (e instanceof Error && e.message) return e.message;
    if (typeof e === 'string' && e) return e;
    return 'Unknown error';
}

export function mountConsolePhone(o: ConsolePhoneOptions): ConsolePhone {
    const { ports } = o;
    const callingCode = isCallingCode(o.defaultCallingCode) ? o.defaultCallingCode : '1';
    const win = o.container.ownerDocument.defaultView ?? window;
    let frame: HTMLIFrameElement | null = null;
    let relayOrigin: string | null = null;
    /** A session fetched but not yet handed to the page (the first one, before `phoneReady`). */
    let unsent: VoiceSession | null = null;
    let sessionInFlight = false;
    let lastSessionAt = -Infinity;
    let destroyed = false;
    /** Calls already popped (TCCC may repeat callIn); sessionId → linked case, once known. */
    const calls = new Map<string, string | null>();

    const post = (msg: ReturnType<typeof hostMessage>): void => {
        if (!frame?.contentWindow || !relayOrigin) return;
        frame.contentWindow.postMessage(msg, relayOrigin);
    };

    const sendSession = (s: VoiceSession): void => {
        post(
            hostMessage('phoneSession', {
                sdkUrl: s.sdkUrl,
                token: s.token,
                sdkAppId: s.sdkAppId,
                seatUserId: s.seatUserId,
                expiresAt: s.expiresAt,
            }),
        );
    };

    async function fetchSession(): Promise<VoiceSession | null> {
        const now = Date.now();
        if (sessionInFlight || now - lastSessionAt < SESSION_MIN_INTERVAL_MS) return null;
        sessionInFlight = true;
        lastSessionAt = now;
        try {
            const s = parseVoiceSession(await ports.startVoiceSession());
            if (!s) ports.onStatus('error', 'The voice service returned an incomplete session.');
            return destroyed ? null : s;
        } catch (e) {
            ports.onStatus('error', errorText(e));
            return null;
        } finally {
            sessionInFlight = false;
        }
    }

    /** A new session for the page already framed (its ticket was used once: the frame stays). */
    async function renewSession(): Promise<void> {
        const s = await fetchSession();
        if (s) sendSession(s);
    }

    async function decide(
        call: CallIn,
    ): Promise<{ decision: PopDecision; records: CallerRecords; e164: string | null }> {
        const e164 = call.protectedCaller ? null : toE164(call.callerPhoneNumber, callingCode);
        const empty: CallerRecords = { contacts: [], cases: [] };
        if (!e164) return { decision: decideScreenPop(null, empty, callingCode), records: empty, e164 };
        const records = parseCallerRecords(await ports.findCallerRecords(e164));
        if (!records) throw new Error('The caller lookup returned an unexpected answer.');
        return { decision: decideScreenPop(e164, records, callingCode), records, e164 };
    }

    /** Runs the screen pop for a call: the Case it settles on (opened in the console), or null. */
    async function screenPop(call: CallIn): Promise<string> {
        const first = await decide(call);
        const { records, e164 } = first;
        let decision = first.decision;
        // at most two choices: contacts, then that contact's cases
        for (let i = 0; decision.kind === 'choose' && i < 2; i++) {
            const choice = await ports.choose(decision.choices, call, decision.reason);
            decision = decideChoice(choice, records, e164);
        }
        let caseId: string;
        if (decision.kind === 'openCase') caseId = decision.caseId;
        else if (decision.kind === 'createCase') {
            const created = await ports.createPhoneCase(decision.phoneE164, decision.contactId);
            if (typeof created !== 'string' || !CASE_ID.test(created))
                throw new Error('Creating the case returned an unexpected answer.');
            caseId = created;
        } else throw new Error('The caller could not be settled on a case.');
        await ports.openRecord(caseId);
        return caseId;
    }

    async function onCallIn(call: CallIn): Promise<void> {
        if (calls.has(call.sessionId)) return;
        calls.set(call.sessionId, null);
        ports.onCall({ state: 'ringing', sessionId: call.sessionId, caller: call.callerPhoneNumber });
        try {
            const caseId = await screenPop(call);
            if (destroyed) return;
            calls.set(call.sessionId, caseId);
            post(hostMessage('callLinked', { sessionId: call.sessionId, caseId }));
            ports.onCall({ state: 'linked', sessionId: call.sessionId, caseId });
        } catch (e) {
            ports.onStatus('error', `Screen pop failed: ${errorText(e)}`);
        }
    }

    const listener = (event: MessageEvent): void => {
        if (!frame || !relayOrigin || event.origin !== relayOrigin || event.source !== frame.contentWindow) return;
        const msg = parsePageMessage(event.data);
        if (!msg) return;
        switch (msg.type) {
            case 'phoneReady':
                if (unsent) {
                    sendSession(unsent);
                    unsent = null;
                } else void renewSession();
                break;
            case 'phoneStatus':
                ports.onStatus(msg.payload.state, msg.payload.message);
                if (msg.payload.state === 'tokenExpired') void renewSession();
                break;
            case 'callIn':
                void onCallIn(msg.payload);
                break;
            case 'callAnswered':
                ports.onCall({ state: 'answered', sessionId: msg.payload.sessionId });
                break;
            case 'callTransferred':
                ports.onCall({ state: 'transferred', sessionId: msg.payload.sessionId });
                break;
            case 'callEnded':
                ports.onCall({ state: 'ended', sessionId: msg.payload.sessionId, duration: msg.payload.duration });
                break;
        }
    };
    win.addEventListener('message', listener);

    ports.onStatus('loading');
    void fetchSession().then((s) => {
        if (!s || destroyed) return;
        relayOrigin = phonePageOrigin(s.phonePageUrl);
        unsent = s;
        frame = o.container.ownerDocument.createElement('iframe');
        frame.className = 'tim-phone-frame';
        frame.title = 'Phone';
        // the TCCC workbench needs the microphone and plays the ring tone
        frame.allow = 'microphone; autoplay';
        frame.referrerPolicy = 'no-referrer';
        frame.src = s.phonePageUrl;
        o.container.replaceChildren(frame);
    });

    return {
        get frame() {
            return frame;
        },
        destroy() {
            destroyed = true;
            win.removeEventListener('message', listener);
            frame?.remove();
            frame = null;
        },
    };
}
