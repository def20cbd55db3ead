// Real-browser test of the agent phone page (served by the relay, script built from lwc-src/src/voice/phone-page)
// framed by a test console on ANOTHER loopback origin, with the fake TCCC agent SDK: origin checks both ways, the
// session handoff by postMessage, the SDK load, TCCC events forwarded, and the call log written after callLinked.
// The sandbox (relay + fakes, fake TCCC on its own port) runs in-process.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { launchChromium } from '../support/chromium.ts';
import { recordProblems, startSandbox, until } from './support/sandbox.mjs';

const PROTOCOL = { protocol: 'tim-phone', version: 1 };

/** The test console: frames a URL, records every message it receives; /attacker.html posts into its sibling. */
const CONSOLE_HTML = `<!doctype html><html><body>
<script>
window.received = [];
window.addEventListener('message', (e) => window.received.push({ origin: e.origin, data: e.data, fromPhone: e.source === (document.getElementById('phone') || {}).contentWindow }));
window.framePhone = (url) => { const f = document.createElement('iframe'); f.id = 'phone'; f.src = url; f.width = 800; f.height = 520; document.body.appendChild(f); };
window.sendToPhone = (msg, origin) => document.getElementById('phone').contentWindow.postMessage(msg, origin);
window.frameAttacker = (url) => { const f = document.createElement('iframe'); f.id = 'attacker'; f.src = url; document.body.appendChild(f); };
</script></body></html>`;
const ATTACKER_HTML = `<!doctype html><html><body><script>
const msg = JSON.parse(decodeURIComponent(location.hash.slice(1)));
parent.frames[0].postMessage(msg, '*');
document.body.dataset.sent = 'yes';
</script></body></html>`;

describe('agent phone page (built) in a console frame, with the fake TCCC SDK', () => {
    let started;
    let sandbox;
    let relay;
    let consoleServer;
    let consoleOrigin;
    let otherOrigin;
    let browser;
    const pageErrors = [];

    before(async () => {
        started = await startSandbox({ demo: false });
        ({ sandbox, base: relay } = started);
        consoleServer = http.createServer((req, res) => {
            const html = req.url.startsWith('/attacker.html') ? ATTACKER_HTML : CONSOLE_HTML;
            res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
            res.end(html);
        });
        await new Promise((r) => consoleServer.listen(0, '127.0.0.1', r));
        const port = consoleServer.address().port;
        consoleOrigin = `http://127.0.0.1:${port}`;
        otherOrigin = `http://localhost:${port}`;
        // Only the test console's origin may frame the phone and talk to it.
        sandbox.voice.config.consoleOrigins = [consoleOrigin];
        browser = await launchChromium();
    });

    after(async () => {
        await browser?.close();
        await new Promise((r) => consoleServer?.close(r));
        await started?.close();
    });

    async function voiceSession(agent) {
        const res = await fetch(`${relay}/v1/agents/voice-session`, {
            method: 'POST',
            headers: { authorization: `Bearer ${sandbox.credentials.apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ userId: agent.userId }),
        });
        assert.equal(res.status, 200);
        return res.json();
    }

    async function openConsole(origin) {
        const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
        const page = await context.newPage();
        recordProblems(page, {
            problems: pageErrors,
            consoleError: (text) => !/frame-ancestors|Refused to frame/.test(text),
        });
        await page.goto(`${origin}/console.html`);
        return page;
    }

    const phoneFrame = (page) => page.frames().find((f) => f.url().includes('/voice/phone'));
    const received = (page, type) =>
        page.evaluate((t) => window.received.filter((m) => m.data && m.data.type === t), type);

    it('is not shown in a console origin it does not allow, and says nothing to it', async () => {
        const session = await voiceSession(sandbox.agents[1]);
        const page = await openConsole(otherOrigin);
        await page.evaluate((url) => window.framePhone(url), session.phonePageUrl);
        await page.waitForTimeout(1000);
        const frame = phoneFrame(page);
        const status = frame
            ? await frame.evaluate(() => document.getElementById('phone-status')?.textContent ?? null).catch(() => null)
            : null;
        assert.equal(status, null, 'the phone page must not render inside a foreign origin (CSP frame-ancestors)');
        assert.deepEqual(await page.evaluate(() => window.received), []);
        await page.context().close();
    });

    it('hands over the session by postMessage, loads the SDK, forwards call events and logs the call after callLinked', async () => {
        const alice = sandbox.agents[0];
        const session = await voiceSession(alice);
        const phoneOrigin = new URL(session.phonePageUrl).origin;
        assert.notEqual(phoneOrigin, consoleOrigin);
        const page = await openConsole(consoleOrigin);
        await page.evaluate((url) => window.framePhone(url), session.phonePageUrl);

        const ready = await until(async () => (await received(page, 'phoneReady'))[0], 'phoneReady from the phone');
        assert.equal(ready.origin, phoneOrigin);
        assert.equal(ready.fromPhone, true);
        const frame = phoneFrame(page);
        assert.equal(await frame.evaluate(() => document.querySelectorAll('script[data-tccc-sdk]').length), 0);

        const phoneSession = {
            ...PROTOCOL,
            type: 'phoneSession',
            payload: {
                sdkUrl: session.sdkUrl,
                token: session.token,
                sdkAppId: session.sdkAppId,
                seatUserId: session.seatUserId,
                expiresAt: session.expiresAt,
            },
        };
        // A sibling frame on another origin cannot hand the phone a session (wrong origin, not window.parent).
        await page.evaluate(
            (url) => window.frameAttacker(url),
            `${otherOrigin}/attacker.html#${encodeURIComponent(JSON.stringify(phoneSession))}`,
        );
        await until(
            async () => page.frames().some((f) => f.url().includes('attacker') && f.url().startsWith(otherOrigin)),
            'attacker frame loaded',
        );
        await page.waitForTimeout(500);
        assert.equal(await frame.evaluate(() => document.querySelectorAll('script[data-tccc-sdk]').length), 0);
        // Nor does a malformed message from the right parent.
        await page.evaluate(
            (o) =>
                window.sendToPhone(
                    {
                        protocol: 'tim-phone',
                        version: 1,
                        type: 'phoneSession',
                        payload: { sdkUrl: 'javascript:alert(1)' },
                    },
                    o,
                ),
            phoneOrigin,
        );
        await page.waitForTimeout(300);
        assert.equal(await frame.evaluate(() => document.querySelectorAll('script[data-tccc-sdk]').length), 0);

        await page.evaluate(([m, o]) => window.sendToPhone(m, o), [phoneSession, phoneOrigin]);
        await until(
            async () => (await received(page, 'phoneStatus')).some((m) => m.data.payload.state === 'ready'),
            'phoneStatus ready after the SDK logged in',
        );
        const script = await frame.evaluate(() => {
            const s = document.querySelector('script[data-tccc-sdk]');
            return {
                src: s.src,
                token: s.getAttribute('data-token'),
                app: s.getAttribute('data-sdk-app-id'),
                user: s.getAttribute('data-userid'),
                dom: s.getAttribute('data-render-dom-id'),
                tccc: typeof window.tccc,
            };
        });
        assert.deepEqual(script, {
            src: session.sdkUrl,
            token: session.token,
            app: String(session.sdkAppId),
            user: alice.email,
            dom: 'tccc-workbench',
            tccc: 'object',
        });
        await until(() => sandbox.voice.tccc.isSeatOnline(alice.email), 'the SDK listens for calls');

        // An inbound call rings, the agent answers in the phone, the caller hangs up.
        const call = sandbox.voice.tccc.placeCall('+8613800138000', alice.email);
        const callIn = await until(async () => (await received(page, 'callIn'))[0], 'callIn forwarded');
        assert.deepEqual(callIn.data.payload, {
            sessionId: call.sessionId,
            callerPhoneNumber: '+8613800138000',
            calleePhoneNumber: call.calleePhoneNumber,
            protectedCaller: false,
        });
        await until(
            () =>
                frame
                    .locator('[data-tccc="caller"]')
                    .textContent()
                    .then((t) => t.includes('+8613800138000')),
            'the SDK phone shows the caller',
        );
        await frame.locator('[data-tccc="answer"]').click();
        await until(async () => (await received(page, 'callAnswered'))[0], 'callAnswered forwarded');
        await new Promise((r) => setTimeout(r, 1100));
        sandbox.voice.tccc.endCall(call.sessionId, 'client');
        const ended = await until(async () => (await received(page, 'callEnded'))[0], 'callEnded forwarded');
        assert.equal(ended.data.payload.closeBy, 'client');
        assert.ok(ended.data.payload.duration >= 1);
        for (const m of await page.evaluate(() => window.received)) assert.equal(m.origin, phoneOrigin);

        // Nothing is logged until the console links the call to a Case; then the buffered events go out.
        const caseId = sandbox.salesforce.insert('Case', { Subject: 'Call from +8613800138000', Origin: 'Phone' });
        const logged = () => sandbox.salesforce.records('Tim_Engagement__c').filter((r) => r.Case__c === caseId);
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(logged().length, 0);
        await page.evaluate(
            ([m, o]) => window.sendToPhone(m, o),
            [{ ...PROTOCOL, type: 'callLinked', payload: { sessionId: call.sessionId, caseId } }, phoneOrigin],
        );
        await until(() => logged().length === 3, 'three call events logged on the Case');
        const rows = logged().sort((a, b) => String(a.Occurred_At__c).localeCompare(String(b.Occurred_At__c)));
        assert.deepEqual(
            rows.map((r) => r.Event_Type__c),
            ['Call Ringing', 'Call Answered', 'Call Ended'],
        );
        assert.ok(rows.every((r) => r.User__c === alice.userId));
        assert.match(rows[0].Details__c, /Incoming call from \+8613800138000/);
        assert.match(rows[2].Details__c, /Talk time [1-9]\d* s; ring time \d+ s; ended by the caller/);

        // A later call on the same linked session id? New calls are linked separately; a repeated link is a no-op.
        await page.evaluate(
            ([m, o]) => window.sendToPhone(m, o),
            [{ ...PROTOCOL, type: 'callLinked', payload: { sessionId: call.sessionId, caseId } }, phoneOrigin],
        );
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(logged().length, 3);
        assert.deepEqual(pageErrors, []);
        await page.context().close();
    });

    it('tells the console when the TCCC login expires (tokenExpired), so that it hands over a new session', async () => {
        const bob = sandbox.agents[1];
        sandbox.voice.tccc.setTokenTtlSeconds(3);
        let session;
        try {
            session = await voiceSession(bob);
        } finally {
            sandbox.voice.tccc.setTokenTtlSeconds(3600);
        }
        const phoneOrigin = new URL(session.phonePageUrl).origin;
        const page = await openConsole(consoleOrigin);
        await page.evaluate((url) => window.framePhone(url), session.phonePageUrl);
        await until(async () => (await received(page, 'phoneReady'))[0], 'phoneReady');
        const { phonePageUrl: _url, ...payload } = session;
        await page.evaluate(
            ([m, o]) => window.sendToPhone(m, o),
            [{ ...PROTOCOL, type: 'phoneSession', payload }, phoneOrigin],
        );
        await until(
            async () => (await received(page, 'phoneStatus')).some((m) => m.data.payload.state === 'ready'),
            'ready',
        );
        const expired = await until(
            async () => (await received(page, 'phoneStatus')).find((m) => m.data.payload.state === 'tokenExpired'),
            'tokenExpired after the token lifetime',
            8000,
        );
        assert.equal(expired.origin, phoneOrigin);
        await page.context().close();
    });
});
