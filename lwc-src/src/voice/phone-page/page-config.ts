/** The phone page's configuration: the JSON data block the relay writes into the page (never the URL). */

export interface PhonePageConfig {
    /** exact origins allowed to frame the page and talk to it */
    consoleOrigins: string[];
    /** the TCCC seat this page was opened for */
    seatUserId: string;
    /** bearer credential for the call log */
    credential: string;
    /** same-origin path of POST /v1/voice/call-events */
    callEventsUrl: string;
    /** the element the SDK renders into */
    renderDomId: string;
}

const isStr = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 2048;

/** The config in `text`, or null when it is not a complete, well-formed config. */
export function parsePageConfig(text: string | null | undefined): PhonePageConfig | null {
    if (!text) return null;
    let v: unknown;
    try {
        v = JSON.parse(text);
    } catch {
        return null;
    }
    if (typeof v !== 'object' || v === null) return null;
    const o = v as Record<string, unknown>;
    if (!Array.isArray(o.consoleOrigins) || o.consoleOrigins.length === 0) return null;
    const origins = o.consoleOrigins.filter((x): x is string => isStr(x) && /^https?:\/\/[^/*\s]+$/.test(x));
    if (origins.length !== o.consoleOrigins.length) return null;
    if (!isStr(o.seatUserId) || !isStr(o.credential) || !isStr(o.renderDomId)) return null;
    if (!isStr(o.callEventsUrl) || !o.callEventsUrl.startsWith('/')) return null;
    return {
        consoleOrigins: origins,
        seatUserId: o.seatUserId,
        credential: o.credential,
        callEventsUrl: o.callEventsUrl,
        renderDomId: o.renderDomId,
    };
}
