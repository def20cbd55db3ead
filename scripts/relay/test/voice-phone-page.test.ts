import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { CONSOLE_ORIGIN, useVoiceHarness } from './helpers/voice.js';
import { PHONE_PAGE_RATE_LIMIT_PER_MINUTE, PHONE_SCRIPT_FILE } from '../src/routes/voice.js';

const SEAT = 'paula.phone@example.com';

describe('GET /voice/phone (the agent phone page)', () => {
    const v = useVoiceHarness([SEAT]);

    async function phonePageUrl(): Promise<string> {
        const res = await v.h.request('POST', '/v1/agents/voice-session', { body: { userId: v.agent(SEAT) } });
        expect(res.status).toBe(200);
        return res.json.phonePageUrl as string;
    }

    it('answers the page once per ticket, with no-store, no-referrer and a CSP limited to the console and the SDK', async () => {
        const url = await phonePageUrl();
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(page.headers.get('cache-control')).toBe('no-store');
        expect(page.headers.get('referrer-policy')).toBe('no-referrer');
        const csp = page.headers.get('content-security-policy') ?? '';
        const directive = (name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `)) ?? '';
        expect(directive('default-src')).toBe("default-src 'none'");
        expect(directive('frame-ancestors')).toBe(`frame-ancestors ${CONSOLE_ORIGIN}`);
        expect(directive('script-src')).toBe(`script-src 'self' ${v.tccc.sdkBaseUrl()}`);
        expect(directive('script-src')).not.toContain('unsafe');
        const html = await page.text();
        expect(html).toContain('<script src="/voice/voice-phone.js" defer></script>');
        // The page's credential is in the body (never in a URL), bound to this seat.
        const config = JSON.parse(
            /<script type="application\/json" id="voice-config">(.*?)<\/script>/s.exec(html)![1]!,
        );
        expect(config).toMatchObject({
            consoleOrigins: [CONSOLE_ORIGIN],
            seatUserId: SEAT,
            callEventsUrl: '/v1/voice/call-events',
        });
        expect(config.credential).toMatch(/^v1\.005/);
        expect(html).not.toContain('data-token');

        const again = await fetch(url);
        expect(again.status).toBe(410);
        expect(await again.text()).toContain('used already or has expired');
        expect(again.headers.get('cache-control')).toBe('no-store');
        expect(again.headers.get('content-security-policy')).toContain(`frame-ancestors ${CONSOLE_ORIGIN}`);
    });

    it('answers 410 for an unknown or expired ticket and 400 for a malformed one', async () => {
        const unknown = await fetch(`${v.h.url}/voice/phone?ticket=${'A'.repeat(43)}`);
        expect(unknown.status).toBe(410);
        const malformed = await fetch(`${v.h.url}/voice/phone?ticket=<script>`);
        expect(malformed.status).toBe(400);
        expect(await malformed.text()).not.toContain('<script>');
        const missing = await fetch(`${v.h.url}/voice/phone`);
        expect(missing.status).toBe(400);
    });

    it('forgets a ticket after about two minutes', async () => {
        const url = await phonePageUrl();
        const realNow = Date.now;
        Date.now = () => realNow() + 121_000;
        try {
            expect((await fetch(url)).status).toBe(410);
        } finally {
            Date.now = realNow;
        }
    });

    it('serves the committed page script', async () => {
        const res = await fetch(`${v.h.url}/voice/voice-phone.js`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
        expect(await res.text()).toBe(await readFile(PHONE_SCRIPT_FILE, 'utf8'));
    });
});

describe('GET /voice/phone with the seat in another User field (TCCC_SEAT_USER_FIELD=Title)', () => {
    const SEAT_TITLE = '</script><img src=x onerror=alert(1)>';
    const v = useVoiceHarness([SEAT_TITLE], {}, { seatUserField: 'Title' });

    it('reads the seat from that field and HTML-escapes what it writes into the page', async () => {
        const userId = v.h.salesforce.insert('User', {
            LastName: 'Tess',
            Username: 'tess@users.example',
            Email: 'tess@example.com',
            Title: SEAT_TITLE,
        });
        const res = await v.h.request('POST', '/v1/agents/voice-session', { body: { userId } });
        expect(res.status).toBe(200);
        expect(res.json.seatUserId).toBe(SEAT_TITLE);
        const html = await (await fetch(res.json.phonePageUrl)).text();
        expect(html).not.toContain('</script><img');
        expect(html).toContain('\\u003c/script>\\u003cimg');
    });
});

describe('GET /voice/phone rate limit', () => {
    const v = useVoiceHarness([SEAT]);

    it('answers 429 after PHONE_PAGE_RATE_LIMIT_PER_MINUTE pages per minute from one address', async () => {
        const statuses: number[] = [];
        for (let i = 0; i <= PHONE_PAGE_RATE_LIMIT_PER_MINUTE; i++)
            statuses.push((await fetch(`${v.h.url}/voice/phone?ticket=${'B'.repeat(43)}`)).status);
        expect(statuses.slice(0, -1).every((s) => s === 410)).toBe(true);
        expect(statuses.at(-1)).toBe(429);
    });
});

describe('GET /voice/phone without voice settings', () => {
    const v = useVoiceHarness([SEAT]);

    it('answers 503 with a page that cannot be framed', async () => {
        const saved = v.h.settings.voice;
        delete v.h.settings.voice;
        try {
            const res = await fetch(`${v.h.url}/voice/phone?ticket=${'A'.repeat(43)}`);
            expect(res.status).toBe(503);
            expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
        } finally {
            v.h.settings.voice = saved;
        }
    });
});
