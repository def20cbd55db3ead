import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getHealth from '@salesforce/apex/TimSetupController.getHealth';
import getOverview from '@salesforce/apex/TimSetupController.getOverview';
import retryFailures from '@salesforce/apex/TimSetupController.retryFailures';
import retryAllOpenFailures from '@salesforce/apex/TimSetupController.retryAllOpenFailures';
import scheduleReconcile from '@salesforce/apex/TimSetupController.scheduleReconcile';
import unscheduleReconcile from '@salesforce/apex/TimSetupController.unscheduleReconcile';
import sendTestSync from '@salesforce/apex/TimSetupController.sendTestSync';
import getMessagingStatus from '@salesforce/apex/TimSetupController.getMessagingStatus';

const DASH = '\u2014';

/**
 * Turns what an Apex call rejects with (AuraHandledException, fetch error, JS error) into one line.
 * @param {unknown} error
 * @returns {string}
 */
export function reduceError(error) {
    if (!error) {
        return 'Unknown error';
    }
    if (typeof error === 'string') {
        return error;
    }
    const body = error.body;
    if (Array.isArray(body)) {
        return (
            body
                .map((b) => b && b.message)
                .filter(Boolean)
                .join(', ') || 'Unknown error'
        );
    }
    if (body && typeof body.message === 'string' && body.message) {
        return body.message;
    }
    if (typeof error.message === 'string' && error.message) {
        return error.message;
    }
    return 'Unknown error';
}

/**
 * What a failure code means for the admin and what to do (codes without an entry show only the relay's message).
 * Permanent codes are never retried automatically: the case's data must change first.
 */
export const FAILURE_HINTS = {
    INVALID_STATE:
        "Not sent: the case's chat data breaks a relay rule (the message names the field). Fix the case, then Retry.",
    NO_CUSTOMER_ID: 'Not sent: the chat case has no Chat Customer Id. Set it on the case, then Retry.',
    VALIDATION_FAILED:
        'The relay refused this group as invalid; it is not retried automatically. Fix the case, then Retry.',
    TRANSCRIPT_TOO_LONG:
        'The history is longer than the archive limit: the transcript file is marked "(incomplete)" and the group is muted instead of dismissed. No action needed.',
    ENQUEUE_LIMIT: 'No sync job could be queued at the time. Retry to sync these cases.',
    CHAIN_DEPTH: 'The sync chain reached its maximum depth. Retry to sync the remaining cases.',
};

/**
 * @param {string | null | undefined} code
 * @returns {string} the hint for a failure code, or ''
 */
export function failureHint(code) {
    return (code && Object.prototype.hasOwnProperty.call(FAILURE_HINTS, code) && FAILURE_HINTS[code]) || '';
}

function textOrDash(value) {
    return value === undefined || value === null || value === '' ? DASH : String(value);
}

/** Adds the distinct keys a `dt`/`dd` pair needs inside one for:each. */
function withPairKeys(rows) {
    return rows.map((r) => ({ ...r, labelKey: `${r.key}-label`, valueKey: `${r.key}-value` }));
}

function yesNo(value) {
    return value ? 'Yes' : 'No';
}

/** Yes / No, or a dash when the relay did not say. */
function yesNoOrDash(value) {
    return value === true || value === false ? yesNo(value) : DASH;
}

/**
 * What the Pub/Sub subscription of the answering relay replica is doing.
 * @param {{subscriptionRunning?: boolean, leaseHeld?: boolean, subscriptionLive?: boolean}} m
 * @returns {string}
 */
export function subscriptionText(m) {
    if (m.subscriptionRunning !== true && m.subscriptionRunning !== false) {
        return DASH;
    }
    if (!m.subscriptionRunning) {
        return 'Not running';
    }
    if (!m.leaseHeld) {
        return 'Standby (another relay replica holds the lease and consumes the events)';
    }
    return m.subscriptionLive ? 'Live' : 'Not live';
}

export default class TimChatSetup extends LightningElement {
    health;
    healthLoading = false;
    healthError;

    overview;
    overviewLoading = false;
    overviewError;

    retryingIds = [];
    retryingAll = false;
    failuresError;

    cronInput = '';
    scheduleBusy = false;
    scheduleError;

    messaging;
    messagingLoading = false;
    messagingError;

    testCount = 1;
    testCaseId = '';
    testBusy = false;
    testError;
    testResult;

    connectedCallback() {
        this.handleRefresh();
    }

    // ---- loading -------------------------------------------------------------------------------

    async refreshHealth() {
        this.healthLoading = true;
        this.healthError = undefined;
        try {
            this.health = await getHealth();
        } catch (error) {
            this.health = undefined;
            this.healthError = reduceError(error);
        } finally {
            this.healthLoading = false;
        }
    }

    async refreshOverview() {
        this.overviewLoading = true;
        this.overviewError = undefined;
        try {
            this.overview = await getOverview();
        } catch (error) {
            this.overview = undefined;
            this.overviewError = reduceError(error);
        } finally {
            this.overviewLoading = false;
        }
    }

    async refreshMessaging() {
        this.messagingLoading = true;
        this.messagingError = undefined;
        try {
            this.messaging = await getMessagingStatus();
        } catch (error) {
            this.messaging = undefined;
            this.messagingError = reduceError(error);
        } finally {
            this.messagingLoading = false;
        }
    }

    handleRefresh() {
        this.refreshHealth();
        this.refreshMessaging();
        this.refreshOverview();
    }

    // ---- relay health --------------------------------------------------------------------------

    get healthReady() {
        return !this.healthLoading && !!this.health;
    }

    get reachableLabel() {
        return this.health && this.health.reachable ? 'Reachable' : 'Not reachable';
    }

    get reachableClass() {
        return this.health && this.health.reachable ? 'slds-theme_success' : 'slds-theme_error';
    }

    get keyLabel() {
        const key = this.health ? this.health.keyConfigured : undefined;
        if (key === true) {
            return 'API key accepted';
        }
        if (key === false) {
            return 'API key rejected';
        }
        return 'API key unknown';
    }

    get keyClass() {
        const key = this.health ? this.health.keyConfigured : undefined;
        if (key === true) {
            return 'slds-theme_success';
        }
        return key === false ? 'slds-theme_error' : 'slds-theme_warning';
    }

    get healthFacts() {
        const h = this.health || {};
        return withPairKeys([
            { key: 'version', label: 'Relay version', value: textOrDash(h.version) },
            { key: 'mode', label: 'Mode', value: textOrDash(h.mode) },
            { key: 'sdkAppId', label: 'SDKAppID', value: textOrDash(h.sdkAppId) },
            { key: 'status', label: 'HTTP status', value: h.statusCode ? String(h.statusCode) : 'no answer' },
            { key: 'code', label: 'Error code', value: textOrDash(h.errorCode) },
        ]);
    }

    get healthMessage() {
        return this.health && this.health.message ? this.health.message : undefined;
    }

    get isSandboxMode() {
        return !!this.health && this.health.mode === 'sandbox';
    }

    // ---- Salesforce Messaging mode -------------------------------------------------------------

    get messagingReady() {
        return !this.messagingLoading && !!this.messaging;
    }

    get messagingConfiguredLabel() {
        const configured = this.messaging ? this.messaging.configured : undefined;
        if (configured === true) {
            return 'Configured';
        }
        return configured === false ? 'Not configured' : 'Configuration unknown';
    }

    get messagingConfiguredClass() {
        const configured = this.messaging ? this.messaging.configured : undefined;
        return configured === true ? 'slds-theme_success' : 'slds-theme_warning';
    }

    /** The mode answered with its state (the health facts mean something). */
    get messagingConfigured() {
        return !!this.messaging && this.messaging.configured === true;
    }

    get messagingHealthyLabel() {
        return this.messaging && this.messaging.healthy ? 'Healthy' : 'Not healthy';
    }

    get messagingHealthyClass() {
        return this.messaging && this.messaging.healthy ? 'slds-theme_success' : 'slds-theme_error';
    }

    get messagingFacts() {
        const m = this.messaging || {};
        let callbacks = DASH;
        if (m.callbacksConfigured === true) {
            callbacks = m.signCheck ? 'On, signature checked' : 'On';
        } else if (m.callbacksConfigured === false) {
            callbacks = 'Off';
        }
        return withPairKeys([
            { key: 'token', label: 'Salesforce token obtainable', value: yesNoOrDash(m.tokenOk) },
            { key: 'subscription', label: 'Event subscription', value: subscriptionText(m) },
            { key: 'store', label: 'Replay position kept in', value: textOrDash(m.replayStore) },
            {
                key: 'events',
                label: 'Events handled / skipped',
                value: `${textOrDash(m.handled)} / ${textOrDash(m.skipped)}`,
            },
            { key: 'callbacks', label: 'Tencent callback receiver', value: callbacks },
        ]);
    }

    /** Times shown in the user's locale and time zone (lightning-formatted-date-time); null = never. */
    get messagingTimes() {
        const m = this.messaging || {};
        return withPairKeys([
            { key: 'lastEventAt', label: 'Last Salesforce event', value: m.lastEventAt || null },
            { key: 'lastKeepAliveAt', label: 'Last keep-alive', value: m.lastKeepAliveAt || null },
            { key: 'lastInboundAt', label: 'Last customer message', value: m.lastInboundAt || null },
            { key: 'checkedAt', label: 'Checked', value: m.checkedAt || null },
        ]);
    }

    get messagingProblems() {
        const problems = (this.messaging && this.messaging.problems) || [];
        return problems.map((text, index) => ({ key: `problem-${index}`, text }));
    }

    get hasMessagingProblems() {
        return this.messagingProblems.length > 0;
    }

    /** The explanation when the relay could not tell (not configured, unreachable, key refused). */
    get messagingMessage() {
        if (!this.messaging || !this.messaging.message || this.hasMessagingProblems) {
            return undefined;
        }
        return this.messaging.message;
    }

    // ---- settings ------------------------------------------------------------------------------

    get settingsRows() {
        const s = this.overview && this.overview.settings;
        if (!s) {
            return [];
        }
        return withPairKeys([
            { key: 'syncEnabled', label: 'Sync enabled', value: yesNo(s.syncEnabled) },
            { key: 'bypassTriggers', label: 'Bypass triggers (everyone)', value: yesNo(s.bypassTriggers) },
            { key: 'closeAction', label: 'Close action', value: textOrDash(s.closeAction) },
            { key: 'archiveTranscript', label: 'Archive transcript on close', value: yesNo(s.archiveTranscript) },
            { key: 'maxAttempts', label: 'Max attempts', value: textOrDash(s.maxAttempts) },
            {
                key: 'retryBaseDelayMinutes',
                label: 'Retry base delay (minutes)',
                value: textOrDash(s.retryBaseDelayMinutes),
            },
            {
                key: 'reconcileWindowHours',
                label: 'Reconcile window (hours)',
                value: textOrDash(s.reconcileWindowHours),
            },
            { key: 'syncBatchSize', label: 'Sync batch size', value: textOrDash(s.syncBatchSize) },
        ]);
    }

    get settingsSource() {
        if (!this.overview) {
            return '';
        }
        return this.overview.settingsRecordExists
            ? 'From the custom metadata record Tim Chat Setting "Default".'
            : 'No "Default" record: the built-in defaults apply.';
    }

    get syncDisabled() {
        const s = this.overview && this.overview.settings;
        return !!s && (s.syncEnabled === false || s.bypassTriggers === true);
    }

    // ---- failures ------------------------------------------------------------------------------

    get failureRows() {
        const failures = (this.overview && this.overview.failures) || [];
        return failures.map((f) => ({
            ...f,
            errorCodeText: textOrDash(f.errorCode),
            errorMessageText: textOrDash(f.errorMessage),
            errorHint: failureHint(f.errorCode),
            retryLabel: `Retry ${f.name}`,
            retrying: this.retryingIds.includes(f.id),
            statusClass: f.status === 'Retrying' ? 'slds-badge slds-theme_warning' : 'slds-badge slds-theme_error',
        }));
    }

    get hasFailures() {
        return this.failureRows.length > 0;
    }

    get retryAllDisabled() {
        return this.retryingAll || this.retryingIds.length > 0 || !this.failureRows.some((f) => f.status === 'Open');
    }

    handleRetryOne(event) {
        const id = event.currentTarget.dataset.id;
        if (id) {
            this.runRetry(() => retryFailures({ failureIds: [id] }), [id]);
        }
    }

    /** Retries every Open failure the admin can edit, not only the ones listed. */
    handleRetryAll() {
        this.retryingAll = true;
        this.runRetry(() => retryAllOpenFailures(), []).finally(() => {
            this.retryingAll = false;
        });
    }

    async runRetry(call, ids) {
        this.failuresError = undefined;
        this.retryingIds = [...this.retryingIds, ...ids];
        try {
            const queued = await call();
            this.toast('success', `${queued} failure(s) queued for retry`);
            await this.refreshOverview();
        } catch (error) {
            this.failuresError = reduceError(error);
            this.toast('error', 'Retry failed', this.failuresError);
        } finally {
            this.retryingIds = this.retryingIds.filter((id) => !ids.includes(id));
        }
    }

    // ---- reconcile schedule --------------------------------------------------------------------

    get schedule() {
        return (this.overview && this.overview.schedule) || { scheduled: false };
    }

    get isScheduled() {
        return this.schedule.scheduled === true;
    }

    get scheduleLabel() {
        return this.isScheduled ? 'Scheduled' : 'Not scheduled';
    }

    get scheduleClass() {
        return this.isScheduled ? 'slds-theme_success' : 'slds-theme_warning';
    }

    get cronText() {
        return textOrDash(this.schedule.cronExpression);
    }

    get stateText() {
        return textOrDash(this.schedule.state);
    }

    get cronPlaceholder() {
        return this.schedule.defaultCron || '0 15 * * * ?';
    }

    get scheduleButtonLabel() {
        return this.isScheduled ? 'Reschedule' : 'Schedule';
    }

    get unscheduleDisabled() {
        return this.scheduleBusy || !this.isScheduled;
    }

    handleCronChange(event) {
        this.cronInput = event.detail.value;
    }

    handleSchedule() {
        return this.changeSchedule(
            () => scheduleReconcile({ cron: this.cronInput || null }),
            'Reconcile job scheduled',
        );
    }

    handleUnschedule() {
        return this.changeSchedule(() => unscheduleReconcile(), 'Reconcile job unscheduled');
    }

    async changeSchedule(call, successTitle) {
        this.scheduleBusy = true;
        this.scheduleError = undefined;
        try {
            const schedule = await call();
            this.overview = { ...(this.overview || {}), schedule };
            this.toast('success', successTitle);
        } catch (error) {
            this.scheduleError = reduceError(error);
        } finally {
            this.scheduleBusy = false;
        }
    }

    // ---- test sync -----------------------------------------------------------------------------

    handleTestCountChange(event) {
        this.testCount = event.detail.value;
    }

    handleTestCaseChange(event) {
        this.testCaseId = (event.detail.value || '').trim();
    }

    async handleSendTestSync() {
        this.testBusy = true;
        this.testError = undefined;
        this.testResult = undefined;
        try {
            const count = parseInt(this.testCount, 10);
            this.testResult = await sendTestSync({
                recentCount: Number.isNaN(count) ? 1 : count,
                caseId: this.testCaseId || null,
            });
        } catch (error) {
            this.testError = reduceError(error);
        } finally {
            this.testBusy = false;
        }
    }

    get testRows() {
        const groups = (this.testResult && this.testResult.groups) || [];
        return groups.map((g) => ({
            ...g,
            caseLabel: g.caseNumber || g.groupId,
            caseUrl: g.caseId ? `/lightning/r/Case/${g.caseId}/view` : undefined,
            resultLabel: g.ok ? 'OK' : 'Failed',
            resultClass: g.ok ? 'slds-badge slds-theme_success' : 'slds-badge slds-theme_error',
            stateText: textOrDash(g.state),
            addedText: g.added && g.added.length ? g.added.join(', ') : DASH,
            removedText: g.removed && g.removed.length ? g.removed.join(', ') : DASH,
            recreatedText: yesNo(g.recreated),
            errorText: g.ok
                ? DASH
                : `${textOrDash(g.errorCode)}: ${textOrDash(g.errorMessage)}` +
                  (g.upstreamCode ? ` (upstream code ${g.upstreamCode})` : ''),
        }));
    }

    get testSummary() {
        if (!this.testResult) {
            return '';
        }
        const { sent, failed } = this.testResult;
        return sent ? `${sent} group(s) sent, ${failed} failed.` : 'No open chat case to sync.';
    }

    get hasTestRows() {
        return this.testRows.length > 0;
    }

    // ---- helpers -------------------------------------------------------------------------------

    toast(variant, title, message) {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }
}
