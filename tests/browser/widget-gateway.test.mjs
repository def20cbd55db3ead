// Real-browser tests of the BUILT production widget (force-app/main/default/staticresources/tim_bar) with the real
// Tencent Web SDK against the fake's SDK gateway, hosted by the SHIPPED tim_utilities_bar controller/helper over the
// Aura stand-in (scripts/sandbox/aura-stand-in/, the same one the sandbox console uses). The sandbox (relay + fakes)
// runs in-process; the customer side is driven through the fake's state (what a customer's SDK would send).
// Run: npm run build && npm run test:browser:widget   (tsx loads the TypeScript sandbox)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './support/browser.mjs';
import { WAIT, openConsole, startSandbox, until } from './support/sandbox.mjs';
const XSS_IMG = '<img src=x onerror=alert(1)>';
const XSS_SCRIPT = '<script>alert(2)</script> is what the page shows';

describe('tim_bar (built) with the real SDK against the gateway, hosted by the shipped Aura helper', () => {
    let started;
    let sandbox;
    let base;
    let browser;
    let alice;
    let bob;
    const cases = [];
    const problems = [];
    const dialogs = [];

    let json;
    const ticket = (n, name, subject, message) =>
        started.ticket({ name, email: `customer${n}@example.com`, subject, message });
    const owner = (caseId, ownerId) => started.owner(caseId, alice, ownerId);

    /** A console page for an agent: the utility bar is the shipped Aura host around the built tim_bar. */
    const consoleFor = (agent) => openConsole(browser, base, agent, { problems, dialogs, csp: true });

    let a; // Alice's console
    const label = () => a.page.locator('#utility-label').innerText();

    before(async () => {
        started = await startSandbox();
        ({ sandbox, base, json } = started);
        alice = started.agent('Alice Agent');
        bob = started.agent('Bob Agent');
        cases.push(await ticket(1, 'Ada Lovelace', 'Cannot log in', 'Hello, I cannot log in since this morning.'));
        cases.push(await ticket(2, 'Grace Hopper', 'Refund', 'Where is my refund?'));
        // Said before Alice joins: hidden from her by the group's join-point rule, backfilled through the host.
        sandbox.tencent.seedMessage(cases[0].groupId, cases[0].customerId, XSS_IMG);
        sandbox.tencent.seedMessage(cases[0].groupId, cases[0].customerId, XSS_SCRIPT);
        for (const c of cases) await owner(c.caseId, alice.userId);
        browser = await launchBrowser();
        a = await consoleFor(alice);
    });

    after(async () => {
        await browser?.close();
        await started?.close();
    });

    it('signs in through the shipped helper (c.getSession) and lists the case conversations from the gateway', async () => {
        await until(async () => (await a.frame.locator('tim-conversation-item').count()) === 2, 'two conversations');
        const log = (await a.hostLog()).map((e) => `${e.dir}:${e.type}`);
        // On ready the host sends the user's $Locale and the desktop-notification state at once.
        assert.deepEqual(log.slice(0, 3), ['in:ready', 'out:locale', 'out:notifications']);
        assert.deepEqual(log.filter((e) => e === 'in:needSession' || e === 'out:session').slice(0, 2), [
            'in:needSession',
            'out:session',
        ]);
        const texts = await a.frame.locator('tim-conversation-item button').allInnerTexts();
        assert.ok(
            texts.some((t) => /Cannot log in[\s\S]*Ada Lovelace/.test(t)),
            texts.join(' | '),
        );
        assert.ok(
            texts.some((t) => /Refund[\s\S]*Grace Hopper/.test(t)),
            texts.join(' | '),
        );
        assert.match(await a.frame.locator('tim-status-bar .label').innerText(), /Connected/);
    });

    it('counts the waiting customer messages of newly assigned cases as unread, with preview, time and the label', async () => {
        // Both cases were assigned after the customers wrote: the group hides those messages from Alice's SDK, the
        // widget reads them through the host's history page. Case 1: three waiting, case 2: one.
        await until(async () => (await label()).trim() === 'Case chat (4)' || null, 'label Case chat (4)');
        const row = (caseId) =>
            a.frame.locator(`tim-conversation-item:has([data-unread]) button`, {
                has: a.frame.locator('.subject', { hasText: caseId === cases[0].caseId ? 'Cannot log in' : 'Refund' }),
            });
        await until(async () => (await row(cases[1].caseId).locator('.badge').innerText()) === '1', 'badge 1');
        assert.equal(await row(cases[0].caseId).locator('.badge').innerText(), '3');
        assert.equal(await row(cases[1].caseId).locator('.preview').innerText(), 'Where is my refund?');
        assert.notEqual((await row(cases[1].caseId).locator('.time').innerText()).trim(), '');
        const unread = (await a.hostLog()).filter((e) => e.dir === 'in' && e.type === 'unread').at(-1);
        assert.deepEqual(unread?.payload, { count: 4 });
    });

    it('opens a focused Case tab, backfills what was said before the agent joined and shows markup as text', async () => {
        await a.page.locator(`tr[data-case-id="${cases[0].caseId}"] td`).nth(1).click();
        const view = a.frame.locator('tim-conversation-view');
        for (const text of ['Hello, I cannot log in since this morning.', XSS_IMG, XSS_SCRIPT])
            await view.locator('article', { hasText: text }).waitFor({ timeout: WAIT });
        await a.frame.getByText('Messages before you joined').waitFor({ timeout: WAIT });
        assert.equal(await view.locator('article img, article script').count(), 0, 'no markup from messages');
        assert.deepEqual(dialogs, [], 'nothing ran');
        const log = (await a.hostLog()).map((e) => `${e.dir}:${e.type}`);
        for (const expected of ['out:focusCase', 'in:needHistory', 'out:history'])
            assert.ok(log.includes(expected), `${expected} in ${log.join(' ')}`);
    });

    it('sends with Enter (Shift+Enter is a new line); the message reaches the group', async () => {
        const box = a.frame.locator('textarea.box');
        await box.fill('line one');
        await box.press('Shift+Enter');
        await box.type('line two');
        await box.press('Enter');
        await until(
            () =>
                sandbox.tencent
                    .groupMessages(cases[0].groupId)
                    .some((m) => m.from === alice.userId && m.elements.some((e) => e.text === 'line one\nline two')),
            'the message in the group',
        );
        assert.equal(await box.inputValue(), '');
    });

    it('shows a live message in the open conversation without counting it; counts one elsewhere and tells the host', async () => {
        sandbox.tencent.seedMessage(cases[0].groupId, cases[0].customerId, `live ${XSS_IMG}`);
        await a.frame.locator('article', { hasText: `live ${XSS_IMG}` }).waitFor({ timeout: WAIT });
        assert.equal(await a.frame.locator('article img').count(), 0);
        sandbox.tencent.seedMessage(cases[1].groupId, cases[1].customerId, 'Any news?');
        // The customer's first message still waits unread for Alice (she never opened that case): two now.
        await until(
            async () => (await label()).trim() === 'Case chat (2)' || null,
            `label Case chat (2): ${await label()}`,
        );
        const unread = (await a.hostLog()).filter((e) => e.dir === 'in' && e.type === 'unread').at(-1);
        assert.deepEqual(unread?.payload, { count: 2 });
        assert.equal(await a.page.locator('#utility-label').getAttribute('data-highlighted'), 'true');
    });

    it('shows a closed (muted) case read-only and keeps its history', async () => {
        await json('POST', `/sandbox/api/console/cases/${cases[0].caseId}/close`, { agent: alice.userId });
        const composer = a.frame.locator('tim-composer');
        await composer
            .locator('.note', { hasText: 'This case is closed — the conversation is read-only.' })
            .waitFor({ timeout: WAIT });
        assert.equal(await composer.locator('textarea.box').isDisabled(), true);
        assert.ok(await a.frame.locator('article', { hasText: XSS_SCRIPT }).isVisible());
    });

    it('drops the open conversation live when the agent is removed from it, with a notice', async () => {
        await a.page.locator(`tr[data-case-id="${cases[1].caseId}"] td`).nth(1).click();
        await a.frame.locator('article', { hasText: 'Any news?' }).waitFor({ timeout: WAIT });
        await owner(cases[1].caseId, bob.userId);
        await a.frame
            .locator('tim-banner', {
                hasText: 'You are no longer in this conversation — the case was reassigned or closed.',
            })
            .waitFor({ timeout: WAIT });
        await until(
            async () => (await a.frame.locator('tim-conversation-item').count()) === 1,
            'one conversation left',
        );
        await until(async () => (await label()).trim() === 'Case chat', 'label without count');
    });

    it('is kicked out by a second login of the same agent; "Use here" signs in again', async () => {
        const second = await consoleFor(alice);
        await a.frame
            .locator('tim-banner', { hasText: 'You signed in to chat in another window.' })
            .waitFor({ timeout: WAIT });
        assert.match(await a.frame.locator('tim-status-bar .label').innerText(), /Signed out/);
        await a.frame.locator('tim-banner').getByRole('button', { name: 'Use here' }).click();
        await until(
            async () => /Connected/.test(await a.frame.locator('tim-status-bar .label').innerText()),
            'signed in again',
        );
        await second.frame
            .locator('tim-banner', { hasText: 'You signed in to chat in another window.' })
            .waitFor({ timeout: WAIT });
        await second.page.context().close();
    });

    describe('with the customer page (the real SDK as the customer)', () => {
        let customer;
        let caseId;
        let b;
        const view = () => a.frame.locator('tim-conversation-view');
        const lastMine = (frame) => frame.locator('tim-message-item article.msg-mine').last();

        before(async () => {
            const context = await browser.newContext({ viewport: { width: 420, height: 720 } });
            customer = await context.newPage();
            customer.on('pageerror', (e) => problems.push(String(e)));
            await customer.goto(`${base}/sandbox/customer`);
            await customer.fill('input[name=name]', 'Edsger Dijkstra');
            await customer.fill('input[name=email]', 'edsger@example.com');
            await customer.fill('input[name=subject]', 'Locked out');
            await customer.fill('textarea[name=message]', 'See https://example.com/status?id=7 please');
            await customer.click('#ticket-submit');
            await customer.locator('#chat-conn[data-state=connected]').waitFor({ timeout: WAIT });
            caseId = await customer.locator('#chat-view').getAttribute('data-case-id');
            await owner(caseId, alice.userId);
            await a.page.locator(`tr[data-case-id="${caseId}"] td`).nth(1).click();
            await view().locator('article', { hasText: 'See https://example.com/status?id=7 please' }).waitFor({
                timeout: WAIT,
            });
        });

        it('shows URLs on the customer page as safe links, like the widget', async () => {
            const link = customer.locator('#chat-messages a', { hasText: 'https://example.com/status?id=7' });
            await link.waitFor({ timeout: WAIT });
            assert.equal(await link.getAttribute('href'), 'https://example.com/status?id=7');
            assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
            const widgetLink = view().locator('article a', { hasText: 'https://example.com/status?id=7' });
            assert.equal(await widgetLink.getAttribute('href'), await link.getAttribute('href'));
        });

        it('shows typing both ways; it disappears, and never reaches history or the unread count', async () => {
            const stored = () => sandbox.tencent.groupMessages(caseId).length;
            const storedBefore = stored();
            const labelBefore = await label();
            await customer.locator('#chat-input').pressSequentially('I am', { delay: 30 });
            await view().locator('p.typing', { hasText: 'Edsger Dijkstra is typing…' }).waitFor({ timeout: WAIT });
            assert.equal(await label(), labelBefore, 'typing is not unread');
            // Idle for a few seconds: "stopped", then gone.
            await until(async () => (await view().locator('p.typing').innerText()).trim() === '', 'typing gone', 9000);
            const box = a.frame.locator('textarea.box');
            await box.pressSequentially('Let me', { delay: 30 });
            await customer.locator('#chat-typing', { hasText: 'Alice Agent is typing…' }).waitFor({ timeout: WAIT });
            await box.press('Enter');
            await customer.locator('#chat-messages li[data-from="support"]', { hasText: 'Let me' }).waitFor({
                timeout: WAIT,
            });
            await until(async () => (await customer.locator('#chat-typing').innerText()).trim() === '', 'cleared');
            const messages = sandbox.tencent.groupMessages(caseId);
            assert.equal(messages.length, storedBefore + 1, 'only the real message was stored');
            assert.ok(messages.every((m) => m.elements.every((e) => e.type !== 'custom')));
            const res = await fetch(`${base}/v1/groups/${caseId}/messages?limit=100`, {
                headers: { authorization: `Bearer ${sandbox.credentials.apiKey}` },
            });
            const history = await res.json();
            assert.ok(res.ok, JSON.stringify(history));
            assert.equal(history.messages.length, storedBefore + 1, 'the relay history page has no typing signal');
        });

        it('moves the agent message from delivered to read when the customer sees it', async () => {
            // The customer's tab is in the background: delivered, not read.
            await customer.evaluate(() =>
                Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' }),
            );
            const box = a.frame.locator('textarea.box');
            await box.fill('Please try again now');
            await box.press('Enter');
            const footer = lastMine(a.frame).locator('footer.delivery');
            await until(async () => (await footer.getAttribute('data-state')) === 'delivered', 'delivered');
            assert.equal((await footer.innerText()).trim(), 'Delivered');
            await customer.evaluate(() => {
                Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
                document.dispatchEvent(new Event('visibilitychange'));
            });
            await until(async () => (await footer.getAttribute('data-state')) === 'read', 'read');
            assert.equal((await footer.innerText()).trim(), 'Read');
        });

        it('after a handover names every sender: the customer, the earlier agent, and You', async () => {
            await owner(caseId, bob.userId);
            b = await consoleFor(bob);
            await b.page.locator(`tr[data-case-id="${caseId}"] td`).nth(1).click();
            const bobView = b.frame.locator('tim-conversation-view');
            await bobView.locator('article', { hasText: 'Please try again now' }).waitFor({ timeout: WAIT });
            const sender = (text) => bobView.locator('article', { hasText: text }).locator('.sender').innerText();
            assert.equal(await sender('See https://example.com/status'), 'Edsger Dijkstra');
            await until(async () => (await sender('Please try again now')) === 'Alice Agent', 'Alice named');
            const box = b.frame.locator('textarea.box');
            await box.fill('Bob here, taking over');
            await box.press('Enter');
            await until(async () => (await sender('Bob here, taking over')) === 'You', 'You');
        });

        it('shows "Sent" where the app has no read receipts (edition without them)', async () => {
            sandbox.tencent.setReadReceipts(false);
            try {
                const bobView = b.frame.locator('tim-conversation-view');
                const box = b.frame.locator('textarea.box');
                await box.fill('No receipts here');
                await box.press('Enter');
                await customer.locator('#chat-messages li', { hasText: 'No receipts here' }).waitFor({ timeout: WAIT });
                const footer = bobView.locator('article', { hasText: 'No receipts here' }).locator('footer.delivery');
                await until(async () => (await footer.getAttribute('data-state')) === 'sent', 'sent');
                await new Promise((r) => setTimeout(r, 1000));
                assert.equal((await footer.innerText()).trim(), 'Sent');
            } finally {
                sandbox.tencent.setReadReceipts(true);
            }
        });
    });

    it('ran without CSP violations, page errors or dialogs', () => {
        assert.deepEqual(problems, []);
        assert.deepEqual(dialogs, []);
    });
});
