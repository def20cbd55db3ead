/**
 * End-to-end: the whole product on one machine, in real Chromium (playwright-core + Debian chromium).
 * The sandbox relay runs in-process on port 0 with the demo pages; the widget is the committed tim_bar bundle.
 *
 *   customer opens a ticket and writes → Alice is made owner in her console → she sees the earlier messages
 *   (backfill) in the widget and replies → the customer sees the reply → the case goes to Bob: Alice loses the
 *   conversation live (no reload), Bob gets it with the full history → the case is closed: transcript on the Case,
 *   group muted, Bob's widget and the customer page read-only → the customer rates the chat (stars and a comment on
 *   the rating request) → Bob's console shows the rating, the chat timings and the engagement timeline.
 * The agents' widgets run the shipped tim_bar with the real Tencent Web SDK against the fake's SDK gateway (the
 *   relay hands out proxyServer / fileUploadProxy / fileDownloadProxy with the session).
 * A second case: the agent attaches an image and a file in the widget's composer → the SDK uploads them to the fake's
 *   file store (fileUploadProxy), they show in the agent's thread and on the customer page (fileDownloadProxy).
 * A third: a second login of the same agent kicks the first widget out; close with Dismiss, reopen (group recreated),
 *   delete — the customer page (real SDK too) follows each step.
 * The consoles run the shipped Aura controller/helper over the Aura stand-in (scripts/sandbox/aura-stand-in/).
 *
 * Run: npm run test:e2e  (screenshots → test-results/screenshots/e2e-*.png; with UPDATE_SCREENSHOTS=1, i.e.
 * `npm run screenshots`, → docs/images/e2e-*.png, the pictures committed with the docs)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import path from 'node:path';
import {
    type Browser,
    type BrowserContext,
    type Frame,
    type FrameLocator,
    type Locator,
    type Page,
} from 'playwright-core';
import type { Sandbox } from '../../scripts/sandbox/sandbox.js';
import { launchChromium } from '../support/chromium.js';
import { WAIT_MS, screenshotDir, startSandbox, waitFor, watchedPage } from '../support/sandbox.js';

const CONSOLE_VIEWPORT = { width: 1280, height: 800 };
const PHONE_VIEWPORT = { width: 390, height: 760 };

let browser: Browser;
let sandbox: Sandbox;
let baseUrl: string;
let closeApp: () => Promise<void>;
const problems: string[] = [];
let IMAGES: string;

function newPage(
    viewport: { width: number; height: number },
    who: string,
): Promise<{ context: BrowserContext; page: Page }> {
    return watchedPage(browser, { viewport, who, problems });
}

async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(IMAGES, `${name}.png`) });
}

function widgetFrame(page: Page): FrameLocator {
    return page.frameLocator('#widget');
}

/** The widget's frame (for evaluating text). */
async function widget(page: Page): Promise<Frame> {
    return waitFor('the widget frame', () =>
        page.frames().find((f) => f.url().includes('/sandbox/tim_bar/index.html')),
    );
}

async function widgetText(page: Page): Promise<string> {
    const f = await widget(page);
    return f.locator('body').innerText();
}

/**
 * The utility item as the shipped Aura helper set it through the utilityBarAPI stand-in: the admin's label plus
 * " (n)" for n unread, highlighted while n > 0.
 */
async function utilityLabel(page: Page, text: string, highlighted: boolean): Promise<void> {
    await waitFor(`utility label "${text}" (highlighted: ${String(highlighted)})`, async () => {
        const label = page.locator('#utility-label');
        return (
            (await label.innerText()).trim() === text &&
            (await label.getAttribute('data-highlighted')) === String(highlighted)
        );
    });
}

async function syncEntries(page: Page): Promise<string[]> {
    return page.locator('#sync-log > li').allInnerTexts();
}

/** A tiny valid PNG (RGBA, one colour per pixel), built here so the test needs no fixture file. */
function makePng(width: number, height: number): Buffer {
    const crcTable = Array.from({ length: 256 }, (_, n) => {
        let c = n;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        return c >>> 0;
    });
    const crc32 = (b: Buffer): number => {
        let c = 0xffffffff;
        for (const byte of b) c = (crcTable[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
        return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type: string, data: Buffer): Buffer => {
        const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
        const len = Buffer.alloc(4);
        len.writeUInt32BE(data.length);
        const crc = Buffer.alloc(4);
        crc.writeUInt32BE(crc32(body));
        return Buffer.concat([len, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
    const rows: number[] = [];
    for (let y = 0; y < height; y++) {
        rows.push(0); // filter: none
        for (let x = 0; x < width; x++) rows.push((x * 80) & 0xff, (y * 120) & 0xff, 200, 255);
    }
    return Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk('IHDR', ihdr),
        chunk('IDAT', deflateSync(Buffer.from(rows))),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}

/** The natural size of a loaded <img> (null while it is not loaded or failed to decode). */
async function loadedImageSize(img: Locator): Promise<{ width: number; height: number } | null> {
    return img.evaluate((el) => {
        const i = el as HTMLImageElement;
        return i.complete && i.naturalWidth > 0 ? { width: i.naturalWidth, height: i.naturalHeight } : null;
    });
}

before(async () => {
    IMAGES = await screenshotDir();
    ({ sandbox, baseUrl, close: closeApp } = await startSandbox({ env: { TICKET_RATE_LIMIT_PER_MINUTE: '1000' } }));
    browser = await launchChromium();
});

after(async () => {
    await browser?.close();
    await closeApp?.();
});

test('customer ↔ agents, reassignment and close, on one machine', async (t) => {
    /** Timings through the real SDK in the sandbox (reported as test diagnostics). */
    const measured = (what: string, since: number): void => t.diagnostic(`measured ${what}: ${Date.now() - since} ms`);
    const alice = sandbox.agents.find((a) => a.name === 'Alice Agent');
    const bob = sandbox.agents.find((a) => a.name === 'Bob Agent');
    assert.ok(alice && bob, 'seeded agents Alice and Bob');

    // ---- 1. The customer opens a ticket and writes ------------------------------------------------
    const { page: customer } = await newPage(PHONE_VIEWPORT, 'customer');
    const customerSockets: string[] = [];
    customer.on('websocket', (ws) => customerSockets.push(new URL(ws.url()).pathname));
    await customer.goto(`${baseUrl}/sandbox/customer`);
    await customer.fill('input[name=name]', 'Ada Lovelace');
    await customer.fill('input[name=email]', 'ada@example.com');
    await customer.fill('input[name=subject]', 'Cannot log in');
    await customer.fill('textarea[name=message]', 'Hello, I cannot log in since this morning.');
    await customer.click('#ticket-submit');
    await customer.locator('#chat-view').waitFor({ state: 'visible', timeout: WAIT_MS });
    const caseId = await waitFor('the case id on the chat view', () =>
        customer.locator('#chat-view').getAttribute('data-case-id'),
    );
    assert.match(caseId, /^500[A-Za-z0-9]{15}$/);
    await customer.locator('#chat-conn[data-state=connected]').waitFor({ timeout: WAIT_MS });
    await customer
        .locator('#chat-messages li[data-seq="1"]', { hasText: 'Hello, I cannot log in since this morning.' })
        .waitFor({ timeout: WAIT_MS });
    const caseRecord = sandbox.salesforce.getRecord('Case', caseId);
    // The customer page chats through the real Web SDK (the shipped tencent-sdk.js), logged in with the ticket's
    // UserSig at the ticket's proxyServer (the gateway), like a customer's app.
    assert.equal(await customer.evaluate(() => typeof (window as { TimTencentSdk?: unknown }).TimTencentSdk), 'object');
    assert.ok(sandbox.tencent.isOnline(String(caseRecord?.['Chat_Customer_Id__c'])), 'the customer is online');
    assert.ok(
        customerSockets.length > 0 && customerSockets.every((p) => p === '/sandbox/tencent/binfo'),
        `the customer's sockets go to the SDK gateway only: ${customerSockets.join(', ')}`,
    );
    assert.equal(caseRecord?.['Subject'], 'Cannot log in');
    assert.equal(caseRecord?.['Chat_Group_Id__c'], caseId);
    await shot(customer, 'e2e-01-customer-ticket');

    // ---- 2. Alice's console: she becomes the owner ------------------------------------------------
    const { page: aliceConsole } = await newPage(CONSOLE_VIEWPORT, 'alice');
    const consoleOpened = Date.now();
    await aliceConsole.goto(`${baseUrl}/sandbox/console?agent=${alice.userId}`);
    const aliceRow = aliceConsole.locator(`tr[data-case-id="${caseId}"]`);
    await aliceRow.waitFor({ timeout: WAIT_MS });
    // The widget signs in through the host (needSession → relay session → sandbox endpoint).
    await waitFor(
        "Alice's widget signed in",
        async () =>
            (await widgetText(aliceConsole)).includes('No conversations') ||
            (await widget(aliceConsole)).locator('tim-conversation-list').count(),
    );
    measured('console opened → widget signed in (session, SDK login, SDK ready, list)', consoleOpened);
    const assigned = Date.now();
    await aliceRow.locator('select.owner').selectOption(alice.userId);
    await aliceConsole
        .locator(`tr[data-case-id="${caseId}"][data-owner-id="${alice.userId}"]`)
        .waitFor({ timeout: WAIT_MS });
    const firstSync = await waitFor('the owner-change sync in the log', async () =>
        (await syncEntries(aliceConsole)).find((t) => t.includes('Owner of') && t.includes('Alice Agent')),
    );
    assert.match(firstSync, /→ open; agents wanted: Alice Agent; added: Alice Agent; removed: —/);
    assert.deepEqual(
        sandbox.tencent
            .getGroup(caseId)
            ?.members.map((m) => m.account)
            .sort(),
        [alice.userId, String(caseRecord?.['Chat_Customer_Id__c'])].sort(),
    );
    // Alice's widget lists the conversation (groupJoined) with case number, subject and customer from the group
    // profile the relay set; the customer's waiting first message counts as unread for her, and the customer
    // writes again: two unread on the utility label.
    await waitFor("the case in Alice's widget list", async () =>
        (await widget(aliceConsole)).locator('tim-conversation-item').count(),
    );
    measured('assignment (owner change) → conversation in the widget', assigned);
    const listed = await (await widget(aliceConsole)).locator('tim-conversation-item button').first().innerText();
    assert.match(
        listed,
        new RegExp(`${String(caseRecord?.['CaseNumber'])}[\\s\\S]*Cannot log in[\\s\\S]*Ada Lovelace`),
    );
    await customer.fill('#chat-input', 'Is anyone there? <b>not bold</b>');
    const customerSent = Date.now();
    await customer.click('#chat-send');
    await customer.locator('#chat-messages li[data-seq="2"]').waitFor({ timeout: WAIT_MS });
    assert.equal(await customer.locator('#chat-messages b').count(), 0, 'customer text is rendered as text');
    await utilityLabel(aliceConsole, 'Case chat (2)', true);
    measured('customer send → unread badge in the agent console', customerSent);
    await shot(aliceConsole, 'e2e-02-console-assigned');

    // ---- 3. She opens the case: the widget shows the earlier message (backfill through the host) --------
    await aliceRow.locator('td').nth(1).click();
    await aliceConsole.locator(`tr.selected[data-case-id="${caseId}"]`).waitFor({ timeout: WAIT_MS });
    const aliceWidget = widgetFrame(aliceConsole);
    await aliceWidget
        .locator('article', { hasText: 'Hello, I cannot log in since this morning.' })
        .waitFor({ timeout: WAIT_MS });
    await aliceWidget.locator('article', { hasText: 'Is anyone there? <b>not bold</b>' }).waitFor({ timeout: WAIT_MS });
    await aliceWidget.getByText('Messages before you joined').waitFor({ timeout: WAIT_MS });
    assert.equal(await aliceWidget.locator('article b').count(), 0, 'widget renders text as text');
    await utilityLabel(aliceConsole, 'Case chat', false);
    const hostLog = (
        await aliceConsole.evaluate(
            () => (window as unknown as { __hostLog: Array<{ dir: string; type: string }> }).__hostLog,
        )
    ).map((e) => `${e.dir}:${e.type}`);
    for (const expected of [
        'in:needSession',
        'out:session',
        'out:focusCase',
        'in:needHistory',
        'out:history',
        'in:unread',
    ])
        assert.ok(hostLog.includes(expected), `host log has ${expected}: ${hostLog.join(' ')}`);
    await shot(aliceConsole, 'e2e-03-widget-backfill');

    // ---- 4. Alice replies; the customer sees it ---------------------------------------------------
    const reply = 'Hi Ada, I am looking at your case now.';
    await aliceWidget.locator('textarea.box').fill(reply);
    const agentSent = Date.now();
    await aliceWidget.locator('button.send').click();
    await customer.locator('#chat-messages li[data-from="support"]', { hasText: reply }).waitFor({ timeout: WAIT_MS });
    measured('agent send (widget, real SDK) → shown on the customer page', agentSent);
    await waitFor('the reply confirmed in the widget', async () => {
        const messages = sandbox.tencent.groupMessages(caseId);
        return messages.some(
            (m) => m.from === alice.userId && m.elements.some((e) => e.type === 'text' && e.text === reply),
        );
    });
    await shot(aliceConsole, 'e2e-04-agent-reply');
    await shot(customer, 'e2e-05-customer-sees-reply');

    // ---- 5. Reassigned to Bob: Alice loses the conversation, Bob gets it with the full history --------
    const { page: bobConsole } = await newPage(CONSOLE_VIEWPORT, 'bob');
    await bobConsole.goto(`${baseUrl}/sandbox/console?agent=${bob.userId}`);
    await bobConsole.locator(`tr[data-case-id="${caseId}"]`).waitFor({ timeout: WAIT_MS });
    await waitFor("Bob's widget signed in", async () =>
        (await widget(bobConsole)).locator('tim-conversation-list').count(),
    );
    // Bob cannot read the history before he has access (Apex enforces the agent's access to the Case).
    const denied = await bobConsole.evaluate(
        async ([agent, id]) =>
            (
                await fetch('/sandbox/api/console/history', {
                    method: 'POST',
                    headers: { 'content-type': 'application/json' },
                    body: JSON.stringify({ agent, caseId: id, beforeSeq: null }),
                })
            ).status,
        [bob.userId, caseId],
    );
    assert.equal(denied, 403);

    // Mark Alice's widget document: it must drop the conversation live, not by being reloaded.
    await (
        await widget(aliceConsole)
    ).evaluate(() => {
        (window as unknown as { __e2eSameDocument: boolean }).__e2eSameDocument = true;
    });
    await aliceRow.locator('select.owner').selectOption(bob.userId);
    const reassign = await waitFor('the reassignment sync', async () =>
        (await syncEntries(aliceConsole)).find((t) => t.includes('Bob Agent') && t.includes('removed: Alice Agent')),
    );
    assert.match(reassign, /agents wanted: Bob Agent; added: Bob Agent; removed: Alice Agent/);
    assert.ok(
        !sandbox.tencent.getGroup(caseId)?.members.some((m) => m.account === alice.userId),
        'Alice left the group',
    );
    await waitFor("the conversation gone from Alice's widget", async () => {
        const f = await widget(aliceConsole);
        return (
            (await f.locator('tim-conversation-item').count()) === 0 &&
            (await f.locator('tim-conversation-view').count()) === 0
        );
    });
    assert.equal(
        await (
            await widget(aliceConsole)
        ).evaluate(() => (window as unknown as { __e2eSameDocument?: boolean }).__e2eSameDocument === true),
        true,
        "Alice's widget dropped the conversation live (same document, no reload)",
    );
    // She had it open: the widget went back to the list and says why.
    await aliceWidget
        .locator('tim-banner', {
            hasText: 'You are no longer in this conversation — the case was reassigned or closed.',
        })
        .waitFor({ timeout: WAIT_MS });
    await aliceWidget.locator('tim-conversation-list').waitFor({ timeout: WAIT_MS });
    await utilityLabel(aliceConsole, 'Case chat', false);
    await shot(aliceConsole, 'e2e-06-alice-after-reassign');

    await bobConsole
        .locator(`tr[data-case-id="${caseId}"][data-owner-id="${bob.userId}"]`)
        .waitFor({ timeout: WAIT_MS });
    await waitFor("the case in Bob's widget list", async () =>
        (await widget(bobConsole)).locator('tim-conversation-item').count(),
    );
    await bobConsole.locator(`tr[data-case-id="${caseId}"] td`).nth(1).click();
    const bobWidget = widgetFrame(bobConsole);
    for (const text of ['Hello, I cannot log in since this morning.', 'Is anyone there? <b>not bold</b>', reply]) {
        await bobWidget.locator('article', { hasText: text }).waitFor({ timeout: WAIT_MS });
    }
    await shot(bobConsole, 'e2e-07-bob-full-history');

    // ---- 6. Bob closes the case: transcript first, then the group is muted ---------------------------
    await bobConsole.locator(`tr[data-case-id="${caseId}"] button[data-action=close]`).click();
    const closing = await waitFor('the close sync', async () =>
        (await syncEntries(bobConsole)).find((t) => t.includes('Closed ')),
    );
    assert.match(closing, /Transcript of \d+ archived first \(3 messages\)/);
    assert.match(closing, /→ muted; agents wanted: Bob Agent/);
    const closedCase = sandbox.salesforce.getRecord('Case', caseId);
    assert.equal(closedCase?.['Status'], 'Closed');
    assert.ok(closedCase?.['Chat_Transcript_Archived_At__c'], 'Chat_Transcript_Archived_At__c is set');
    const files = sandbox.salesforce.records('ContentVersion').filter((r) => r['FirstPublishLocationId'] === caseId);
    assert.equal(files.length, 1, 'one transcript file on the case');
    const transcript = Buffer.from(String(files[0]?.['VersionData']), 'base64').toString('utf8');
    assert.match(
        transcript,
        new RegExp(`^Chat transcript of case ${String(closedCase?.['CaseNumber'])} \\(group ${caseId}\\)`),
    );
    assert.match(transcript, /Messages: 3\n/);
    assert.match(transcript, /Ada Lovelace \(cust_[0-9a-f]+\): Hello, I cannot log in since this morning\./);
    assert.match(transcript, /Ada Lovelace \(cust_[0-9a-f]+\): Is anyone there\? <b>not bold<\/b>/);
    assert.ok(transcript.includes(`Alice Agent (${alice.userId}): ${reply}`), transcript);
    assert.equal(files[0]?.['PathOnClient'], `chat-transcript-${String(closedCase?.['CaseNumber'])}.txt`);
    const group = sandbox.tencent.getGroup(caseId);
    assert.equal(group?.muteAll, true, 'group muted (default close action Mute)');
    assert.equal(group?.dismissed, false);
    // The transcript is linked from the console and readable through the inspection route.
    const link = bobConsole.locator(`tr[data-case-id="${caseId}"] a.transcript-link`);
    await link.waitFor({ timeout: WAIT_MS });
    const linked = await bobConsole.evaluate(
        async (href) => (await fetch(href)).text(),
        String(await link.getAttribute('href')),
    );
    assert.equal(linked, transcript);
    // Bob's widget keeps the history readable but the case is read-only now.
    const bobComposer = bobWidget.locator('tim-composer');
    await bobComposer
        .locator('.note', { hasText: 'This case is closed — the conversation is read-only.' })
        .waitFor({ timeout: WAIT_MS });
    assert.equal(await bobComposer.locator('textarea.box').isDisabled(), true);
    assert.equal(await bobComposer.locator('button.send').isDisabled(), true);
    for (const text of ['Hello, I cannot log in since this morning.', reply])
        assert.ok(await bobWidget.locator('article', { hasText: text }).isVisible(), `history still shows: ${text}`);
    await shot(bobConsole, 'e2e-08-console-closed');

    // The customer is told, and can no longer write.
    await customer.locator('#chat-banner', { hasText: 'Support closed this case' }).waitFor({ timeout: WAIT_MS });
    await customer.locator('#chat-view[data-closed="muted"]').waitFor({ timeout: WAIT_MS });
    assert.equal(await customer.locator('#chat-input').isDisabled(), true);
    assert.equal(await customer.locator('#chat-send').isDisabled(), true);
    await shot(customer, 'e2e-09-customer-closed');

    // ---- 7. The customer rates the chat; Bob's console shows the rating and the engagement timeline ----
    // The relay posted the rating request (admin account, passes the mute) after the transcript; the page renders
    // it as stars and a comment and answers POST /v1/ratings with the request's one-time token.
    const rating = customer.locator(`#chat-messages .rating[data-rating-case="${caseId}"]`);
    await rating.locator('.rating-star[data-score="4"]').click();
    assert.equal(await rating.locator('.rating-star[aria-pressed="true"]').count(), 4);
    const comment = 'Quick and friendly <i>thanks</i>';
    await rating.locator('textarea.rating-comment').fill(comment);
    const rated = Date.now();
    await rating.locator('button.rating-submit').click();
    await rating
        .locator('.rating-thanks', { hasText: 'Thank you! You rated this chat 4 of 5.' })
        .waitFor({ timeout: WAIT_MS });
    const ratedCase = sandbox.salesforce.getRecord('Case', caseId);
    assert.equal(ratedCase?.['Chat_CSAT_Score__c'], 4);
    assert.equal(ratedCase?.['Chat_CSAT_Comment__c'], comment);

    // Bob has the case selected: the panel below the list reads the Case fields and Tim_Engagement__c.
    const panel = bobConsole.locator(`#case-engagement .engagement[data-case-id="${caseId}"]`);
    await panel.locator('.engagement-rating[data-score="4"]').waitFor({ timeout: WAIT_MS });
    measured('rating sent → shown in the console', rated);
    const ratingText = await panel.locator('.engagement-rating').innerText();
    assert.match(ratingText, /★★★★☆ 4 of 5/);
    assert.ok(ratingText.includes(comment), `the comment is shown as text: ${ratingText}`);
    assert.equal(await panel.locator('.engagement-rating i').count(), 0, 'the comment is rendered as text');
    const eventTypes = await waitFor('the Rating Received event in the timeline', async () => {
        const types = await panel
            .locator('tr[data-event-type]')
            .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.eventType ?? ''));
        return types.includes('Rating Received') ? types : null;
    });
    // In time order: each of these appears, and after the one before it.
    const story = ['Ticket Created', 'Assigned', 'Agent Joined', 'First Response', 'Closed', 'Rating Received'];
    const positions = story.map((type) => eventTypes.indexOf(type));
    assert.ok(
        positions.every((p, i) => p >= 0 && (i === 0 || p > (positions[i - 1] as number))),
        `timeline in order: ${eventTypes.join(', ')}`,
    );
    assert.ok(eventTypes.includes('Reassigned'), `the move to Bob is logged: ${eventTypes.join(', ')}`);
    const firstResponse = panel.locator('tr[data-event-type="First Response"]');
    assert.match(await firstResponse.innerText(), /Alice Agent/);
    const closedRow = await panel.locator('tr[data-event-type="Closed"]').innerText();
    assert.match(closedRow, /Reassigned \(\d+ (s|min \d+ s)\)/, `time in the previous state: ${closedRow}`);
    assert.match(
        await panel.locator('tr[data-timing="first-response"]').innerText(),
        /First response\s+\d+ (s|min \d+ s) \(at /,
    );
    assert.match(await panel.locator('tr[data-timing="counts"]').innerText(), /customer 2 · agents 1/);
    // The route validates its input.
    const badRequests = await bobConsole.evaluate(
        async ([agent, id]) =>
            Promise.all(
                [
                    `/sandbox/api/console/cases/not-a-case/engagement?agent=${agent}`,
                    `/sandbox/api/console/cases/${id}/engagement?agent=005000000000000BAD`,
                    `/sandbox/api/console/cases/500000000000000AAA/engagement?agent=${agent}`,
                ].map(async (u) => (await fetch(u)).status),
            ),
        [bob.userId, caseId],
    );
    assert.deepEqual(badRequests, [400, 400, 404]);
    await panel.scrollIntoViewIfNeeded();
    await shot(bobConsole, 'e2e-12-console-timeline');

    assert.deepEqual(problems, [], 'no page errors or CSP violations');
});

test('the agent sends an image and a file from the widget through the Web SDK; the customer gets them', async () => {
    const problemsBefore = problems.length;
    // Carol: an agent the first test never signed in (a second sign-in of the same agent would kick the first one).
    const agent = sandbox.agents.find((a) => a.name === 'Carol Supervisor');
    assert.ok(agent, 'seeded agent Carol');
    // Files go through the Web SDK: PUT to the gateway's file store (fileUploadProxy), shown from it (fileDownloadProxy).
    const SDK_FILE_URL = /^http:\/\/127\.0\.0\.1:\d+\/sandbox\/tencent\/sdk-files\/files\/[0-9a-f]{32}(\.[a-z0-9]+)?$/;
    const isUpload = (url: string): boolean => /\/sandbox\/tencent\/sdk-files\/upload\//.test(new URL(url).pathname);

    // ---- Setup: a new ticket, owned by Carol, open in her widget ------------------------------------
    const { page: customer } = await newPage(PHONE_VIEWPORT, 'customer (attachments)');
    await customer.goto(`${baseUrl}/sandbox/customer`);
    await customer.fill('input[name=name]', 'Grace Hopper');
    await customer.fill('input[name=email]', 'grace@example.com');
    await customer.fill('input[name=subject]', 'App crashes on start');
    await customer.fill('textarea[name=message]', 'The app crashes right after the splash screen.');
    await customer.click('#ticket-submit');
    const caseId = await waitFor('the case id on the chat view', () =>
        customer.locator('#chat-view').getAttribute('data-case-id'),
    );
    await customer.locator('#chat-conn[data-state=connected]').waitFor({ timeout: WAIT_MS });
    await customer.locator('#chat-messages li[data-seq="1"]').waitFor({ timeout: WAIT_MS });

    const { page: agentConsole } = await newPage(CONSOLE_VIEWPORT, 'carol');
    const uploads: Array<{ method: string; url: string; status: number }> = [];
    agentConsole.on('response', (r) => {
        if (isUpload(r.url()) && r.request().method() !== 'OPTIONS')
            uploads.push({ method: r.request().method(), url: r.url(), status: r.status() });
    });
    await agentConsole.goto(`${baseUrl}/sandbox/console?agent=${agent.userId}`);
    const row = agentConsole.locator(`tr[data-case-id="${caseId}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    await waitFor("Carol's widget signed in", async () =>
        (await widget(agentConsole)).locator('tim-conversation-list').count(),
    );
    await row.locator('select.owner').selectOption(agent.userId);
    await agentConsole
        .locator(`tr[data-case-id="${caseId}"][data-owner-id="${agent.userId}"]`)
        .waitFor({ timeout: WAIT_MS });
    await waitFor("the case in Carol's widget list", async () =>
        (await widget(agentConsole)).locator('tim-conversation-item').count(),
    );
    await row.locator('td').nth(1).click();
    const w = widgetFrame(agentConsole);
    await w
        .locator('article', { hasText: 'The app crashes right after the splash screen.' })
        .waitFor({ timeout: WAIT_MS });
    const composer = w.locator('tim-composer');
    const imageInput = composer.locator('input[type=file][data-kind=image]');
    const fileInput = composer.locator('input[type=file][data-kind=file]');
    assert.equal(await imageInput.getAttribute('accept'), 'image/*');
    assert.equal(await fileInput.count(), 1);

    // ---- 1. An image: uploaded by the SDK, rendered from the gateway's file store in the agent's thread -
    const png = makePng(3, 2);
    await imageInput.setInputFiles({ name: 'crash-screenshot.png', mimeType: 'image/png', buffer: png });
    // Confirmed by the service: the row is keyed by its seq (`s<n>`), no longer by the client id.
    const agentImage = w.locator('article.msg-mine[data-key^="s"] img.image');
    await agentImage.waitFor({ timeout: WAIT_MS });
    const imageUrl = String(await agentImage.getAttribute('src'));
    assert.match(imageUrl, SDK_FILE_URL, 'the image is served by the fake Tencent file store');
    assert.deepEqual(
        await waitFor('the image loaded in the widget', () => loadedImageSize(agentImage)),
        { width: 3, height: 2 },
        'the widget shows the uploaded PNG',
    );
    // Accepted: its footer gives the read state (Sent / Delivered / Read), never Sending… or Not sent.
    assert.match(
        String(
            await w
                .locator('article.msg-mine', { has: w.locator('img.image') })
                .locator('footer.delivery')
                .getAttribute('data-state'),
        ),
        /^(sent|delivered|read)$/,
        'no Sending…/Not sent label',
    );
    const servedImage = await fetch(imageUrl);
    assert.equal(servedImage.status, 200);
    assert.equal(servedImage.headers.get('content-type'), 'image/png');
    assert.equal(servedImage.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(Buffer.from(await servedImage.arrayBuffer()).equals(png), 'the file store serves the uploaded bytes');

    // ---- 2. A non-image file: uploaded, shown as a link with its name --------------------------------
    const fileName = 'crash log (build 42).txt';
    const fileBytes = Buffer.from(
        'E/AndroidRuntime: FATAL EXCEPTION: main\n  at com.example.App.onCreate(App.kt:12)\n',
        'utf8',
    );
    await fileInput.setInputFiles({ name: fileName, mimeType: 'text/plain', buffer: fileBytes });
    const agentFile = w.locator('article.msg-mine[data-key^="s"] a.attachment', { hasText: fileName });
    await agentFile.waitFor({ timeout: WAIT_MS });
    assert.equal((await agentFile.innerText()).trim(), `File: ${fileName} (${fileBytes.length} B)`);
    const fileUrl = String(await agentFile.getAttribute('href'));
    assert.match(fileUrl, SDK_FILE_URL);
    assert.notEqual(fileUrl, imageUrl);
    assert.match(String(await agentFile.getAttribute('rel')), /\bnoopener\b/);
    const servedFile = await fetch(fileUrl);
    assert.equal(servedFile.status, 200);
    assert.equal(
        servedFile.headers.get('content-type'),
        'application/octet-stream',
        'a text file is never served inline',
    );
    assert.equal(servedFile.headers.get('content-disposition'), 'attachment');
    assert.ok(
        Buffer.from(await servedFile.arrayBuffer()).equals(fileBytes),
        'the sandbox serves the uploaded file bytes',
    );

    // Both went by PUT to the file store (and nothing else did), then into the group as image/file elements whose
    // URLs name the file service (the COS-like origin the proxies stand in for).
    assert.deepEqual(
        uploads.map((u) => `${u.method} ${u.status}`),
        ['PUT 200', 'PUT 200'],
    );
    const sent = sandbox.tencent.groupMessages(caseId).filter((m) => m.from === agent.userId);
    const stored = (u: string) =>
        `https://cos.fake-tencent.invalid${new URL(u).pathname.replace('/sandbox/tencent/sdk-files', '')}`;
    assert.deepEqual(
        sent.map((m) => m.elements.map((e) => ({ type: e.type, url: (e as { url?: string }).url }))),
        [[{ type: 'image', url: stored(imageUrl) }], [{ type: 'file', url: stored(fileUrl) }]],
    );

    // ---- 3. The customer receives them: the image shown, the file as a download link ----------------
    const customerImage = customer.locator('#chat-messages li[data-from="support"] img.image');
    await customerImage.waitFor({ timeout: WAIT_MS });
    assert.equal(await customerImage.getAttribute('src'), imageUrl);
    assert.deepEqual(await waitFor('the image loaded on the customer page', () => loadedImageSize(customerImage)), {
        width: 3,
        height: 2,
    });
    const customerFile = customer.locator('#chat-messages li[data-from="support"] a.file-link');
    await customerFile.waitFor({ timeout: WAIT_MS });
    assert.equal(await customerFile.innerText(), `[File] ${fileName}`);
    assert.equal(await customerFile.getAttribute('href'), fileUrl);
    assert.match(String(await customerFile.getAttribute('rel')), /\bnoopener\b/);
    assert.equal(await customerFile.getAttribute('download'), fileName);
    assert.equal(await customer.locator('#chat-messages li').count(), 3);

    // ---- 4. A text afterwards still reaches the customer ------------------------------------------------
    await composer.locator('textarea.box').fill('Could you send a smaller log?');
    await composer.locator('button.send').click();
    await customer
        .locator('#chat-messages li[data-from="support"]', { hasText: 'Could you send a smaller log?' })
        .waitFor({ timeout: WAIT_MS });
    assert.deepEqual(sandbox.tencent.groupMessages(caseId).at(-1)?.elements, [
        { type: 'text', text: 'Could you send a smaller log?' },
    ]);

    assert.deepEqual(problems.slice(problemsBefore), [], 'no page errors or CSP violations');
});

test('kick-out by a second login, close with dismiss, reopen and delete, on the real SDK on both sides', async (t) => {
    const problemsBefore = problems.length;
    const measured = (what: string, since: number): void => t.diagnostic(`measured ${what}: ${Date.now() - since} ms`);
    const agent = sandbox.agents.find((a) => a.name === 'Alice Agent');
    assert.ok(agent, 'seeded agent Alice');

    // ---- A new ticket ---------------------------------------------------------------------------------
    const { page: customer } = await newPage(PHONE_VIEWPORT, 'customer (lifecycle)');
    await customer.goto(`${baseUrl}/sandbox/customer`);
    await customer.fill('input[name=name]', 'Linus Torvalds');
    await customer.fill('input[name=email]', 'linus@example.com');
    await customer.fill('input[name=subject]', 'Invoice missing');
    await customer.fill('textarea[name=message]', 'I did not get my invoice for November.');
    await customer.click('#ticket-submit');
    const caseId = await waitFor('the case id on the chat view', () =>
        customer.locator('#chat-view').getAttribute('data-case-id'),
    );
    await customer.locator('#chat-conn[data-state=connected]').waitFor({ timeout: WAIT_MS });
    await customer.locator('#chat-messages li[data-seq="1"]').waitFor({ timeout: WAIT_MS });

    // ---- 1. Kick-out: Alice signs in again in a second console; the first widget is signed out -----------
    // (Alice's console from the first test is still open: it is signed out too.)
    const { page: first } = await newPage(CONSOLE_VIEWPORT, 'alice (first window)');
    await first.goto(`${baseUrl}/sandbox/console?agent=${agent.userId}`);
    await waitFor("Alice's first widget signed in", async () =>
        (await widget(first)).locator('tim-conversation-list').count(),
    );
    const { page: alice } = await newPage(CONSOLE_VIEWPORT, 'alice (second window)');
    const secondLogin = Date.now();
    await alice.goto(`${baseUrl}/sandbox/console?agent=${agent.userId}`);
    const firstWidget = widgetFrame(first);
    await firstWidget
        .locator('tim-banner', { hasText: 'You signed in to chat in another window.' })
        .waitFor({ timeout: WAIT_MS });
    measured('second login → first widget kicked out', secondLogin);
    assert.match(await firstWidget.locator('tim-status-bar .label').innerText(), /Signed out/);
    await waitFor("Alice's second widget signed in", async () =>
        (await widget(alice)).locator('tim-conversation-list').count(),
    );
    assert.ok(sandbox.tencent.isOnline(agent.userId), 'Alice is online in the second window');
    await shot(first, 'e2e-10-kicked-by-second-login');

    // ---- 2. Close with dismiss: the group is gone for the agent and the customer ---------------------
    await alice.locator('#close-action').selectOption('Dismiss');
    await waitFor(
        'the close action saved',
        async () => (await alice.locator('#close-action').inputValue()) === 'Dismiss',
    );
    const row = alice.locator(`tr[data-case-id="${caseId}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    await row.locator('select.owner').selectOption(agent.userId);
    await waitFor("the case in Alice's widget list", async () =>
        (await widget(alice)).locator('tim-conversation-item').count(),
    );
    await row.locator('td').nth(1).click();
    const w = widgetFrame(alice);
    await w.locator('article', { hasText: 'I did not get my invoice for November.' }).waitFor({ timeout: WAIT_MS });
    await w.locator('textarea.box').fill('Sending it again now.');
    await w.locator('button.send').click();
    await customer
        .locator('#chat-messages li[data-from="support"]', { hasText: 'Sending it again now.' })
        .waitFor({ timeout: WAIT_MS });

    await alice.locator(`tr[data-case-id="${caseId}"] button[data-action=close]`).click();
    const closing = await waitFor('the close sync', async () =>
        (await syncEntries(alice)).find((e) => e.includes(caseId) && e.includes('→ dismissed')),
    );
    assert.match(closing, /Transcript of \d+ archived first \(2 messages\)/);
    assert.equal(sandbox.tencent.getGroup(caseId)?.dismissed, true, 'group dismissed (close action Dismiss)');
    await waitFor("the conversation gone from Alice's widget", async () => {
        const f = await widget(alice);
        return (await f.locator('tim-conversation-item').count()) === 0;
    });
    await customer.locator('#chat-view[data-closed="dismissed"]').waitFor({ timeout: WAIT_MS });
    await customer.locator('#chat-banner', { hasText: 'This conversation has ended.' }).waitFor({ timeout: WAIT_MS });
    assert.equal(await customer.locator('#chat-input').isDisabled(), true);

    // ---- 3. Reopen: the group is recreated with the earlier conversation; both sides chat again --------
    await alice.locator(`tr[data-case-id="${caseId}"] button[data-action=reopen]`).click();
    const reopening = await waitFor('the reopen sync', async () =>
        (await syncEntries(alice)).find((e) => e.includes(caseId) && e.includes('→ open') && e.includes('recreated')),
    );
    assert.match(reopening, /added: Alice Agent/);
    await waitFor("the case back in Alice's widget list", async () =>
        (await widget(alice)).locator('tim-conversation-item').count(),
    );
    await customer.locator('#chat-view[data-closed=""]').waitFor({ timeout: WAIT_MS });
    assert.equal(await customer.locator('#chat-input').isDisabled(), false);
    await customer.fill('#chat-input', 'Thanks, got it. One more question.');
    await customer.click('#chat-send');
    await customer
        .locator('#chat-messages li[data-from="me"]', { hasText: 'Thanks, got it. One more question.' })
        .waitFor({ timeout: WAIT_MS });
    await alice.locator(`tr[data-case-id="${caseId}"] td`).nth(1).click();
    await w.locator('article', { hasText: 'Thanks, got it. One more question.' }).waitFor({ timeout: WAIT_MS });
    await shot(alice, 'e2e-11-reopened');

    // ---- 4. Delete (click twice): the group is dismissed; the case leaves the console ------------------
    const del = alice.locator(`tr[data-case-id="${caseId}"] button[data-action=delete]`);
    await del.click();
    await alice
        .locator(`tr[data-case-id="${caseId}"] button[data-action=delete]`, { hasText: 'Confirm delete' })
        .click();
    await waitFor('the case gone from the console', async () => (await row.count()) === 0);
    await waitFor('the group dismissed after the delete', () => sandbox.tencent.getGroup(caseId)?.dismissed === true);
    await waitFor("the conversation gone from Alice's widget", async () => {
        const f = await widget(alice);
        return (await f.locator('tim-conversation-item').count()) === 0;
    });
    await customer.locator('#chat-view[data-closed="dismissed"]').waitFor({ timeout: WAIT_MS });

    // Leave the sandbox's close action as the other tests expect it.
    await alice.locator('#close-action').selectOption('Mute');
    await waitFor(
        'the close action restored',
        async () => (await alice.locator('#close-action').inputValue()) === 'Mute',
    );
    assert.deepEqual(problems.slice(problemsBefore), [], 'no page errors or CSP violations');
});
