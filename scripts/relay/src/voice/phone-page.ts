/**
 * The agent phone page's HTML and headers. The page is served from the relay's origin and framed by the console; it
 * loads its own script (/voice/voice-phone.js, built from lwc-src/src/voice/phone-page) and, once the console hands it
 * a session, the TCCC agent SDK. Its configuration (allowed console origins, seat, call-log credential) is a JSON
 * data block in the body, never in the URL.
 *
 * CSP: nothing but the page's own script and the SDK's origins may run; only the console origins may frame it.
 */
import type { VoiceConfig } from './voice-config.js';

export const PHONE_SCRIPT_PATH = '/voice/voice-phone.js';
export const CALL_EVENTS_PATH = '/v1/voice/call-events';
/** The element the SDK renders the workbench into (at least 760×480 per TCCC's documentation). */
export const RENDER_DOM_ID = 'tccc-workbench';

export interface PhonePageData {
    consoleOrigins: string[];
    seatUserId: string;
    credential: string;
    callEventsUrl: string;
    renderDomId: string;
}

/** Content-Security-Policy of the phone page (and its error pages: they are framed the same way). */
export function phonePageCsp(
    c: Pick<VoiceConfig, 'consoleOrigins' | 'sdkScriptOrigins' | 'sdkConnectOrigins'>,
): string {
    const sdk = c.sdkScriptOrigins.join(' ');
    const remote = [...new Set([...c.sdkScriptOrigins, ...c.sdkConnectOrigins])].join(' ');
    return [
        "default-src 'none'",
        `script-src 'self' ${sdk}`,
        `connect-src 'self' ${remote}`,
        // The SDK's workbench draws its own styles, images, fonts, audio and frames.
        `style-src 'self' 'unsafe-inline' ${remote}`,
        `img-src 'self' data: blob: ${remote}`,
        `font-src 'self' data: ${remote}`,
        `media-src 'self' blob: ${remote}`,
        `frame-src ${remote}`,
        `worker-src 'self' blob:`,
        "base-uri 'none'",
        "form-action 'none'",
        `frame-ancestors ${c.consoleOrigins.join(' ')}`,
    ].join('; ');
}

/** Headers of every phone page answer. */
export function phonePageHeaders(c: VoiceConfig | undefined): Record<string, string> {
    return {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'permissions-policy': 'microphone=(self), camera=(), geolocation=()',
        'content-security-policy': c
            ? phonePageCsp(c)
            : "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    };
}

const escapeHtml = (s: string) =>
    s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
/** JSON inside <script type="application/json">: `<` escaped so the data cannot close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function phonePageHtml(data: PhonePageData): string {
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Phone</title>
<script type="application/json" id="voice-config">${scriptJson(data)}</script>
<script src="${PHONE_SCRIPT_PATH}" defer></script>
</head>
<body>
<p id="phone-status" role="status" aria-live="polite">Connecting…</p>
<div id="${escapeHtml(data.renderDomId)}"></div>
</body>
</html>
`;
}

export function phoneErrorHtml(title: string, message: string): string {
    return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p id="phone-error">${escapeHtml(message)}</p>
</body>
</html>
`;
}
