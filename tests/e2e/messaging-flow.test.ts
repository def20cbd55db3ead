/**
 * End-to-end, Salesforce Messaging mode (Bring Your Own Channel), in real Chromium over the sandbox:
 *   the customer writes to the support account in (fake) Tencent Chat → the relay forwards it through the Interaction
 *   Service API → the agent's Messaging console page shows it; the agent accepts and replies → the platform event goes
 *   over the Pub/Sub API to the relay → the customer sees the reply with the agent's name; typing and read states both
 *   ways; the agent ends the session → the customer sees that it ended. Prints the latency of each direction.
 *
 * Run: npm run test:e2e (screenshots → test-results/screenshots/messaging-*.png)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { WAIT_MS, screenshotDir, startSandbox, waitFor as waitUntil, watchedPage } from '../support/sandbox.js';

let browser: Browser;
let baseUrl: string;
let closeApp: () => Promise<void>;
const problems: string[] = [];
let IMAGES: string;

/** Polls every 25 ms: the latencies this test prints are measured with it. */
const waitFor = <T>(what: string, check: () => Promise<T | null | undefined | false>): Promise<T> =>
    waitUntil(what, check, WAIT_MS, 25);

async function newPage(who: string): Promise<Page> {
    return (
        await watchedPage(browser, { viewport: { width: 900, height: 760 }, who, problems, allConsoleErrors: true })
    ).page;
}

before(async () => {
    IMAGES = await screenshotDir(false);
    ({ baseUrl, close: closeApp } = await startSandbox());
    browser = await launchChromium();
});

after(async () => {
    await browser?.close();
    await closeApp?.();
});

test('customer ↔ agent through the Messaging console: messages, typing, read, end', async () => {
    const customer = await newPage('customer');
    const agent = await newPage('agent');
    await customer.goto(`${baseUrl}/sandbox/messaging/customer`);
    await customer.fill('#customer-id', 'ada-e2e');
    await customer.click('#login-form button');
    await waitFor('customer chat ready', () => customer.evaluate(() => document.body.dataset['ready'] === 'true'));
    await agent.goto(`${baseUrl}/sandbox/messaging/agent`);

    // 1. Customer → agent (latency: Enter pressed → the line appears in the console).
    await customer.fill('#message-text', 'Hello, my parcel is lost');
    const t0 = Date.now();
    await customer.press('#message-text', 'Enter');
    await waitFor('the agent sees the message', () =>
        agent.locator('#entries li[data-role="EndUser"]', { hasText: 'Hello, my parcel is lost' }).count(),
    );
    const inboundMs = Date.now() - t0;
    await waitFor('waiting status', () => agent.locator('#thread-status[data-status="Waiting"]').count());

    // 2. The agent accepts: the customer is told who joined.
    await agent.click('#accept');
    await waitFor('join notice', () =>
        customer.locator('li.notice[data-kind="agentJoined"]', { hasText: 'Alice Agent joined' }).count(),
    );

    // 3. Typing both ways.
    await customer.fill('#message-text', 'typing');
    await customer.type('#message-text', '…');
    await waitFor('agent sees the customer typing', () => agent.locator('#customer-typing:not([hidden])').count());
    await customer.fill('#message-text', '');
    await agent.type('#reply-text', 'Let me check');
    await waitFor('customer sees the agent typing', () => customer.locator('#agent-typing:not([hidden])').count());

    // 4. Agent → customer (latency: Enter pressed → the line appears on the customer's page), with the agent's name.
    const t1 = Date.now();
    await agent.press('#reply-text', 'Enter');
    await waitFor('the customer sees the reply', () =>
        customer.locator('li.agent', { hasText: 'Alice Agent: Let me check' }).count(),
    );
    const outboundMs = Date.now() - t1;
    await waitFor('agent typing cleared', () => customer.locator('#agent-typing[hidden]').count());

    // 5. Read both ways: the agent read the customer's message; the customer read the agent's reply.
    await waitFor('customer sees Read on their message', () => customer.locator('li.mine .read-mark').count());
    await waitFor('agent sees Read on the reply', () =>
        agent.locator('#entries li[data-role="Agent"] .read-mark').count(),
    );
    await customer.screenshot({ path: path.join(IMAGES, 'messaging-customer.png') });
    await agent.screenshot({ path: path.join(IMAGES, 'messaging-agent.png') });

    // Steady state (token cached, conversation open): one more message each way.
    await customer.fill('#message-text', 'Thanks, any news?');
    const t2 = Date.now();
    await customer.press('#message-text', 'Enter');
    await waitFor('second customer message', () =>
        agent.locator('#entries li[data-role="EndUser"]', { hasText: 'Thanks, any news?' }).count(),
    );
    const inboundSteadyMs = Date.now() - t2;
    await agent.fill('#reply-text', 'Found it');
    const t3 = Date.now();
    await agent.press('#reply-text', 'Enter');
    await waitFor('second reply', () => customer.locator('li.agent', { hasText: 'Alice Agent: Found it' }).count());
    const outboundSteadyMs = Date.now() - t3;

    // 6. The agent ends the session.
    await agent.click('#end');
    await waitFor('customer sees the end', () => customer.locator('li.notice[data-kind="sessionEnded"]').count());
    await waitFor('console shows Ended', () => agent.locator('#thread-status[data-status="Ended"]').count());

    console.log(
        `messaging latency (sandbox, loopback, first/steady): customer→agent ${inboundMs}/${inboundSteadyMs} ms, ` +
            `agent→customer ${outboundMs}/${outboundSteadyMs} ms`,
    );
    assert.deepEqual(problems, []);
});
