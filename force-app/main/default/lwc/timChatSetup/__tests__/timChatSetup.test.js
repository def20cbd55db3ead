import { createElement } from 'lwc';
import TimChatSetup, { reduceError } from 'c/timChatSetup';
import getHealth from '@salesforce/apex/TimSetupController.getHealth';
import getOverview from '@salesforce/apex/TimSetupController.getOverview';
import retryFailures from '@salesforce/apex/TimSetupController.retryFailures';
import retryAllOpenFailures from '@salesforce/apex/TimSetupController.retryAllOpenFailures';
import scheduleReconcile from '@salesforce/apex/TimSetupController.scheduleReconcile';
import unscheduleReconcile from '@salesforce/apex/TimSetupController.unscheduleReconcile';
import sendTestSync from '@salesforce/apex/TimSetupController.sendTestSync';
import getMessagingStatus from '@salesforce/apex/TimSetupController.getMessagingStatus';

jest.mock('@salesforce/apex/TimSetupController.getHealth', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/TimSetupController.getOverview', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/TimSetupController.retryFailures', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/TimSetupController.retryAllOpenFailures', () => ({ default: jest.fn() }), {
    virtual: true,
});
jest.mock('@salesforce/apex/TimSetupController.scheduleReconcile', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/TimSetupController.unscheduleReconcile', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/TimSetupController.sendTestSync', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/TimSetupController.getMessagingStatus', () => ({ default: jest.fn() }), { virtual: true });

const HEALTH_OK = {
    reachable: true,
    keyConfigured: true,
    version: '0.1.0',
    sdkAppId: 1400000000,
    mode: 'sandbox',
    statusCode: 200,
    errorCode: null,
    message: null,
};

const MESSAGING_OK = {
    reachable: true,
    configured: true,
    healthy: true,
    tokenOk: true,
    subscriptionRunning: true,
    leaseHeld: true,
    subscriptionLive: true,
    replayStore: 'redis',
    callbacksConfigured: true,
    signCheck: true,
    lastEventAt: '2026-11-20T10:00:00.000Z',
    lastKeepAliveAt: '2026-11-20T10:04:30.000Z',
    lastInboundAt: null,
    handled: 12,
    skipped: 1,
    problems: [],
    statusCode: 200,
    errorCode: null,
    message: null,
    checkedAt: '2026-11-20T10:05:00.000Z',
};

const SETTINGS = {
    syncEnabled: true,
    bypassTriggers: false,
    closeAction: 'Mute',
    archiveTranscript: true,
    maxAttempts: 5,
    retryBaseDelayMinutes: 1,
    reconcileWindowHours: 24,
    syncBatchSize: 50,
};

const FAILURES = [
    {
        id: 'a00000000000001AAA',
        name: 'SF-0002',
        status: 'Open',
        errorCode: 'UPSTREAM_ERROR',
        errorMessage: 'Tencent Chat answered 10004',
        attempts: 5,
        caseCount: 2,
        lastAttemptAt: '2026-11-20T10:00:00.000Z',
    },
    {
        id: 'a00000000000002AAA',
        name: 'SF-0001',
        status: 'Retrying',
        errorCode: null,
        errorMessage: null,
        attempts: 3,
        caseCount: 1,
        lastAttemptAt: null,
    },
];

const UNSCHEDULED = { scheduled: false, defaultCron: '0 15 * * * ?' };
const SCHEDULED = {
    scheduled: true,
    cronExpression: '0 15 * * * ?',
    state: 'WAITING',
    nextFireTime: '2026-11-20T11:15:00.000Z',
    defaultCron: '0 15 * * * ?',
};

function overview(overrides = {}) {
    return {
        settings: SETTINGS,
        settingsRecordExists: true,
        failures: FAILURES,
        schedule: UNSCHEDULED,
        ...overrides,
    };
}

function auraError(message) {
    return { body: { message }, status: 500 };
}

async function flush() {
    for (let i = 0; i < 5; i++) {
        await Promise.resolve();
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
}

function mount() {
    const element = createElement('c-tim-chat-setup', { is: TimChatSetup });
    document.body.appendChild(element);
    return element;
}

const $ = (element, selector) => element.shadowRoot.querySelector(selector);
const $$ = (element, selector) => Array.from(element.shadowRoot.querySelectorAll(selector));

function change(input, value) {
    input.value = value;
    input.dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

describe('c-tim-chat-setup', () => {
    beforeEach(() => {
        getHealth.mockResolvedValue(HEALTH_OK);
        getOverview.mockResolvedValue(overview());
        getMessagingStatus.mockResolvedValue(MESSAGING_OK);
    });

    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    describe('loading and relay health', () => {
        it('shows spinners while loading, then the health facts', async () => {
            let resolveHealth;
            getHealth.mockReturnValue(
                new Promise((resolve) => {
                    resolveHealth = resolve;
                }),
            );
            const element = mount();
            await Promise.resolve();
            expect($(element, '[data-id="health-spinner"]')).not.toBeNull();

            resolveHealth(HEALTH_OK);
            await flush();
            expect($(element, '[data-id="health-spinner"]')).toBeNull();
            expect($(element, '[data-id="reachable"]').label).toBe('Reachable');
            expect($(element, '[data-id="key"]').label).toBe('API key accepted');
            expect($(element, '[data-fact="version"]').textContent).toBe('0.1.0');
            expect($(element, '[data-fact="mode"]').textContent).toBe('sandbox');
            expect($(element, '[data-fact="sdkAppId"]').textContent).toBe('1400000000');
            expect($(element, '[data-id="sandbox-note"]')).not.toBeNull();
            expect(getHealth).toHaveBeenCalledTimes(1);
            expect(getOverview).toHaveBeenCalledTimes(1);
        });

        it('reports a rejected API key with the explanation', async () => {
            getHealth.mockResolvedValue({
                reachable: true,
                keyConfigured: false,
                statusCode: 401,
                errorCode: 'UNAUTHORIZED',
                message: 'Bad API key. Enter the ApiKey parameter.',
            });
            const element = mount();
            await flush();
            expect($(element, '[data-id="reachable"]').label).toBe('Reachable');
            expect($(element, '[data-id="key"]').label).toBe('API key rejected');
            expect($(element, '[data-id="key"]').className).toContain('slds-theme_error');
            expect($(element, '[data-fact="code"]').textContent).toBe('UNAUTHORIZED');
            expect($(element, '[data-id="health-message"]').textContent).toContain('ApiKey');
            expect($(element, '[data-id="sandbox-note"]')).toBeNull();
        });

        it('reports an unreachable relay with an unknown key state', async () => {
            getHealth.mockResolvedValue({
                reachable: false,
                keyConfigured: null,
                statusCode: 0,
                errorCode: 'CALLOUT_FAILED',
                message: 'No answer from the relay.',
            });
            const element = mount();
            await flush();
            expect($(element, '[data-id="reachable"]').label).toBe('Not reachable');
            expect($(element, '[data-id="key"]').label).toBe('API key unknown');
            expect($(element, '[data-fact="status"]').textContent).toBe('no answer');
            expect($(element, '[data-fact="version"]').textContent).toBe('\u2014');
        });

        it('shows the error when the ping call itself fails (no permission)', async () => {
            getHealth.mockRejectedValue(auraError('You need the Tim_Chat_Admin permission set'));
            getOverview.mockRejectedValue(auraError('You need the Tim_Chat_Admin permission set'));
            const element = mount();
            await flush();
            expect($(element, '[data-id="health-error"]').textContent).toContain('Tim_Chat_Admin');
            expect($(element, '[data-id="overview-error"]').textContent).toContain('Tim_Chat_Admin');
            expect($(element, '[data-id="reachable"]')).toBeNull();
            expect($(element, '[data-id="failures"]')).toBeNull();
        });

        it('pings again on "Check again" and reloads everything on "Refresh"', async () => {
            const element = mount();
            await flush();
            $(element, '[data-id="ping"]').click();
            await flush();
            expect(getHealth).toHaveBeenCalledTimes(2);
            expect(getOverview).toHaveBeenCalledTimes(1);
            $(element, '[data-id="refresh"]').click();
            await flush();
            expect(getHealth).toHaveBeenCalledTimes(3);
            expect(getOverview).toHaveBeenCalledTimes(2);
            expect(getMessagingStatus).toHaveBeenCalledTimes(2);
        });
    });

    describe('Salesforce Messaging mode', () => {
        const badge = (element, id) => $(element, `[data-id="${id}"]`);
        const fact = (element, key) => $(element, `[data-messaging="${key}"]`).textContent;

        it("shows a configured, healthy mode with its times in the user's locale", async () => {
            const element = mount();
            await flush();
            expect(badge(element, 'messaging-configured').label).toBe('Configured');
            expect(badge(element, 'messaging-configured').className).toContain('slds-theme_success');
            expect(badge(element, 'messaging-healthy').label).toBe('Healthy');
            expect(fact(element, 'token')).toBe('Yes');
            expect(fact(element, 'subscription')).toBe('Live');
            expect(fact(element, 'store')).toBe('redis');
            expect(fact(element, 'events')).toBe('12 / 1');
            expect(fact(element, 'callbacks')).toBe('On, signature checked');
            const lastEvent = $(element, '[data-time="lastEventAt"] lightning-formatted-date-time');
            expect(lastEvent.value).toBe('2026-11-20T10:00:00.000Z');
            expect(lastEvent.second).toBe('2-digit');
            expect($(element, '[data-time="lastKeepAliveAt"] lightning-formatted-date-time').value).toBe(
                '2026-11-20T10:04:30.000Z',
            );
            const never = $(element, '[data-time="lastInboundAt"]');
            expect(never.querySelector('lightning-formatted-date-time')).toBeNull();
            expect(never.textContent).toBe('Never');
            expect($(element, '[data-id="messaging-problems"]')).toBeNull();
            expect($(element, '[data-id="messaging-message"]')).toBeNull();
        });

        it('lists the reasons of a configured but unhealthy mode', async () => {
            getMessagingStatus.mockResolvedValue({
                ...MESSAGING_OK,
                healthy: false,
                tokenOk: false,
                subscriptionLive: false,
                problems: [
                    'No Salesforce token for the Messaging mode: invalid_grant.',
                    'The Pub/Sub subscription is not live: 14 UNAVAILABLE',
                ],
                message:
                    'No Salesforce token for the Messaging mode: invalid_grant. The Pub/Sub subscription is not live',
            });
            const element = mount();
            await flush();
            expect(badge(element, 'messaging-configured').label).toBe('Configured');
            expect(badge(element, 'messaging-healthy').label).toBe('Not healthy');
            expect(badge(element, 'messaging-healthy').className).toContain('slds-theme_error');
            expect(fact(element, 'token')).toBe('No');
            expect(fact(element, 'subscription')).toBe('Not live');
            const problems = $$(element, '[data-id="messaging-problems"] li').map((li) => li.textContent);
            expect(problems).toEqual([
                'No Salesforce token for the Messaging mode: invalid_grant.',
                'The Pub/Sub subscription is not live: 14 UNAVAILABLE',
            ]);
            expect($(element, '[data-id="messaging-message"]')).toBeNull();
        });

        it('explains a standby replica and a receiver without signature check', async () => {
            getMessagingStatus.mockResolvedValue({
                ...MESSAGING_OK,
                leaseHeld: false,
                subscriptionLive: false,
                signCheck: false,
            });
            const element = mount();
            await flush();
            expect(badge(element, 'messaging-healthy').label).toBe('Healthy');
            expect(fact(element, 'subscription')).toContain('Standby');
            expect(fact(element, 'callbacks')).toBe('On');
        });

        it('says "Not configured" when the mode is off at the relay', async () => {
            getMessagingStatus.mockResolvedValue({
                reachable: true,
                configured: false,
                healthy: false,
                problems: [],
                statusCode: 404,
                errorCode: 'NOT_FOUND',
                message:
                    'Not configured: the Salesforce Messaging mode is off at the relay (MESSAGING_ENABLED is not true).',
            });
            const element = mount();
            await flush();
            expect(badge(element, 'messaging-configured').label).toBe('Not configured');
            expect(badge(element, 'messaging-configured').className).toContain('slds-theme_warning');
            expect(badge(element, 'messaging-healthy')).toBeNull();
            expect($(element, '[data-messaging="token"]')).toBeNull();
            expect($(element, '[data-id="messaging-message"]').textContent).toContain('MESSAGING_ENABLED');
        });

        it('reports an unreachable relay as unknown with the explanation', async () => {
            getMessagingStatus.mockResolvedValue({
                reachable: false,
                configured: null,
                healthy: false,
                problems: [],
                statusCode: 0,
                errorCode: 'CALLOUT_FAILED',
                message: 'No answer from the relay. Check the URL of the Named Credential Tim_Relay.',
            });
            const element = mount();
            await flush();
            expect(badge(element, 'messaging-configured').label).toBe('Configuration unknown');
            expect(badge(element, 'messaging-healthy')).toBeNull();
            expect($(element, '[data-id="messaging-message"]').textContent).toContain('Named Credential Tim_Relay');
        });

        it('shows the error when the call itself fails (no permission)', async () => {
            getMessagingStatus.mockRejectedValue(auraError('You need the Tim_Chat_Admin permission set'));
            const element = mount();
            await flush();
            expect($(element, '[data-id="messaging-error"]').textContent).toContain('Tim_Chat_Admin');
            expect(badge(element, 'messaging-configured')).toBeNull();
        });

        it('checks again on its own button, with a spinner meanwhile', async () => {
            const element = mount();
            await flush();
            let resolve;
            getMessagingStatus.mockReturnValue(
                new Promise((r) => {
                    resolve = r;
                }),
            );
            $(element, '[data-id="messaging-refresh"]').click();
            await flush();
            expect($(element, '[data-id="messaging-spinner"]')).not.toBeNull();
            expect($(element, '[data-id="messaging-refresh"]').disabled).toBe(true);
            resolve({ ...MESSAGING_OK, handled: 13 });
            await flush();
            expect($(element, '[data-id="messaging-spinner"]')).toBeNull();
            expect(fact(element, 'events')).toBe('13 / 1');
            expect(getMessagingStatus).toHaveBeenCalledTimes(2);
            expect(getHealth).toHaveBeenCalledTimes(1);
            expect(getOverview).toHaveBeenCalledTimes(1);
        });
    });

    describe('settings', () => {
        it('lists the current settings and where they come from', async () => {
            const element = mount();
            await flush();
            expect($(element, '[data-setting="closeAction"]').textContent).toBe('Mute');
            expect($(element, '[data-setting="syncEnabled"]').textContent).toBe('Yes');
            expect($(element, '[data-setting="syncBatchSize"]').textContent).toBe('50');
            expect($(element, '[data-id="settings-source"]').textContent).toContain('"Default"');
            expect($(element, '[data-id="sync-off"]')).toBeNull();
        });

        it('warns when sync is off and the defaults are built in', async () => {
            getOverview.mockResolvedValue(
                overview({ settings: { ...SETTINGS, syncEnabled: false }, settingsRecordExists: false }),
            );
            const element = mount();
            await flush();
            expect($(element, '[data-id="sync-off"]')).not.toBeNull();
            expect($(element, '[data-id="settings-source"]').textContent).toContain('built-in defaults');
        });
    });

    describe('sync failures', () => {
        it('renders one row per failure with a Retry button', async () => {
            const element = mount();
            await flush();
            const rows = $$(element, 'tr[data-row]');
            expect(rows).toHaveLength(2);
            expect(rows[0].textContent).toContain('SF-0002');
            expect(rows[0].textContent).toContain('UPSTREAM_ERROR');
            expect(rows[1].textContent).toContain('Retrying');
            expect($$(element, 'lightning-button[data-action="retry"]')).toHaveLength(2);
            expect($(element, '[data-id="no-failures"]')).toBeNull();
        });

        it('explains the permanent failure codes next to the message', async () => {
            getOverview.mockResolvedValue(
                overview({
                    failures: [
                        {
                            ...FAILURES[0],
                            id: 'a00000000000003AAA',
                            errorCode: 'NO_CUSTOMER_ID',
                            errorMessage: 'customerId: the case has no Chat_Customer_Id__c',
                        },
                        {
                            ...FAILURES[0],
                            id: 'a00000000000004AAA',
                            errorCode: 'TRANSCRIPT_TOO_LONG',
                            errorMessage: 'too long',
                        },
                        {
                            ...FAILURES[0],
                            id: 'a00000000000005AAA',
                            errorCode: 'SOMETHING_NEW',
                            errorMessage: 'whatever',
                        },
                    ],
                }),
            );
            const element = mount();
            await flush();
            const rows = $$(element, 'tr[data-row]');
            expect(rows).toHaveLength(3);
            expect(rows[0].textContent).toContain('NO_CUSTOMER_ID');
            expect(rows[0].querySelector('[data-id="failure-hint"]').textContent).toContain('no Chat Customer Id');
            expect(rows[1].querySelector('[data-id="failure-hint"]').textContent).toContain(
                'muted instead of dismissed',
            );
            expect(rows[2].querySelector('[data-id="failure-hint"]')).toBeNull();
            expect(rows[2].textContent).toContain('whatever');
        });

        it('shows the empty state when there is no failure', async () => {
            getOverview.mockResolvedValue(overview({ failures: [] }));
            const element = mount();
            await flush();
            expect($(element, '[data-id="no-failures"]')).not.toBeNull();
            expect($(element, '[data-id="failures"]')).toBeNull();
            expect($(element, '[data-id="retry-all"]').disabled).toBe(true);
        });

        it('retries one failure, toasts, and reloads the list', async () => {
            retryFailures.mockResolvedValue(1);
            const element = mount();
            await flush();
            const toast = jest.fn();
            element.addEventListener('lightning__showtoast', toast);
            getOverview.mockResolvedValue(overview({ failures: [FAILURES[1]] }));

            $(element, 'lightning-button[data-id="a00000000000001AAA"]').click();
            await flush();

            expect(retryFailures).toHaveBeenCalledWith({ failureIds: ['a00000000000001AAA'] });
            expect(toast).toHaveBeenCalledTimes(1);
            expect(toast.mock.calls[0][0].detail.variant).toBe('success');
            expect(toast.mock.calls[0][0].detail.title).toContain('1 failure(s) queued');
            expect(getOverview).toHaveBeenCalledTimes(2);
            expect($$(element, 'tr[data-row]')).toHaveLength(1);
        });

        it('retries all open failures through retryAllOpenFailures and reloads', async () => {
            retryAllOpenFailures.mockResolvedValue(22);
            const element = mount();
            await flush();
            const toast = jest.fn();
            element.addEventListener('lightning__showtoast', toast);
            $(element, '[data-id="retry-all"]').click();
            await flush();
            expect(retryAllOpenFailures).toHaveBeenCalledTimes(1);
            expect(retryFailures).not.toHaveBeenCalled();
            expect(toast.mock.calls[0][0].detail.title).toContain('22 failure(s) queued');
            expect(getOverview).toHaveBeenCalledTimes(2);
            expect($(element, '[data-id="retry-all"]').disabled).toBe(false);
        });

        it('disables "Retry all open" when only retrying failures are listed', async () => {
            getOverview.mockResolvedValue(overview({ failures: [FAILURES[1]] }));
            const element = mount();
            await flush();
            expect($(element, '[data-id="retry-all"]').disabled).toBe(true);
        });

        it('shows the error when a retry fails', async () => {
            retryFailures.mockRejectedValue(auraError('Nothing to retry: the selected failures are resolved.'));
            const element = mount();
            await flush();
            const toast = jest.fn();
            element.addEventListener('lightning__showtoast', toast);
            $(element, 'lightning-button[data-id="a00000000000002AAA"]').click();
            await flush();
            expect($(element, '[data-id="failures-error"]').textContent).toContain('Nothing to retry');
            expect(toast.mock.calls[0][0].detail.variant).toBe('error');
            expect($(element, 'lightning-button[data-id="a00000000000002AAA"]').disabled).toBe(false);
        });
    });

    describe('reconcile schedule', () => {
        it('schedules with the typed cron and shows the new state', async () => {
            scheduleReconcile.mockResolvedValue(SCHEDULED);
            const element = mount();
            await flush();
            expect($(element, '[data-id="schedule-status"]').label).toBe('Not scheduled');
            expect($(element, '[data-id="unschedule"]').disabled).toBe(true);
            expect($(element, '[data-id="cron-input"]').placeholder).toBe('0 15 * * * ?');

            change($(element, '[data-id="cron-input"]'), '0 15 * * * ?');
            $(element, '[data-id="schedule"]').click();
            await flush();

            expect(scheduleReconcile).toHaveBeenCalledWith({ cron: '0 15 * * * ?' });
            expect($(element, '[data-id="schedule-status"]').label).toBe('Scheduled');
            expect($(element, '[data-id="cron"]').textContent).toBe('0 15 * * * ?');
            expect($(element, '[data-id="schedule"]').label).toBe('Reschedule');
            expect($(element, '[data-id="unschedule"]').disabled).toBe(false);
        });

        it('sends null for a blank cron (server default)', async () => {
            scheduleReconcile.mockResolvedValue(SCHEDULED);
            const element = mount();
            await flush();
            $(element, '[data-id="schedule"]').click();
            await flush();
            expect(scheduleReconcile).toHaveBeenCalledWith({ cron: null });
        });

        it('unschedules', async () => {
            getOverview.mockResolvedValue(overview({ schedule: SCHEDULED }));
            unscheduleReconcile.mockResolvedValue(UNSCHEDULED);
            const element = mount();
            await flush();
            $(element, '[data-id="unschedule"]').click();
            await flush();
            expect(unscheduleReconcile).toHaveBeenCalledTimes(1);
            expect($(element, '[data-id="schedule-status"]').label).toBe('Not scheduled');
        });

        it('shows a scheduling error', async () => {
            scheduleReconcile.mockRejectedValue(auraError('That is not a cron expression (for example 0 15 * * * ?).'));
            const element = mount();
            await flush();
            change($(element, '[data-id="cron-input"]'), 'every hour');
            $(element, '[data-id="schedule"]').click();
            await flush();
            expect($(element, '[data-id="schedule-error"]').textContent).toContain('not a cron expression');
            expect($(element, '[data-id="schedule-status"]').label).toBe('Not scheduled');
        });
    });

    describe('test sync', () => {
        const RESULT = {
            sent: 2,
            failed: 1,
            groups: [
                {
                    groupId: '500000000000001AAA',
                    caseId: '500000000000001AAA',
                    caseNumber: '00001001',
                    ok: true,
                    state: 'open',
                    added: ['005000000000001AAA'],
                    removed: [],
                    recreated: false,
                },
                {
                    groupId: '500000000000002AAA',
                    caseId: '500000000000002AAA',
                    caseNumber: '00001002',
                    ok: false,
                    added: [],
                    removed: [],
                    recreated: false,
                    errorCode: 'UPSTREAM_ERROR',
                    errorMessage: 'Tencent Chat answered 10004',
                    upstreamCode: '10004',
                },
            ],
        };

        it('syncs the N most recent chat cases and shows each group result', async () => {
            sendTestSync.mockResolvedValue(RESULT);
            const element = mount();
            await flush();
            change($(element, '[data-id="test-count"]'), '3');
            $(element, '[data-id="send-test"]').click();
            await flush();

            expect(sendTestSync).toHaveBeenCalledWith({ recentCount: 3, caseId: null });
            expect($(element, '[data-id="test-summary"]').textContent).toBe('2 group(s) sent, 1 failed.');
            const ok = $(element, 'tr[data-group="500000000000001AAA"]');
            const failed = $(element, 'tr[data-group="500000000000002AAA"]');
            expect(ok.textContent).toContain('00001001');
            expect(ok.textContent).toContain('OK');
            expect(ok.textContent).toContain('005000000000001AAA');
            expect(failed.textContent).toContain('Failed');
            expect(failed.textContent).toContain('UPSTREAM_ERROR: Tencent Chat answered 10004 (upstream code 10004)');
            expect(ok.querySelector('a').getAttribute('href')).toBe('/lightning/r/Case/500000000000001AAA/view');
        });

        it('syncs one chosen case id', async () => {
            sendTestSync.mockResolvedValue({ ...RESULT, sent: 1, failed: 0, groups: [RESULT.groups[0]] });
            const element = mount();
            await flush();
            change($(element, '[data-id="test-case"]'), ' 500000000000001AAA ');
            $(element, '[data-id="send-test"]').click();
            await flush();
            expect(sendTestSync).toHaveBeenCalledWith({ recentCount: 1, caseId: '500000000000001AAA' });
            expect($$(element, 'tr[data-group]')).toHaveLength(1);
        });

        it('says so when there is no open chat case', async () => {
            sendTestSync.mockResolvedValue({ sent: 0, failed: 0, groups: [] });
            const element = mount();
            await flush();
            $(element, '[data-id="send-test"]').click();
            await flush();
            expect($(element, '[data-id="test-summary"]').textContent).toBe('No open chat case to sync.');
            expect($(element, '[data-id="test-results"]')).toBeNull();
        });

        it('shows the error of a refused test sync', async () => {
            sendTestSync.mockRejectedValue(auraError('Case 00001003 is not a chat case (Chat Group Id is blank).'));
            const element = mount();
            await flush();
            $(element, '[data-id="send-test"]').click();
            await flush();
            expect($(element, '[data-id="test-error"]').textContent).toContain('is not a chat case');
            expect($(element, '[data-id="test-summary"]')).toBeNull();
            expect($(element, '[data-id="send-test"]').disabled).toBe(false);
        });
    });

    describe('reduceError', () => {
        it('reads the shapes Apex and JS errors come in', () => {
            expect(reduceError(undefined)).toBe('Unknown error');
            expect(reduceError('plain')).toBe('plain');
            expect(reduceError({ body: { message: 'from Apex' } })).toBe('from Apex');
            expect(reduceError({ body: [{ message: 'a' }, { message: 'b' }] })).toBe('a, b');
            expect(reduceError(new Error('js'))).toBe('js');
            expect(reduceError({ body: {} })).toBe('Unknown error');
        });
    });
});
