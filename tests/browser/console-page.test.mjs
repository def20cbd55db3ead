// The sandbox console page in Chromium: the SHIPPED tim_utilities_bar over the Aura stand-in (utilityBarAPI, $Locale)
// around the BUILT tim_bar with the real Tencent Web SDK against the fake's gateway. Covers what the agent sees around
// the widget: the utility item's highlight and count for new assignments and messages while the panel is minimized,
// desktop notifications (the host page's Notification API), the agent's language, and the case table (an owner change
// redraws its row at once; at 1280×800 every row's Delete button is visible and clickable beside the utility panel).
// Run: npm run build && npm run test:browser:widget   (tsx loads the TypeScript sandbox)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './support/browser.mjs';
import { WAIT, openConsole, startSandbox, until } from './support/sandbox.mjs';

describe('sandbox console around the shipped Aura host and the built widget', () => {
    let started;
    let sandbox;
    let base;
    let browser;
    let alice;
    let bob;
    const problems = [];

    let json;
    const ticket = (n, subject) =>
        started.ticket({
            name: `Customer ${n}`,
            email: `customer${n}@example.com`,
            subject,
            message: `Hello from ${n}`,
        });
    const owner = (caseId, ownerId) => started.owner(caseId, alice, ownerId);

    /** Alice's console at 1280×800; desktop notifications allowed for the page and recorded. */
    const consoleFor = (agent, query = '') =>
        openConsole(browser, base, agent, {
            problems,
            query,
            notifications: true,
            viewport: { width: 1280, height: 800 },
        });

    before(async () => {
        started = await startSandbox();
        ({ sandbox, base, json } = started);
        alice = started.agent('Alice Agent');
        bob = started.agent('Bob Agent');
        browser = await launchBrowser();
    });

    after(async () => {
        await browser?.close();
        await started?.close();
    });

    it('highlights the minimized utility item with the count for a new chat and a message, with desktop notifications', async () => {
        const first = await ticket(1, 'Cannot log in');
        await owner(first.caseId, alice.userId);
        const { page, frame } = await consoleFor(alice);
        const item = page.locator('#utility-label');
        const itemState = async () => [(await item.innerText()).trim(), await item.getAttribute('data-highlighted')];
        await frame.locator('tim-conversation-item').first().waitFor({ timeout: WAIT });
        // What appears while the SDK completes its first lists (5 s, ATTENTION_SETTLE_MS) is not a new assignment.
        await page.waitForTimeout(5000);
        // The agent turns desktop notifications on in the widget; the host asks the browser (allowed here).
        const alerts = frame.locator('tim-status-bar button.alerts');
        assert.equal(await alerts.getAttribute('aria-pressed'), 'false');
        await alerts.click();
        await until(async () => (await alerts.getAttribute('aria-pressed')) === 'true', 'alerts on');
        // Opening the utility clears what was there; then the agent minimizes it.
        await item.click();
        await item.click();
        assert.equal(await item.getAttribute('aria-expanded'), 'true');
        assert.equal(await item.getAttribute('data-highlighted'), 'false');
        const countBefore = Number(/\((\d+)\)/.exec(await item.innerText())?.[1] ?? 0);
        await item.click();
        assert.equal(await item.getAttribute('aria-expanded'), 'false');
        assert.equal(await frame.locator('tim-app').isVisible(), false, 'the panel is minimized');

        // A new case is assigned to her: highlighted, counted, and a desktop notification.
        const second = await ticket(2, 'Refund please');
        await owner(second.caseId, alice.userId);
        await until(async () => {
            const [text, highlighted] = await itemState();
            return text === `Case chat (${countBefore + 1})` && highlighted === 'true';
        }, 'highlighted with the new chat counted');
        const notifications = () => page.evaluate(() => window.__notifications);
        await until(
            async () => (await notifications()).some((n) => /^New chat: case \d+$/.test(n.title)),
            'a desktop notification for the new chat',
        );
        // A customer writes in the first case while the panel is minimized.
        sandbox.tencent.seedMessage(first.groupId, first.customerId, 'Are you there?');
        await until(
            async () => (await notifications()).some((n) => n.body === 'Are you there?' && /^Case \d+: /.test(n.title)),
            'a desktop notification for the message',
        );
        let shown = '';
        await until(async () => {
            shown = (await itemState())[0];
            return shown === `Case chat (${countBefore + 2})`;
        }, 'the message counted on the utility item').catch((e) => assert.fail(`${e.message}: ${shown}`));

        // Opening the utility panel clears the highlight (the count stays until the chats are read).
        await item.click();
        await until(async () => (await itemState())[1] === 'false', 'highlight cleared').catch(async (e) =>
            assert.fail(
                `${e.message}; host log: ${JSON.stringify((await page.evaluate(() => window.__hostLog)).slice(-8))}`,
            ),
        );
        assert.equal((await itemState())[0], `Case chat (${countBefore + 2})`);
        // Opening the new chat and the first one reads them: the count goes down.
        await frame.locator('tim-conversation-item button', { hasText: 'Refund please' }).click();
        await frame.getByRole('button', { name: 'Back to conversations' }).click();
        await frame.locator('tim-conversation-item button', { hasText: 'Cannot log in' }).click();
        await frame.locator('article', { hasText: 'Are you there?' }).waitFor({ timeout: WAIT });
        await until(async () => (await itemState())[0] === 'Case chat', `count gone (${await item.innerText()})`);
        // The choice is remembered for this user (host page localStorage).
        assert.equal(
            await page.evaluate((id) => localStorage.getItem(`tim_bar.desktopNotifications.${id}`), alice.userId),
            'on',
        );
        await page.context().close();
    });

    it('redraws a case row as soon as its owner is chosen, keeping the focus on that row', async () => {
        const c = await ticket(3, 'Owner change');
        const { page } = await consoleFor(alice);
        const row = () => page.locator(`tr[data-case-id="${c.caseId}"]`);
        await row().waitFor({ timeout: WAIT });
        const select = row().locator('select.owner');
        await select.focus();
        await select.selectOption(bob.userId);
        // No blur, no click elsewhere: the row shows the new owner.
        await until(async () => (await row().getAttribute('data-owner-id')) === bob.userId, 'row redrawn');
        assert.equal(
            await page.evaluate(() => document.activeElement?.closest('tr')?.dataset.caseId),
            c.caseId,
            'the focus stays on the same case row',
        );
        await page.context().close();
    });

    it('at 1280×800 shows every row’s Delete button visible and clickable beside the utility panel', async () => {
        // Rows with the widest actions: Omni-Channel work to close, a closed-and-reopened case with a transcript, a
        // Delete waiting for its confirmation.
        const accepted = await ticket(4, 'Printer is on fire and will not stop printing');
        await owner(accepted.caseId, alice.userId);
        await json('POST', `/sandbox/api/console/cases/${accepted.caseId}/accept`, { agent: alice.userId });
        const reopened = await ticket(5, 'Reopened case');
        await json('POST', `/sandbox/api/console/cases/${reopened.caseId}/close`, { agent: alice.userId });
        await json('POST', `/sandbox/api/console/cases/${reopened.caseId}/reopen`, { agent: alice.userId });
        const { page } = await consoleFor(alice);
        await page.locator(`tr[data-case-id="${reopened.caseId}"] .transcript-link`).waitFor({ timeout: WAIT });
        await page.locator(`tr[data-case-id="${accepted.caseId}"] button[data-action="delete"]`).click();
        await page.locator('button[data-action="delete"]', { hasText: 'Confirm delete' }).waitFor();

        const layout = await page.evaluate(() => {
            const cases = document.querySelector('.cases');
            const utility = document.querySelector('.utility').getBoundingClientRect();
            return {
                overflow: cases.scrollWidth - cases.clientWidth,
                buttons: Array.from(document.querySelectorAll('button[data-action="delete"]')).map((b) => {
                    const r = b.getBoundingClientRect();
                    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
                    return {
                        text: b.textContent,
                        right: r.right,
                        utilityLeft: utility.left,
                        onTop: hit === b,
                        inViewport: r.bottom <= window.innerHeight && r.right <= window.innerWidth,
                    };
                }),
            };
        });
        assert.equal(layout.overflow <= 0, true, `the case table fits its column (overflow ${layout.overflow}px)`);
        assert.ok(layout.buttons.length >= 5, JSON.stringify(layout.buttons));
        for (const b of layout.buttons) {
            assert.ok(b.right <= b.utilityLeft, `${b.text} ends left of the utility panel: ${JSON.stringify(b)}`);
            assert.ok(b.onTop && b.inViewport, `${b.text} is visible and on top: ${JSON.stringify(b)}`);
        }
        // Clickable for real (Playwright checks it receives the click) and it deletes the case.
        await page.locator(`tr[data-case-id="${accepted.caseId}"] button[data-action="delete"]`).click();
        await until(
            async () => (await page.locator(`tr[data-case-id="${accepted.caseId}"]`).count()) === 0,
            'case deleted',
        );
        await page.context().close();
    });

    it('shows the widget in the language the agent picks (the stand-in passes it as $Locale)', async () => {
        const { page, frame } = await consoleFor(alice);
        await Promise.all([page.waitForURL(/lang=zh_CN/), page.locator('#language-select').selectOption('zh_CN')]);
        await frame.locator('tim-status-bar .label', { hasText: '聊天：已连接' }).waitFor({ timeout: WAIT });
        assert.equal(await frame.getByLabel('筛选会话').count(), 1);
        const locale = await page.evaluate(() =>
            window.__hostLog.filter((e) => e.dir === 'out' && e.type === 'locale'),
        );
        assert.deepEqual(
            locale.map((e) => e.type),
            ['locale'],
        );
        assert.equal(await page.locator('#language-select').inputValue(), 'zh_CN');
        await page.context().close();
    });

    it('ran without page errors', () => {
        assert.deepEqual(problems, []);
    });
});
