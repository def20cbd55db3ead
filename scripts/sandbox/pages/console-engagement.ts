/// <reference lib="dom" />
/**
 * The console's engagement panel for the selected case: the customer's rating, the chat timings on the Case and the
 * engagement log (Tim_Engagement__c, oldest first), as the relay wrote them. Built with textContent only.
 */
import type { ConsoleEngagement, ConsoleEngagementEvent } from '../console-service.js';
import { h } from './dom.js';

/** "1 h 2 min", "3 min 4 s", "5 s". */
export function durationLabel(seconds: number): string {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
    const days = Math.floor(s / 86400);
    const hours = Math.floor((s % 86400) / 3600);
    const minutes = Math.floor((s % 3600) / 60);
    return days > 0 ? `${days} d ${hours} h` : `${hours} h ${minutes} min`;
}

function when(iso: string | null): string {
    if (!iso) return '—';
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? new Date(ms).toLocaleString() : '—';
}

const count = (n: number | null): string => (n === null ? '—' : String(n));

function stars(score: number): string {
    const n = Math.min(5, Math.max(0, Math.round(score)));
    return '★'.repeat(n) + '☆'.repeat(5 - n);
}

function eventRow(e: ConsoleEngagementEvent): HTMLTableRowElement {
    const previous =
        e.previousState === null
            ? '—'
            : `${e.previousState}${e.secondsInPreviousState === null ? '' : ` (${durationLabel(e.secondsInPreviousState)})`}`;
    return h(
        'tr',
        { 'data-event-type': e.type },
        h('td', { text: when(e.at) }),
        h('td', { className: 'event-type', text: e.type }),
        h('td', { text: e.actor || '—' }),
        h('td', { text: previous }),
        h('td', { className: 'small', text: e.details }),
    );
}

/** The engagement events as a table (time, event, user, time in previous state, details), or `emptyText`. */
export function eventsTable(events: ConsoleEngagementEvent[], className: string, emptyText: string): HTMLElement {
    if (!events.length) return h('p', { className: 'empty', text: emptyText });
    return h(
        'table',
        { className },
        h(
            'thead',
            {},
            h(
                'tr',
                {},
                h('th', { text: 'Time' }),
                h('th', { text: 'Event' }),
                h('th', { text: 'User' }),
                h('th', { text: 'Time in previous state' }),
                h('th', { text: 'Details' }),
            ),
        ),
        h('tbody', {}, ...events.map(eventRow)),
    );
}

export function renderEngagement(e: ConsoleEngagement): HTMLElement {
    const rating =
        e.csat.score === null
            ? h('p', { className: 'engagement-rating', 'data-score': '', text: 'Customer rating: not rated yet' })
            : h(
                  'p',
                  { className: 'engagement-rating', 'data-score': e.csat.score },
                  'Customer rating: ',
                  h('span', { className: 'stars', 'aria-hidden': 'true', text: stars(e.csat.score) }),
                  ` ${e.csat.score} of 5`,
                  e.csat.comment ? h('q', { className: 'engagement-comment', text: e.csat.comment }) : null,
              );
    const t = e.timings;
    const timing = (label: string, value: string, key: string) =>
        h('tr', { 'data-timing': key }, h('th', { text: label }), h('td', { text: value }));
    const timings = h(
        'table',
        { className: 'kv engagement-timings' },
        timing(
            'First response',
            t.firstResponseSeconds === null
                ? '—'
                : `${durationLabel(t.firstResponseSeconds)} (at ${when(t.firstResponseAt)})`,
            'first-response',
        ),
        timing('First customer message', when(t.firstCustomerMessageAt), 'first-customer'),
        timing('Last customer message', when(t.lastCustomerMessageAt), 'last-customer'),
        timing('Last agent message', when(t.lastAgentMessageAt), 'last-agent'),
        timing('Messages', `customer ${count(t.customerMessages)} · agents ${count(t.agentMessages)}`, 'counts'),
    );
    const events = eventsTable(e.events, 'engagement-events', 'No engagement events yet.');
    return h(
        'div',
        { className: 'engagement', 'data-case-id': e.caseId },
        h('h2', { text: `Chat timeline of case ${e.caseNumber}` }),
        rating,
        timings,
        events,
    );
}
