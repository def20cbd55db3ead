// Accessibility, keyboard and language of the widget's SCRIPTED test bundle in Debian Chromium (same shell and UI as
// tim_bar; see widget.test.mjs for the host page). axe-core (devDependency) is evaluated inside the widget frame (the
// frame's CSP forbids inline scripts; DevTools evaluation is not subject to it) and audits each state the agent can
// meet: empty list, list with unread, thread with the history divider and a link, thread with an image and a file,
// composer with text, closed-case read-only note, notice / signed-out / session-error banners, and Simplified Chinese.
// Zero serious or critical violations are allowed; the totals per impact are printed.
// Run: npm run build && npm run test:browser:widget
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { RESOURCE_DIR, startServer } from './support/server.mjs';
import { launchBrowser, openWidgetPage } from './support/browser.mjs';
import { until as poll } from './support/sandbox.mjs';

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];

const until = (fn, message, timeout = 5000) => poll(fn, message, timeout, 25);

/** Every axe violation in the widget frame, with its impact and where. */
async function axeViolations(widget) {
    if (!(await widget.evaluate(() => typeof window.axe === 'object'))) await widget.evaluate(AXE_SOURCE);
    return widget.evaluate(async () => {
        const result = await window.axe.run(document, { resultTypes: ['violations'] });
        return result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            targets: v.nodes.slice(0, 3).map((n) => n.target.join(' > ')),
            nodes: v.nodes.length,
        }));
    });
}

/** The focused element inside the widget, through the components' shadow roots. */
function deepFocus(widget) {
    return widget.evaluate(() => {
        let el = document.activeElement;
        while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
        if (!el) return null;
        const style = getComputedStyle(el);
        return {
            tag: el.tagName.toLowerCase(),
            label: el.getAttribute('aria-label') || el.textContent.trim().slice(0, 60),
            outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1,
        };
    });
}

const totals = [];

async function audit(widget, state) {
    const violations = await axeViolations(widget);
    const counts = Object.fromEntries(IMPACTS.map((i) => [i, violations.filter((v) => v.impact === i).length]));
    totals.push({ state, ...counts, rules: violations.map((v) => `${v.id}(${v.impact})`).join(' ') });
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(blocking, [], `${state}: serious/critical accessibility violations`);
}

async function openPage(browser, server, query) {
    const { page, frame, events, widgetFrame } = await openWidgetPage(browser, server.hostUrl(query));
    const widget = await until(widgetFrame, 'widget frame');
    return { page, frame, events, widget };
}

describe('tim_bar widget: accessibility, keyboard and language in Chromium', () => {
    let server;
    let browser;

    before(async () => {
        assert.ok(existsSync(path.join(RESOURCE_DIR, 'index.html')), 'build the static resource first (npm run build)');
        server = await startServer();
        browser = await launchBrowser();
    });

    after(async () => {
        console.log('axe-core totals per widget state (violations by impact):');
        console.table(totals);
        const sum = (impact) => totals.reduce((n, t) => n + t[impact], 0);
        console.log(
            `axe-core: ${totals.length} states, critical ${sum('critical')}, serious ${sum('serious')}, ` +
                `moderate ${sum('moderate')}, minor ${sum('minor')}`,
        );
        await browser?.close();
        await server?.close();
    });

    it('has no serious accessibility violations in the empty list', async () => {
        const { page, frame, widget } = await openPage(browser, server, '&fixture=empty');
        await frame.getByText('No case chats yet.', { exact: false }).waitFor();
        await audit(widget, 'empty list');
        await page.context().close();
    });

    it('has no serious accessibility violations in the session-error banner', async () => {
        const { page, frame, widget } = await openPage(browser, server, '&session=off');
        await until(
            async () => (await page.evaluate(() => window.hostLog)).some((m) => m.type === 'needSession'),
            'needSession',
        );
        await page.evaluate(() =>
            window.hostSend('sessionError', { message: 'Your Salesforce session expired. Reload the page.' }),
        );
        await frame.locator('tim-banner').getByText('Your Salesforce session expired.', { exact: false }).waitFor();
        await audit(widget, 'session-error banner');
        await page.context().close();
    });

    describe('an agent with case chats (English)', () => {
        let page;
        let frame;
        let widget;
        const scripted = (fn, arg) => widget.evaluate(fn, arg);
        const caseId = (n) => page.evaluate((k) => window.fixtureCaseId(k), n);

        before(async () => {
            ({ page, frame, widget } = await openPage(browser, server, '&fixture=attachments'));
            await frame.locator('tim-conversation-item').first().waitFor();
        });
        after(() => page.context().close());

        it('has no serious accessibility violations in the list with unread conversations', async () => {
            await frame.locator('tim-conversation-item .badge').first().waitFor();
            await audit(widget, 'list with unread');
        });

        it('moves through the list with the arrow keys, Home and End; Enter opens; Esc goes back to the row', async () => {
            // Each row by its case number (its first visible text).
            const rows = await frame
                .locator('tim-conversation-item button')
                .evaluateAll((els) => els.map((e) => [e.textContent.trim().slice(0, 8), e.tabIndex]));
            assert.deepEqual(rows, [
                ['00001001', 0],
                ['00001002', -1],
                ['00001003', -1],
            ]);
            const focusedCase = async () => (await deepFocus(widget)).label.slice(0, 8);
            await frame.getByLabel('Filter conversations').focus();
            await page.keyboard.press('Tab');
            assert.equal(await focusedCase(), '00001001', 'Tab goes from the filter to the first row');
            await page.keyboard.press('ArrowDown');
            assert.equal(await focusedCase(), '00001002');
            await page.keyboard.press('End');
            assert.equal(await focusedCase(), '00001003');
            await page.keyboard.press('ArrowUp');
            assert.equal(await focusedCase(), '00001002');
            await page.keyboard.press('Home');
            assert.equal(await focusedCase(), '00001001');
            await page.keyboard.press('ArrowDown');
            await page.keyboard.press('Enter');
            await frame.locator('tim-conversation-view').waitFor();
            assert.match(await frame.locator('tim-conversation-view header.header').innerText(), /00001002/);
            await frame.getByLabel('Message', { exact: true }).focus();
            await page.keyboard.press('Escape');
            await frame.locator('tim-conversation-list').waitFor();
            assert.equal(await focusedCase(), '00001002', 'focus is back on the row of that chat');
        });

        it('announces new messages in one polite live region, not the whole message list', async () => {
            await frame.locator('tim-conversation-item button').first().press('Enter');
            await frame.getByText('Messages before you joined').waitFor();
            const regions = await widget.evaluate(() => {
                const found = [];
                const walk = (root) => {
                    for (const el of root.querySelectorAll('*')) {
                        const live = el.getAttribute('aria-live');
                        const role = el.getAttribute('role');
                        if ((live && live !== 'off') || role === 'log')
                            found.push({ live, role, announcer: el.hasAttribute('data-announcer') });
                        if (el.shadowRoot) walk(el.shadowRoot);
                    }
                };
                walk(document);
                return found;
            });
            assert.deepEqual(
                regions.filter((r) => r.announcer),
                [{ live: 'polite', role: 'status', announcer: true }],
            );
            assert.ok(
                regions.every((r) => r.role !== 'log'),
                'the message list is not a live region',
            );
            const c1 = await caseId(1);
            const c2 = await caseId(2);
            const announcer = frame.locator('[data-announcer]');
            await scripted((g) => window.timScripted.receive({ groupId: g, text: 'Still broken', nick: 'Ada' }), c1);
            await until(
                async () => (await announcer.textContent()) === 'Ada: Still broken',
                'message in the open chat',
            );
            await scripted(
                (g) => window.timScripted.receive({ groupId: g, text: 'Hello?', from: 'cust_grace', nick: 'Grace' }),
                c2,
            );
            await until(
                async () => (await announcer.textContent()) === 'New message in case 00001002 from Grace',
                'message in another chat',
            );
        });

        it('has no serious accessibility violations in a thread with the history divider and a link', async () => {
            await frame.getByRole('link', { name: 'https://example.com/status' }).waitFor();
            await audit(widget, 'thread: history divider + link');
        });

        it('sends with Enter and keeps Shift+Enter as a new line', async () => {
            const box = frame.getByLabel('Message', { exact: true });
            await box.focus();
            await page.keyboard.type('line one');
            await page.keyboard.press('Shift+Enter');
            await page.keyboard.type('line two');
            await audit(widget, 'composer with text');
            await page.keyboard.press('Enter');
            await until(
                async () =>
                    (await scripted(() => window.timScripted.sent)).some((s) => s.text === 'line one\nline two'),
                'sent as one message with a new line',
            );
            assert.equal(await box.inputValue(), '');
        });

        it('shows a visible focus indicator on every control reached with Tab', async () => {
            await frame.getByRole('button', { name: 'Back to conversations' }).focus();
            const seen = [];
            for (let i = 0; i < 12; i++) {
                const f = await deepFocus(widget);
                if (f && f.tag !== 'body') seen.push(f);
                await page.keyboard.press('Tab');
            }
            assert.ok(seen.length >= 6, JSON.stringify(seen));
            assert.deepEqual(
                seen.filter((f) => !f.outline),
                [],
                'every focused control draws an outline',
            );
        });

        it('has no serious accessibility violations in a thread with an image and a file', async () => {
            await frame.getByRole('button', { name: 'Back to conversations' }).click();
            await frame.locator('tim-conversation-item button', { hasText: '00001003' }).click();
            await frame.locator('tim-message-item img').waitFor();
            await frame.getByRole('link', { name: /printer-log\.txt/ }).waitFor();
            await audit(widget, 'thread: image + file');
        });

        it('has no serious accessibility violations with the closed-case read-only note', async () => {
            await scripted((g) => window.timScripted.setMuted(g, true), await caseId(3));
            await frame.getByText('This case is closed — the conversation is read-only.').waitFor();
            await audit(widget, 'closed case, read-only');
        });

        it('has no serious accessibility violations with the notice and signed-out banners', async () => {
            await scripted((g) => window.timScripted.removeConversation(g), await caseId(3));
            await frame.locator('tim-banner', { hasText: 'You are no longer in this conversation' }).waitFor();
            await audit(widget, 'notice banner');
            await scripted(() => window.timScripted.kick('multipleAccount'));
            await frame.locator('tim-banner', { hasText: 'You signed in to chat in another window.' }).waitFor();
            await audit(widget, 'signed-out banner');
        });
    });

    describe('an agent whose Salesforce language is zh_CN', () => {
        let page;
        let frame;
        let widget;

        before(async () => {
            ({ page, frame, widget } = await openPage(
                browser,
                server,
                '&fixture=attachments&lang=zh_CN&tz=Asia%2FShanghai',
            ));
            await frame.locator('tim-conversation-item').first().waitFor();
        });
        after(() => page.context().close());

        it('shows the widget in Simplified Chinese with times in the user’s time zone', async () => {
            assert.equal(await frame.locator('tim-status-bar .label').innerText(), '聊天：已连接');
            assert.equal(await frame.getByLabel('筛选会话').getAttribute('placeholder'), '按个案、主题或客户筛选');
            assert.equal(await widget.evaluate(() => document.documentElement.lang), 'zh-CN');
            // Case 3's last message was 2026-11-19 09:00 UTC: 11月19日 in Shanghai.
            assert.equal(
                await frame
                    .locator('tim-conversation-item button', { hasText: '00001003' })
                    .locator('.time')
                    .innerText(),
                '11月19日',
            );
            await audit(widget, 'zh-CN list');
            await frame.locator('tim-conversation-item button').first().click();
            await frame.getByText('你加入之前的消息').waitFor();
            assert.equal(await frame.getByRole('button', { name: '打开个案' }).count(), 1);
            assert.equal(await frame.getByRole('button', { name: '发送' }).count(), 1);
            assert.equal(await frame.getByRole('region', { name: '消息记录' }).count(), 1);
            await audit(widget, 'zh-CN thread');
        });
    });
});
