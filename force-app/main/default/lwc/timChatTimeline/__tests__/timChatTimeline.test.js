import { createElement } from 'lwc';
import TimChatTimeline, { formatDuration, REFRESH_MS } from 'c/timChatTimeline';
import getTimeline from '@salesforce/apex/TimChatTimelineController.getTimeline';

jest.mock('@salesforce/apex/TimChatTimelineController.getTimeline', () => ({ default: jest.fn() }), {
    virtual: true,
});

const CASE_ID = '500000000000001AAA';
const TIMELINE = {
    caseId: CASE_ID,
    timings: {
        firstCustomerMessageAt: '2026-12-01T10:00:00.000Z',
        firstResponseAt: '2026-12-01T10:01:05.000Z',
        customerMessageCount: 3,
        agentMessageCount: 2,
        csatScore: 4,
        csatComment: 'Quick <b>and</b> kind',
    },
    events: [
        { id: 'a1', type: 'Ticket Created', occurredAt: '2026-12-01T09:59:00.000Z', previousState: null },
        {
            id: 'a2',
            type: 'Accepted',
            occurredAt: '2026-12-01T10:00:30.000Z',
            actorName: 'Alice Agent',
            previousState: 'Assigned',
            secondsInPreviousState: 90,
        },
    ],
};

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function mount() {
    const el = createElement('c-tim-chat-timeline', { is: TimChatTimeline });
    el.recordId = CASE_ID;
    document.body.appendChild(el);
    return el;
}

describe('c-tim-chat-timeline', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
        jest.useRealTimers();
    });

    it('shows the timings, the rating as text and the events with the time spent in the previous state', async () => {
        getTimeline.mockResolvedValue(TIMELINE);
        const el = mount();
        await flush();
        const root = el.shadowRoot;
        expect(getTimeline).toHaveBeenCalledWith({ caseId: CASE_ID });
        expect(root.querySelector('[data-id="first-response"]').textContent).toBe('1 min 5 s');
        expect(root.querySelector('[data-id="rating"]').textContent).toBe('4 / 5');
        expect(root.querySelector('[data-id="rating-comment"]').textContent).toBe('Quick <b>and</b> kind');
        expect(root.querySelector('[data-id="rating-comment"] b')).toBeNull();
        const items = root.querySelectorAll('li');
        expect([...items].map((li) => li.dataset.type)).toEqual(['Ticket Created', 'Accepted']);
        expect(items[1].textContent).toContain('Alice Agent');
        expect(items[1].textContent).toContain('1 min 30 s in Assigned');
    });

    it('refreshes on its own while visible, and on the button', async () => {
        jest.useFakeTimers();
        getTimeline.mockResolvedValue({ ...TIMELINE, events: [] });
        const el = mount();
        await Promise.resolve();
        expect(getTimeline).toHaveBeenCalledTimes(1);
        getTimeline.mockResolvedValue(TIMELINE);
        jest.advanceTimersByTime(REFRESH_MS);
        await Promise.resolve();
        await Promise.resolve();
        expect(getTimeline).toHaveBeenCalledTimes(2);
        jest.useRealTimers();
        await flush();
        expect(el.shadowRoot.querySelectorAll('li')).toHaveLength(2);
        el.shadowRoot.querySelector('[data-id="refresh"]').click();
        await flush();
        expect(getTimeline).toHaveBeenCalledTimes(3);
    });

    it('shows the error of a user without access, and an empty state', async () => {
        getTimeline.mockRejectedValue({ body: { message: 'You do not have access to this case.' } });
        const el = mount();
        await flush();
        expect(el.shadowRoot.querySelector('[data-id="error"]').textContent).toBe(
            'You do not have access to this case.',
        );
        expect(el.shadowRoot.querySelector('[data-id="empty"]')).not.toBeNull();
    });

    it('formats durations', () => {
        expect(formatDuration(null)).toBe('');
        expect(formatDuration(5)).toBe('5 s');
        expect(formatDuration(3725)).toBe('1 h 2 min');
    });

    it('marks call-log events with a phone icon, between the chat events', async () => {
        getTimeline.mockResolvedValue({
            ...TIMELINE,
            events: [
                ...TIMELINE.events,
                {
                    id: 'c1',
                    type: 'Call Ended',
                    occurredAt: '2026-12-01T10:05:00.000Z',
                    actorName: 'Alice Agent',
                    details: 'Talk time 83 s; ring time 12 s; ended by the caller',
                    previousState: null,
                },
            ],
        });
        const el = mount();
        await flush();
        const items = [...el.shadowRoot.querySelectorAll('li')];
        expect(items.map((li) => li.dataset.type)).toEqual(['Ticket Created', 'Accepted', 'Call Ended']);
        expect(items.map((li) => li.querySelector('[data-id="call-icon"]') !== null)).toEqual([false, false, true]);
        expect(items[2].textContent).toContain('Talk time 83 s; ring time 12 s; ended by the caller');
    });
});
