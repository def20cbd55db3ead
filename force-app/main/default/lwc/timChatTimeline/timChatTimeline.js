import { LightningElement, api } from 'lwc';
import getTimeline from '@salesforce/apex/TimChatTimelineController.getTimeline';

/** Call-log events (written by the relay from the agent phone, TCCC) carry a phone icon in the timeline. */
export const CALL_EVENT_TYPES = ['Call Ringing', 'Call Answered', 'Call Transferred', 'Call Ended'];

/** How often the timeline refreshes while the page is visible (the relay writes events as they happen). */
export const REFRESH_MS = 30000;

/**
 * "1 h 2 min", "3 min 4 s", "5 s" for a number of seconds; an empty string when unknown.
 * @param {number|null|undefined} seconds
 * @returns {string}
 */
export function formatDuration(seconds) {
    if (seconds === null || seconds === undefined || Number.isNaN(Number(seconds))) {
        return '';
    }
    const s = Math.max(0, Math.round(Number(seconds)));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const rest = s % 60;
    if (h > 0) {
        return `${h} h ${m} min`;
    }
    if (m > 0) {
        return `${m} min ${rest} s`;
    }
    return `${rest} s`;
}

/**
 * The message of whatever an Apex call rejected with.
 * @param {unknown} error
 * @returns {string}
 */
export function reduceError(error) {
    const body = error && error.body;
    if (body && typeof body.message === 'string' && body.message) {
        return body.message;
    }
    if (error && typeof error.message === 'string' && error.message) {
        return error.message;
    }
    return 'Unknown error';
}

export default class TimChatTimeline extends LightningElement {
    @api recordId;
    timeline;
    error;
    loading = false;
    timer;

    connectedCallback() {
        this.refresh();
        // Polling keeps the timeline live without a streaming subscription per viewer (documented in docs/engagement.md).
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        this.timer = setInterval(() => {
            if (typeof document === 'undefined' || document.visibilityState !== 'hidden') {
                this.refresh();
            }
        }, REFRESH_MS);
    }

    disconnectedCallback() {
        clearInterval(this.timer);
    }

    /** Reloads the timeline (also the Refresh button). */
    @api
    async refresh() {
        if (!this.recordId || this.loading) {
            return;
        }
        this.loading = true;
        try {
            this.timeline = await getTimeline({ caseId: this.recordId });
            this.error = undefined;
        } catch (e) {
            this.error = reduceError(e);
        } finally {
            this.loading = false;
        }
    }

    handleRefresh() {
        this.refresh();
    }

    get timings() {
        return (this.timeline && this.timeline.timings) || {};
    }

    get hasEvents() {
        return this.events.length > 0;
    }

    get events() {
        const list = (this.timeline && this.timeline.events) || [];
        return list.map((e) => ({
            ...e,
            actor: e.actorName || '',
            isCall: CALL_EVENT_TYPES.includes(e.type),
            spent: e.previousState ? `${formatDuration(e.secondsInPreviousState)} in ${e.previousState}` : '',
        }));
    }

    get firstResponseTime() {
        const t = this.timings;
        if (!t.firstResponseAt || !t.firstCustomerMessageAt) {
            return '';
        }
        return formatDuration((Date.parse(t.firstResponseAt) - Date.parse(t.firstCustomerMessageAt)) / 1000);
    }

    get hasRating() {
        return this.timings.csatScore !== null && this.timings.csatScore !== undefined;
    }

    get ratingLabel() {
        return this.hasRating ? `${this.timings.csatScore} / 5` : '';
    }
}
