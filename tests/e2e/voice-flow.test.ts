/**
 * End-to-end, voice: the sandbox console's phone in real Chromium. The utility item is the SHIPPED tim_phone_bar
 * (Aura controller/helper over the Aura stand-in) loading the committed tim_voice static resource, which frames the
 * relay's agent phone page from the other loopback name (so the postMessage origin checks are real); the page loads
 * the fake TCCC agent SDK with the login the relay got from the fake TCCC API. Calls are placed with the sandbox's
 * call control, as a caller would dial the agent's seat.
 *
 *   a call from a known number pops its Contact's open case; the agent answers; the caller hangs up → the Case
 *   shows the call log (ringing, answered, ended with ring and talk time);
 *   a call from an unknown number creates a Case (Origin Phone, the caller's number) with the log;
 *   a number two contacts share shows the choice; the agent picks one → a new Case linked to that contact.
 *
 * Run: npm run test:e2e  (screenshots → test-results/screenshots/e2e-voice-*.png; with UPDATE_SCREENSHOTS=1 →
 * docs/images/)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import type { Sandbox } from '../../scripts/sandbox/sandbox.js';
import { VOICE_DEMO } from '../../scripts/sandbox/voice-demo.js';
import { launchChromium } from '../support/chromium.js';
import { screenshotDir, startSandbox, waitFor, watchedPage } from '../support/sandbox.js';

let browser: Browser;
let sandbox: Sandbox;
let baseUrl: string;
let closeApp: () => Promise<void>;
let page: Page;
let IMAGES: string;
const problems: string[] = [];

const alice = () => sandbox.agents[0]!;
const phoneFrame = (): FrameLocator => page.frameLocator('#phone-utility iframe');

/** Dials the agent from `from` with the console's call simulator; the call's TCCC session id. */
async function dial(from: string): Promise<string> {
    await page.locator('#call-from').fill(from);
    await page.locator('#call-place').click();
    const text = await waitFor('the call to ring', async () => {
        const t = await page.locator('#call-result').innerText();
        return /Ringing \(session /.test(t) ? t : null;
    });
    return /session ([^)]+)\)/.exec(text)![1]!;
}

async function control(pathname: string, body: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${baseUrl}${pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
    });
    assert.ok(res.ok, `${pathname}: HTTP ${res.status} ${await res.text()}`);
}

/** The case the console shows as popped by the phone. */
async function poppedCaseId(): Promise<string> {
    return waitFor('a popped case', async () => {
        const id = await page.locator('#popped-record .popped-case').getAttribute('data-case-id', { timeout: 200 });
        return id || null;
    });
}

async function callLogTypes(caseId: string, expected: string[]): Promise<string[]> {
    return waitFor(`call log ${expected.join(', ')} on ${caseId}`, async () => {
        const shown = await page.locator('#popped-record .popped-case').getAttribute('data-case-id', { timeout: 200 });
        if (shown !== caseId) return null;
        const types = await page
            .locator('#popped-record tr[data-event-type]')
            .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-event-type') ?? ''));
        return expected.every((t) => types.includes(t)) ? types : null;
    });
}

function engagementRows(caseId: string): Array<Record<string, unknown>> {
    return sandbox.salesforce
        .records('Tim_Engagement__c')
        .filter((r) => typeof r.Case__c === 'string' && caseId.startsWith(r.Case__c.slice(0, 15)));
}

before(async () => {
    IMAGES = await screenshotDir();
    ({ sandbox, baseUrl, close: closeApp } = await startSandbox());
    browser = await launchChromium();
    ({ page } = await watchedPage(browser, { viewport: { width: 1400, height: 900 }, problems }));
    await page.goto(`${baseUrl}/sandbox/console?agent=${encodeURIComponent(alice().userId)}`);
    await waitFor('the phone to be ready', async () =>
        (await page.locator('#phone-utility .tim-phone-status').innerText()).includes('Phone ready'),
    );
});

after(async () => {
    await browser?.close();
    await closeApp?.();
});

test('the phone page is framed from the relay on another origin, with no token in its URL', async () => {
    const src = await page.locator('#phone-utility iframe').getAttribute('src');
    assert.ok(src, 'framed');
    const pageOrigin = new URL(baseUrl).origin;
    assert.notEqual(new URL(src, baseUrl).origin, pageOrigin, 'cross-origin to the console');
    assert.match(src, /\/voice\/phone\?ticket=/);
    assert.doesNotMatch(src, /token=/i);
});

test('a call from a known number pops its contact’s open case and leaves the call log on it', async () => {
    const d = VOICE_DEMO.knownCaller;
    const contact = sandbox.salesforce.records('Contact').find((c) => c.LastName === d.last)!;
    const openCase = sandbox.salesforce
        .records('Case')
        .find((c) => c.ContactId === contact.Id && c.Subject === VOICE_DEMO.knownCaseSubject)!;
    const casesBefore = sandbox.salesforce.records('Case').length;

    const sessionId = await dial(d.dial);
    const caseId = await poppedCaseId();
    assert.equal(caseId, openCase.Id, 'the contact’s only open case');
    assert.equal(await page.locator('#popped-record [data-field="contact"] td').innerText(), `${d.first} ${d.last}`);
    await callLogTypes(caseId, ['Call Ringing']);
    assert.equal(await page.locator('#phone-utility-label').getAttribute('data-highlighted'), 'true', 'ringing');
    await page.screenshot({ path: path.join(IMAGES, 'e2e-voice-1-known-caller.png') });

    // the agent answers in the TCCC phone, then the caller hangs up
    await phoneFrame().locator('[data-tccc="answer"]').click();
    await callLogTypes(caseId, ['Call Ringing', 'Call Answered']);
    assert.equal(await page.locator('#phone-utility-label').getAttribute('data-highlighted'), 'false');
    await control(`/sandbox/api/voice/calls/${encodeURIComponent(sessionId)}/end`, { closeBy: 'client' });
    const types = await callLogTypes(caseId, ['Call Ringing', 'Call Answered', 'Call Ended']);
    assert.deepEqual(types, ['Call Ringing', 'Call Answered', 'Call Ended'], 'oldest first');
    const ended = await page.locator('#popped-record tr[data-event-type="Call Ended"]').innerText();
    assert.match(ended, /Talk time \d+ s; ring time \d+ s; ended by the caller/);
    assert.match(ended, new RegExp(`TCCC session ${sessionId}`));
    await page.screenshot({ path: path.join(IMAGES, 'e2e-voice-2-call-log.png') });

    // on the Case in Salesforce: one row per event, keyed by the TCCC session, by Alice
    const rows = engagementRows(caseId);
    assert.deepEqual(rows.map((r) => r.Event_Type__c).sort(), ['Call Answered', 'Call Ended', 'Call Ringing']);
    assert.ok(rows.every((r) => String(r.External_Id__c).includes(sessionId)));
    assert.ok(rows.every((r) => String(r.User__c).slice(0, 15) === alice().userId.slice(0, 15)));
    assert.equal(sandbox.salesforce.records('Case').length, casesBefore, 'no case created');
    assert.deepEqual(problems, []);
});

test('a call from an unknown number creates a phone case with the caller’s number and logs the call', async () => {
    const before = new Set(sandbox.salesforce.records('Case').map((c) => c.Id));
    const sessionId = await dial(VOICE_DEMO.unknownDial);
    const caseId = await waitFor('a new case', async () => {
        const id = await poppedCaseId();
        return before.has(id) ? null : id;
    });
    const c = sandbox.salesforce.getRecord('Case', caseId)!;
    assert.equal(c.Origin, 'Phone');
    assert.equal(c.SuppliedPhone, VOICE_DEMO.unknownDial);
    assert.equal(c.ContactId, null);
    assert.equal(c.Subject, `Call from ${VOICE_DEMO.unknownDial}`);
    await callLogTypes(caseId, ['Call Ringing']);
    // nobody answers; the caller gives up
    await control(`/sandbox/api/voice/calls/${encodeURIComponent(sessionId)}/end`, { closeBy: 'client' });
    await callLogTypes(caseId, ['Call Ringing', 'Call Ended']);
    assert.match(
        await page.locator('#popped-record tr[data-event-type="Call Ended"]').innerText(),
        /Not answered \(rang \d+ s\); ended by the caller/,
    );
    assert.deepEqual(problems, []);
});

test('a number two contacts share shows the choice; the pick gets a new case linked to that contact', async () => {
    const [priya] = VOICE_DEMO.household;
    const priyaId = sandbox.salesforce.records('Contact').find((c) => c.FirstName === priya.first)!.Id as string;
    const before = new Set(sandbox.salesforce.records('Case').map((c) => c.Id));
    const sessionId = await dial(VOICE_DEMO.householdDial);
    const choices = page.locator('#phone-utility .tim-phone-choice');
    await waitFor('the choice list', async () => (await choices.count()) === 3);
    assert.deepEqual(await choices.allInnerTexts(), ['Arjun Raman', 'Priya Raman', 'New case without a contact']);
    assert.match(await page.locator('#phone-utility .tim-phone-choice-title').innerText(), /Several contacts/);
    await page.screenshot({ path: path.join(IMAGES, 'e2e-voice-3-choice.png') });
    await choices.filter({ hasText: 'Priya Raman' }).click();

    const caseId = await waitFor('the new case for the pick', async () => {
        const id = await poppedCaseId();
        return before.has(id) ? null : id;
    });
    const c = sandbox.salesforce.getRecord('Case', caseId)!;
    assert.equal(c.ContactId, priyaId);
    assert.equal(c.Origin, 'Phone');
    assert.equal(c.SuppliedPhone, VOICE_DEMO.householdDial);
    assert.equal(await choices.count(), 0, 'the choice is gone');
    await callLogTypes(caseId, ['Call Ringing']);
    await control(`/sandbox/api/voice/calls/${encodeURIComponent(sessionId)}/end`, { closeBy: 'client' });
    await callLogTypes(caseId, ['Call Ringing', 'Call Ended']);
    assert.deepEqual(problems, []);
});
