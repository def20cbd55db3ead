// What the real-browser tests against the in-process sandbox share: polling for a condition, starting the sandbox
// (relay + fakes) on a free loopback port, its JSON API (tickets, case owners), and a console page for an agent whose
// page errors, chosen console errors and dialogs are recorded for the tests to assert on.
import assert from 'node:assert/strict';
import { startSandbox as startSharedSandbox, waitFor } from '../../support/sandbox.ts';

/** How long a sandbox test waits for what the agent should see. */
export const WAIT = 15000;

/** Polls fn until it returns something truthy (a thrown error counts as "not yet"); fails with message after timeout. */
export const until = (fn, message, timeout = WAIT, interval = 50) => waitFor(message, fn, timeout, interval);

/**
 * The sandbox relay on a free port (with the demo pages unless `demo` is false), with a ticket rate limit no test
 * reaches. Returns the sandbox, its base URL, a JSON client for its API, ticket / owner / agent helpers and close().
 */
export async function startSandbox({ demo = true } = {}) {
    const started = await startSharedSandbox({ demo, env: { TICKET_RATE_LIMIT_PER_MINUTE: '1000' } });
    const base = started.baseUrl;
    /** A JSON request to the sandbox that must succeed; returns the parsed body. */
    const json = async (method, url, body, headers = {}) => {
        const res = await fetch(`${base}${url}`, {
            method,
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify(body),
        });
        const data = await res.json();
        assert.ok(res.ok, `${method} ${url}: ${res.status} ${JSON.stringify(data)}`);
        return data;
    };
    return {
        sandbox: started.sandbox,
        base,
        json,
        agent: (name) => started.sandbox.agents.find((x) => x.name === name),
        /** A customer's web-form ticket (a new case with its chat group). */
        ticket: (form) => json('POST', '/v1/tickets', form, { 'Idempotency-Key': crypto.randomUUID() }),
        /** The console's owner change of a case, made by `by`. */
        owner: (caseId, by, ownerId) =>
            json('POST', `/sandbox/api/console/cases/${caseId}/owner`, { agent: by.userId, ownerId }),
        close: started.close,
    };
}

/**
 * Records what must not happen on a page into `problems`: page errors and the console errors that `consoleError`
 * selects; with a `dialogs` list, also every dialog (dismissed).
 */
export function recordProblems(page, { problems, dialogs, consoleError = () => false }) {
    page.on('pageerror', (e) => problems.push(String(e)));
    page.on('console', (m) => {
        if (m.type() === 'error' && consoleError(m.text())) problems.push(m.text());
    });
    if (dialogs)
        page.on('dialog', async (d) => {
            dialogs.push(`dialog: ${d.message()}`);
            await d.dismiss();
        });
}

const isCspViolation = (text) => /CSP violation/.test(text);

/**
 * The sandbox console for an agent: the shipped Aura host (utility bar) around the built tim_bar, waiting for the
 * widget's conversation list. Page errors go to `problems`, and so do CSP violations with `csp`; dialogs to `dialogs`
 * when given. With `notifications` the page may show desktop notifications and records them in window.__notifications.
 */
export async function openConsole(
    browser,
    base,
    agent,
    { problems, dialogs, csp = false, viewport = { width: 1280, height: 720 }, query = '', notifications = false },
) {
    const context = await browser.newContext({ viewport });
    if (notifications) {
        await context.grantPermissions(['notifications'], { origin: base });
        await context.addInitScript(() => {
            if (!location.pathname.startsWith('/sandbox/console')) return;
            window.__notifications = [];
            const Real = window.Notification;
            window.Notification = class extends Real {
                constructor(title, options) {
                    super(title, options);
                    window.__notifications.push({ title, body: options?.body ?? '' });
                }
            };
        });
    }
    if (csp)
        await context.addInitScript(() => {
            document.addEventListener('securitypolicyviolation', (e) =>
                console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`),
            );
        });
    const page = await context.newPage();
    recordProblems(page, { problems, dialogs, consoleError: csp ? isCspViolation : undefined });
    await page.goto(`${base}/sandbox/console?agent=${agent.userId}${query}`);
    const frame = page.frameLocator('#widget');
    await frame.locator('tim-conversation-list').waitFor({ timeout: WAIT });
    return { page, frame, hostLog: () => page.evaluate(() => window.__hostLog) };
}
