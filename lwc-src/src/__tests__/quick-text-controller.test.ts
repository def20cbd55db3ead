import { ScriptedChatClient } from './helpers/scripted/scripted-client';
import { fixtureCaseId } from './helpers/scripted/scripted-fixtures';
import { WidgetController } from '../controller/widget-controller';
import { ChatStore } from '../store/chat-store';
import { systemClock } from '../store/session-timing';
import { QUICK_TEXT_DEBOUNCE_MS } from '../quick-text/quick-text-search';
import { FakeTransport, MemoryLogger, flush } from './helpers/fakes';

const AGENT = '005000000000001AAA';
const CASE1 = fixtureCaseId(1);
const QT = '574000000000001AAA';
const GREETING = {
    id: QT,
    name: 'Greeting',
    message: 'Hi {!Contact.FirstName}, {!User.FirstName} here ({!Case.CaseNumber}).',
};

async function setup(session: Record<string, unknown> = {}) {
    const transport = new FakeTransport();
    const store = new ChatStore();
    const logger = new MemoryLogger();
    let changes = 0;
    const controller = new WidgetController({
        transport,
        store,
        createClient: () => new ScriptedChatClient('demo'),
        clock: systemClock,
        logger,
        isPageVisible: () => true,
        onQuickTextChange: () => changes++,
    });
    controller.start();
    transport.host('session', {
        sdkAppId: 1400000000,
        userId: AGENT,
        userSig: 'sig',
        expiresAt: Date.now() + 3_600_000,
        ...session,
    });
    await flush(10);
    controller.openConversation(CASE1);
    await flush(10);
    const searches = () => transport.ofType('quickTextSearch').map((m) => m.payload);
    return { transport, store, logger, controller, searches, changes: () => changes };
}

beforeEach(() => {
    jest.useFakeTimers();
    jest.setSystemTime(Date.UTC(2026, 10, 20, 12));
});
afterEach(() => jest.useRealTimers());

describe('WidgetController quick text', () => {
    it('asks the host once per pause in typing and resolves the answer for the open case and this agent', async () => {
        const t = await setup({ userName: 'Alice Agent', userFirstName: 'Alice' });
        t.controller.searchQuickText('g');
        t.controller.searchQuickText('gr');
        t.controller.searchQuickText('greet');
        expect(t.controller.quickTextView().message).toBe('Searching Quick Text…');
        jest.advanceTimersByTime(QUICK_TEXT_DEBOUNCE_MS);
        expect(t.searches().map((s) => s.query)).toEqual(['greet']);
        t.transport.host('quickTextResults', { requestId: t.searches()[0]?.requestId, items: [GREETING] });
        const view = t.controller.quickTextView();
        expect(view.options.map((o) => [o.name, o.text, o.unresolved])).toEqual([
            ['Greeting', 'Hi Ada, Alice here (00001001).', []],
        ]);
        expect(t.changes()).toBeGreaterThan(1);
    });

    it('drops (and logs) a stale answer; without the agent name from the host the field stays flagged', async () => {
        const t = await setup();
        t.controller.searchQuickText('a');
        jest.advanceTimersByTime(QUICK_TEXT_DEBOUNCE_MS);
        t.controller.searchQuickText('ab');
        jest.advanceTimersByTime(QUICK_TEXT_DEBOUNCE_MS);
        const [first, second] = t.searches();
        t.transport.host('quickTextResults', { requestId: second?.requestId, items: [GREETING] });
        t.transport.host('quickTextResults', { requestId: first?.requestId, items: [] });
        expect(t.logger.warnings.some((w) => w.includes('stale Quick Text'))).toBe(true);
        const option = t.controller.quickTextView().options[0];
        expect(option?.text).toBe('Hi Ada, {!User.FirstName} here (00001001).');
        expect(option?.unresolved).toEqual(['{!User.FirstName}']);
    });

    it('closes the picker when the agent leaves the conversation, and does not search a closed case', async () => {
        const t = await setup();
        t.controller.searchQuickText('x');
        t.controller.closeConversation();
        jest.advanceTimersByTime(QUICK_TEXT_DEBOUNCE_MS);
        expect(t.searches()).toEqual([]);
        expect(t.controller.quickTextView().status).toBe('closed');
        t.controller.searchQuickText('x');
        jest.advanceTimersByTime(QUICK_TEXT_DEBOUNCE_MS);
        expect(t.searches()).toEqual([]);
    });

    it('shows the host error for the newest search', async () => {
        const t = await setup();
        t.controller.searchQuickText('x');
        jest.advanceTimersByTime(QUICK_TEXT_DEBOUNCE_MS);
        t.transport.host('quickTextError', {
            requestId: t.searches()[0]?.requestId,
            message: 'You do not have access to Quick Text.',
        });
        expect(t.controller.quickTextView()).toMatchObject({
            status: 'error',
            isError: true,
            message: 'You do not have access to Quick Text.',
        });
    });
});
