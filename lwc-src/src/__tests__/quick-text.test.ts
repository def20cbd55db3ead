import { mergeFieldsIn, resolveMergeFields, type MergeContext } from '../quick-text/merge-fields';
import { QUICK_TEXT_ANSWER_TIMEOUT_MS, QUICK_TEXT_DEBOUNCE_MS, QuickTextSearch } from '../quick-text/quick-text-search';
import { buildQuickTextView } from '../quick-text/quick-text-view';
import { replaceSlashLine, slashLineAt } from '../quick-text/slash-line';
import type { QuickTextSearchPayload } from '../protocol/quick-text';
import { setLanguage } from '../i18n/labels';
import type { Clock } from '../store/session-timing';

const context: MergeContext = {
    caseNumber: '00001001',
    caseSubject: 'Refund',
    customerName: 'Grace Brewster Hopper',
    agentName: 'Alice Agent',
    agentFirstName: 'Alice',
};

describe('merge fields', () => {
    it('fills the case number, customer and agent names, ignoring case and spaces as Salesforce does', () => {
        const r = resolveMergeFields(
            'Hi {!Contact.FirstName} ({!Contact.Name}), I am {!User.FirstName} ({!user.name}) on case {! Case.CaseNumber } "{!Case.Subject}". {!Contact.LastName}',
            context,
        );
        expect(r).toEqual({
            text: 'Hi Grace (Grace Brewster Hopper), I am Alice (Alice Agent) on case 00001001 "Refund". Hopper',
            unresolved: [],
        });
    });

    it('leaves unknown fields and fields without a value visible, and reports each once', () => {
        const r = resolveMergeFields(
            '{!Case.Owner.Phone} and {!Account.Name}; again {!Case.Owner.Phone}; {!Contact.LastName}',
            { ...context, customerName: '王小明' },
        );
        expect(r.text).toBe('{!Case.Owner.Phone} and {!Account.Name}; again {!Case.Owner.Phone}; {!Contact.LastName}');
        expect(r.unresolved).toEqual(['{!Case.Owner.Phone}', '{!Account.Name}', '{!Contact.LastName}']);
        expect(resolveMergeFields('您好 {!Contact.FirstName}', { ...context, customerName: '王小明' }).text).toBe(
            '您好 王小明',
        );
        const empty = resolveMergeFields('{!Case.CaseNumber}', { ...context, caseNumber: '' });
        expect(empty).toEqual({ text: '{!Case.CaseNumber}', unresolved: ['{!Case.CaseNumber}'] });
    });

    it('uses the first word of the agent name when the host gave no first name', () => {
        expect(resolveMergeFields('{!User.FirstName}', { ...context, agentFirstName: '' }).text).toBe('Alice');
    });

    it('inserts values as text, never as more merge fields or markup', () => {
        const r = resolveMergeFields('{!Contact.Name}', { ...context, customerName: '<b>{!User.Name}</b>' });
        expect(r).toEqual({ text: '<b>{!User.Name}</b>', unresolved: [] });
        expect(mergeFieldsIn('a {!X.Y} b {!X.Y} {!Z}')).toEqual(['{!X.Y}', '{!Z}']);
    });
});

describe('slash line', () => {
    it('finds a line starting with / around the caret', () => {
        expect(slashLineAt('/ref', 4)).toEqual({ start: 0, end: 4, query: 'ref' });
        expect(slashLineAt('hello\n/re fund\nbye', 9)).toEqual({ start: 6, end: 14, query: 're fund' });
        expect(slashLineAt('hello /ref', 10)).toBeNull();
        expect(slashLineAt('hello\nbye', 9)).toBeNull();
    });
    it('replaces the slash line and puts the caret after the insert', () => {
        const line = slashLineAt('hello\n/ref\nbye', 10);
        expect(line && replaceSlashLine('hello\n/ref\nbye', line, 'Dear Grace')).toEqual({
            text: 'hello\nDear Grace\nbye',
            caret: 16,
        });
    });
});

class ManualClock implements Clock {
    time = 0;
    private timers: Array<{ at: number; fn: () => void; id: number }> = [];
    private next = 1;
    now(): number {
        return this.time;
    }
    setTimeout(fn: () => void, ms: number): unknown {
        const id = this.next++;
        this.timers.push({ at: this.time + ms, fn, id });
        return id;
    }
    clearTimeout(handle: unknown): void {
        this.timers = this.timers.filter((t) => t.id !== handle);
    }
    /** Runs every timer due within `ms`, each at its own time (timers set meanwhile count from then). */
    advance(ms: number): void {
        const end = this.time + ms;
        for (;;) {
            const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
            if (!due) break;
            this.timers = this.timers.filter((t) => t !== due);
            this.time = due.at;
            due.fn();
        }
        this.time = end;
    }
}

describe('QuickTextSearch', () => {
    const QT = '574000000000001AAA';
    const item = (name: string) => ({ id: QT, name, message: `Hello {!Contact.FirstName}, ${name}` });
    function setup() {
        const clock = new ManualClock();
        const sent: QuickTextSearchPayload[] = [];
        let changes = 0;
        const search = new QuickTextSearch({ send: (p) => sent.push(p), clock, onChange: () => changes++ });
        return { clock, sent, search, changes: () => changes };
    }

    it('debounces typing into one request for the last query', () => {
        const t = setup();
        t.search.search('r');
        t.clock.advance(100);
        t.search.search('re');
        t.clock.advance(100);
        t.search.search('  ref  ');
        expect(t.search.state.status).toBe('loading');
        expect(t.sent).toEqual([]);
        t.clock.advance(QUICK_TEXT_DEBOUNCE_MS);
        expect(t.sent.map((p) => p.query)).toEqual(['ref']);
        expect(t.sent[0]?.requestId).toMatch(/^[A-Za-z0-9_-]{1,40}$/);
    });

    it('ignores answers to older requests and to a closed picker', () => {
        const t = setup();
        t.search.search('re');
        t.clock.advance(QUICK_TEXT_DEBOUNCE_MS);
        t.search.search('ref');
        t.clock.advance(QUICK_TEXT_DEBOUNCE_MS);
        const [older, newer] = t.sent;
        expect(older && newer && older.requestId !== newer.requestId).toBe(true);
        expect(t.search.onResults({ requestId: older?.requestId ?? '', items: [item('Old')] })).toBe(false);
        expect(t.search.state.status).toBe('loading');
        expect(t.search.onResults({ requestId: newer?.requestId ?? '', items: [item('Refund')] })).toBe(true);
        expect(t.search.state).toEqual({ status: 'ready', query: 'ref', items: [item('Refund')], error: '' });
        t.search.search('x');
        t.clock.advance(QUICK_TEXT_DEBOUNCE_MS);
        t.search.close();
        expect(t.search.onResults({ requestId: t.sent[2]?.requestId ?? '', items: [item('Late')] })).toBe(false);
        expect(t.search.state.status).toBe('closed');
    });

    it('shows the host error, and a timeout when the host never answers', () => {
        const t = setup();
        t.search.search('a');
        t.clock.advance(QUICK_TEXT_DEBOUNCE_MS);
        t.search.onError({ requestId: t.sent[0]?.requestId ?? '', message: 'You do not have access to Quick Text.' });
        expect(t.search.state).toMatchObject({ status: 'error', error: 'You do not have access to Quick Text.' });
        t.search.search('b');
        t.clock.advance(QUICK_TEXT_DEBOUNCE_MS + QUICK_TEXT_ANSWER_TIMEOUT_MS);
        expect(t.search.state).toMatchObject({
            status: 'error',
            error: 'Salesforce did not answer the Quick Text search.',
        });
    });

    it('builds the picker view: resolved previews, flagged fields, loading / empty / count lines in the language', () => {
        const t = setup();
        t.search.search('');
        expect(buildQuickTextView(t.search.state, context).message).toBe('Searching Quick Text…');
        t.clock.advance(QUICK_TEXT_DEBOUNCE_MS);
        t.search.onResults({
            requestId: t.sent[0]?.requestId ?? '',
            items: [
                {
                    id: QT,
                    name: 'Greeting',
                    message: 'Hi {!Contact.FirstName}, {!Case.Owner.Phone}',
                    category: 'Hello',
                },
            ],
        });
        const view = buildQuickTextView(t.search.state, context);
        expect(view.options).toEqual([
            {
                id: QT,
                index: 0,
                name: 'Greeting',
                category: 'Hello',
                text: 'Hi Grace, {!Case.Owner.Phone}',
                unresolved: ['{!Case.Owner.Phone}'],
                unresolvedNote: 'Fill in before sending: {!Case.Owner.Phone}',
            },
        ]);
        setLanguage('zh-CN');
        try {
            t.search.search('zzz');
            t.clock.advance(QUICK_TEXT_DEBOUNCE_MS);
            t.search.onResults({ requestId: t.sent[1]?.requestId ?? '', items: [] });
            expect(buildQuickTextView(t.search.state, context).message).toBe('没有匹配的快捷文本');
        } finally {
            setLanguage('en');
        }
        expect(buildQuickTextView(t.search.state, context).message).toBe('No quick text matches');
    });
});
