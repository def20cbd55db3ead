// Quick replies in a real browser: the BUILT tim_bar with the real Tencent Web SDK against the fake's gateway, hosted
// by the SHIPPED tim_utilities_bar helper over the Aura stand-in on the sandbox console, whose c.searchQuickText reads
// the fake Salesforce's seeded Quick Text. Keyboard only: the agent types "/ref", picks a Quick Text with the arrows,
// sees the merge fields resolved for the case, edits and sends.
// Run: npm run build && node --import tsx --test tests/browser/quick-text.test.mjs
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './support/browser.mjs';
import { WAIT, openConsole, startSandbox, until } from './support/sandbox.mjs';

describe('quick replies from Salesforce Quick Text (built tim_bar, shipped Aura helper, sandbox console)', () => {
    let started;
    let sandbox;
    let base;
    let browser;
    let page;
    let frame;
    let alice;
    let ticket;
    const problems = [];

    const box = () => frame.locator('tim-composer textarea.box');
    const optionNames = () => frame.locator('tim-composer li[role="option"] .qt-name').allInnerTexts();
    const aliceSaid = () =>
        sandbox.tencent
            .groupMessages(ticket.groupId)
            .filter((m) => m.from === alice.userId)
            .map((m) => m.elements.map((e) => e.text).join(''));

    before(async () => {
        started = await startSandbox();
        ({ sandbox, base } = started);
        alice = started.agent('Alice Agent');
        ticket = await started.ticket({
            name: 'Grace Hopper',
            email: 'grace@example.com',
            subject: 'Refund',
            message: 'Where is my refund?',
        });
        await started.owner(ticket.caseId, alice, alice.userId);
        browser = await launchBrowser();
        ({ page, frame } = await openConsole(browser, base, alice, { problems, dialogs: problems }));
        await frame.locator('tim-conversation-item').first().waitFor({ timeout: WAIT });
        // the agent opens the case's console tab: the widget opens its conversation
        await page.locator(`tr[data-case-id="${ticket.caseId}"] td`).nth(1).click();
        await frame.locator('article', { hasText: 'Where is my refund?' }).waitFor({ timeout: WAIT });
    });

    after(async () => {
        await browser?.close();
        await started?.close();
    });

    it('"/ref" lists the matching Quick Text by name; arrows move the active option; Enter inserts it resolved, unsent', async () => {
        await box().focus();
        await page.keyboard.type('/ref');
        await until(
            async () => JSON.stringify(await optionNames()) === JSON.stringify(['Refund policy', 'Refund status']),
            'the two refund Quick Texts, by name',
        );
        const options = frame.locator('tim-composer li[role="option"]');
        assert.equal(await box().getAttribute('aria-activedescendant'), await options.nth(0).getAttribute('id'));
        assert.equal(await options.nth(0).getAttribute('aria-selected'), 'true');
        await page.keyboard.press('ArrowDown');
        await until(
            async () =>
                (await box().getAttribute('aria-activedescendant')) === (await options.nth(1).getAttribute('id')),
            'the second option is active',
        );
        assert.match(await options.nth(1).innerText(), /Hi Grace, this is Alice\. The refund for case \d{8}/);
        await page.keyboard.press('Enter');
        const expected = `Hi Grace, this is Alice. The refund for case ${ticket.caseNumber} has been approved and reaches your account within 5 working days.`;
        await until(async () => (await box().inputValue()) === expected, 'the resolved text in the box');
        assert.equal(await frame.locator('tim-composer [role="listbox"]').count(), 0, 'the picker closed');
        assert.deepEqual(aliceSaid(), [], 'nothing was sent by choosing');
        const log = (await page.evaluate(() => window.__hostLog)).map((e) => `${e.dir}:${e.type}`);
        for (const expectedType of ['in:quickTextSearch', 'out:quickTextResults'])
            assert.ok(log.includes(expectedType), `${expectedType} in ${log.join(' ')}`);
    });

    it('the agent edits the inserted text and sends it with Enter', async () => {
        await page.keyboard.press('End');
        await page.keyboard.type(' Thanks for your patience!');
        await page.keyboard.press('Enter');
        const sent = `Hi Grace, this is Alice. The refund for case ${ticket.caseNumber} has been approved and reaches your account within 5 working days. Thanks for your patience!`;
        await until(() => aliceSaid().includes(sent), 'the edited reply reached the group');
        await frame.locator('article', { hasText: 'Thanks for your patience!' }).waitFor({ timeout: WAIT });
        assert.equal(await box().inputValue(), '');
    });

    it('flags a merge field it cannot fill and leaves it visible; Esc closes the picker, not the conversation', async () => {
        await page.keyboard.type('/policy');
        await until(async () => JSON.stringify(await optionNames()) === '["Refund policy"]', 'the policy');
        await frame
            .locator('tim-composer li[role="option"] .qt-flag', { hasText: '{!Case.Owner.Phone}' })
            .waitFor({ timeout: WAIT });
        await page.keyboard.press('Enter');
        await until(async () => (await box().inputValue()).includes('{!Case.Owner.Phone}'), 'field kept as written');
        await frame
            .locator('tim-composer .qt-unresolved', { hasText: 'Fill in before sending: {!Case.Owner.Phone}' })
            .waitFor({ timeout: WAIT });
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Delete');
        await page.keyboard.type('/问候');
        await until(async () => JSON.stringify(await optionNames()) === '["问候（中文）"]', 'the zh-CN Quick Text');
        await page.keyboard.press('Escape');
        await until(async () => (await frame.locator('tim-composer [role="listbox"]').count()) === 0, 'closed');
        assert.equal(await box().inputValue(), '/问候');
        assert.equal(await frame.locator('tim-conversation-view').count(), 1, 'still in the conversation');
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Delete');
        await page.keyboard.type('/none-such');
        await frame.locator('tim-composer .qt-status', { hasText: 'No quick text matches' }).waitFor({ timeout: WAIT });
        assert.equal(aliceSaid().length, 1, 'only the one reply was sent');
    });

    it('ran without page errors or dialogs', () => {
        assert.deepEqual(problems, []);
    });
});
