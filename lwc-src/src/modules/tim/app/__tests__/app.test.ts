import { createElement } from 'lwc';
import App from 'tim/app';
import { ScriptedChatClient } from '../../../../__tests__/helpers/scripted/scripted-client';
import { fixtureCaseId } from '../../../../__tests__/helpers/scripted/scripted-fixtures';
import { FakeTransport, MemoryLogger, flush } from '../../../../__tests__/helpers/fakes';

const AGENT = '005000000000001AAA';

function mount(transport?: FakeTransport) {
    let client: ScriptedChatClient | null = null;
    const el = createElement('tim-app', { is: App });
    Object.assign(el, {
        transport,
        logger: new MemoryLogger(),
        createClient: () => (client = new ScriptedChatClient('demo')),
    });
    document.body.appendChild(el);
    return { el, root: el.shadowRoot as ShadowRoot, client: () => client as ScriptedChatClient };
}

function session(transport: FakeTransport): void {
    transport.host('session', {
        sdkAppId: 1400000000,
        userId: AGENT,
        userSig: 's',
        expiresAt: Date.now() + 3_600_000,
    });
}

afterEach(() => {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
});

describe('tim-app', () => {
    it('says it is not connected when there is no host', async () => {
        const { root } = mount(undefined);
        await flush();
        const state = root.querySelector('tim-state-view') as HTMLElement & { heading: string };
        expect(state.heading).toBe('Chat is not connected to Salesforce');
    });

    it('waits for the session, then lists conversations', async () => {
        const transport = new FakeTransport();
        const { root } = mount(transport);
        await flush();
        expect((root.querySelector('tim-state-view') as HTMLElement & { kind: string }).kind).toBe('loading');
        session(transport);
        await flush(20);
        const list = root.querySelector('tim-conversation-list') as HTMLElement & { conversations: unknown[] };
        expect(list.conversations).toHaveLength(3);
        expect((root.querySelector('tim-status-bar') as HTMLElement & { state: string }).state).toBe('connected');
    });

    it('shows the session error banner with a retry', async () => {
        const transport = new FakeTransport();
        const { root } = mount(transport);
        await flush();
        transport.host('sessionError', { message: 'The chat service refused Salesforce credentials.' });
        await flush();
        const banner = root.querySelector('tim-banner') as HTMLElement & { message: string; actionLabel: string };
        expect(banner.message).toBe('The chat service refused Salesforce credentials.');
        banner.dispatchEvent(new CustomEvent('action'));
        expect(transport.ofType('needSession')).toHaveLength(2);
    });

    it('shows a closed case read-only, and goes back to the list with a notice when the agent is removed', async () => {
        const transport = new FakeTransport();
        const { root, client } = mount(transport);
        await flush();
        session(transport);
        await flush(20);
        transport.host('focusCase', { caseId: fixtureCaseId(1) });
        await flush();
        type ViewEl = HTMLElement & { composerDisabled: boolean; shadowRoot: ShadowRoot };
        type ComposerEl = HTMLElement & { disabled: boolean; note: string; shadowRoot: ShadowRoot };
        const view = () => root.querySelector<ViewEl>('tim-conversation-view');
        const composer = () => view()?.shadowRoot.querySelector<ComposerEl>('tim-composer') ?? null;
        expect(composer()?.disabled).toBe(false);
        expect(composer()?.note).toBe('');

        client().setMuted(fixtureCaseId(1), true);
        await flush();
        expect(view()?.composerDisabled).toBe(true);
        expect(composer()?.note).toBe('This case is closed — the conversation is read-only.');
        expect((composer()?.shadowRoot.querySelector('.note') as HTMLElement).textContent).toBe(
            'This case is closed — the conversation is read-only.',
        );
        expect(view()?.shadowRoot.querySelector('tim-message-list')).not.toBeNull();

        client().removeConversation(fixtureCaseId(1));
        await flush();
        expect(view()).toBeNull();
        const list = root.querySelector('tim-conversation-list') as HTMLElement & { conversations: unknown[] };
        expect(list.conversations).toHaveLength(2);
        const banner = root.querySelector('tim-banner') as HTMLElement & { message: string };
        expect(banner.message).toBe('You are no longer in this conversation — the case was reassigned or closed.');
    });

    it('opens a focused case and shows the kicked-out banner with "Use here"', async () => {
        const transport = new FakeTransport();
        const { root, client } = mount(transport);
        await flush();
        session(transport);
        await flush(20);
        transport.host('focusCase', { caseId: fixtureCaseId(2) });
        await flush();
        const view = root.querySelector('tim-conversation-view') as HTMLElement & { thread: { groupId: string } };
        expect(view.thread.groupId).toBe(fixtureCaseId(2));
        client().kick('multipleDevice');
        await flush();
        const banner = root.querySelector('tim-banner') as HTMLElement & { actionLabel: string; message: string };
        expect(banner.actionLabel).toBe('Use here');
        expect(banner.message).toMatch(/another device/);
        banner.dispatchEvent(new CustomEvent('action'));
        await flush(20);
        expect(root.querySelector('tim-banner')).toBeNull();
        expect(client().logins).toHaveLength(2);
    });

    it('renders in Simplified Chinese after the host says the user speaks zh_CN, and announces new messages', async () => {
        const transport = new FakeTransport();
        const { root, client } = mount(transport);
        await flush();
        transport.host('locale', { language: 'zh_CN', locale: 'zh_CN', timeZone: 'Asia/Shanghai' });
        await flush();
        try {
            expect((root.querySelector('tim-state-view') as HTMLElement & { message: string }).message).toBe(
                '正在等待 Salesforce…',
            );
            expect(document.documentElement.lang).toBe('zh-CN');
            session(transport);
            await flush(20);
            const bar = root.querySelector('tim-status-bar') as HTMLElement & { shadowRoot: ShadowRoot };
            expect(bar.shadowRoot.querySelector('.label')?.textContent).toBe('聊天：已连接');
            transport.host('focusCase', { caseId: fixtureCaseId(1) });
            await flush();
            const view = root.querySelector('tim-conversation-view') as HTMLElement & { shadowRoot: ShadowRoot };
            expect(view.shadowRoot.querySelector('.link-button')?.textContent).toBe('打开个案');
            const composer = view.shadowRoot.querySelector('tim-composer') as HTMLElement & { shadowRoot: ShadowRoot };
            expect(composer.shadowRoot.querySelector('.send')?.textContent).toBe('发送');
            client().receive({ groupId: fixtureCaseId(1), text: '你好', nick: 'Ada Lovelace' });
            client().receive({ groupId: fixtureCaseId(3), text: 'elsewhere', nick: 'Alan Turing', from: 'cust_alan' });
            await flush();
            const live = root.querySelectorAll('[aria-live]');
            expect(live).toHaveLength(1);
            expect(live[0]?.textContent).toBe('个案 00001003 有来自 Alan Turing 的新消息');
        } finally {
            transport.host('locale', { language: 'en_US', locale: 'en_US', timeZone: 'UTC' });
            await flush();
        }
        expect(
            (root.querySelector('tim-status-bar') as HTMLElement & { shadowRoot: ShadowRoot }).shadowRoot.querySelector(
                '.label',
            )?.textContent,
        ).toBe('Chat: Connected');
    });
});
