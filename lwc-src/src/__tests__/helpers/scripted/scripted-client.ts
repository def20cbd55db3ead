import type { ChatClient, ChatClientEvent, ChatClientEvents } from '../../../chat/chat-client';
import type {
    ChatConversation,
    ChatMessage,
    ChatSession,
    KickReason,
    MessagePage,
    OutgoingFile,
    ReadState,
} from '../../../chat/chat-types';
import { EventHub } from '../../../chat/event-hub';
import { fixtureByName, type ScriptedFixture } from './scripted-fixtures';

export interface ReceiveInput {
    groupId: string;
    text: string;
    from?: string;
    nick?: string;
}

/**
 * An in-memory ChatClient driven by a fixture and by test code (receive, kick, fail sends...), for unit tests and
 * the widget's scripted browser-test bundle only: never part of the production tim_bar.
 */
export class ScriptedChatClient implements ChatClient {
    private readonly hub = new EventHub();
    private fixture: ScriptedFixture | null = null;
    private session: ChatSession | null = null;
    private readonly unsent = new Map<string, { groupId: string; text: string }>();
    failSends = 0;
    readonly sent: Array<{ groupId: string; text: string }> = [];
    readonly markedRead: string[] = [];
    readonly logins: string[] = [];
    /** Typing signals the widget sent: `groupId:true|false`. */
    readonly typingSent: string[] = [];
    /** Profile nicks displayNames() answers with (user id → nick). */
    readonly nicks = new Map<string, string>();
    readonly nameLookups: string[][] = [];
    /** Every session login() received (tests check the SDK endpoints reach the client). */
    readonly sessions: ChatSession[] = [];

    constructor(private readonly fixtureName: string) {}

    /** Makes the instance reachable from test code as `window.timScripted`. */
    static exposeForTests(client: ScriptedChatClient): ScriptedChatClient {
        (globalThis as { timScripted?: ScriptedChatClient }).timScripted = client;
        return client;
    }

    on<E extends ChatClientEvent>(event: E, handler: ChatClientEvents[E]): () => void {
        return this.hub.on(event, handler);
    }

    async login(session: ChatSession): Promise<void> {
        this.hub.emit('connectionState', this.session ? 'reconnecting' : 'connecting');
        this.session = session;
        this.logins.push(session.userSig);
        this.sessions.push(session);
        if (!this.fixture) this.fixture = fixtureByName(this.fixtureName, session.userId);
        await Promise.resolve();
        this.hub.emit('connectionState', 'connected');
    }

    async logout(): Promise<void> {
        this.session = null;
        this.hub.emit('connectionState', 'offline');
    }

    async conversations(): Promise<ChatConversation[]> {
        return this.requireFixture().conversations.map((c) => ({ ...c }));
    }

    async getMessages(groupId: string, cursor: string | null): Promise<MessagePage> {
        const f = this.requireFixture();
        const all = f.messages.get(groupId) ?? [];
        const end = cursor === null ? all.length : Number(cursor);
        const start = Math.max(0, end - f.pageSize);
        return { messages: all.slice(start, end), cursor: start > 0 ? String(start) : null, done: start === 0 };
    }

    async sendText(groupId: string, text: string, clientId: string): Promise<ChatMessage> {
        return this.deliver(groupId, text, clientId);
    }

    async sendFile(groupId: string, file: OutgoingFile, clientId: string): Promise<ChatMessage> {
        return this.deliver(groupId, `[${file.kind}] ${file.file.name}`, clientId);
    }

    async resend(clientId: string): Promise<ChatMessage> {
        const item = this.unsent.get(clientId);
        if (!item) throw new Error('nothing to resend');
        return this.deliver(item.groupId, item.text, clientId);
    }

    async markRead(groupId: string): Promise<void> {
        this.markedRead.push(groupId);
        this.updateConversation(groupId, (c) => ({ ...c, unread: 0 }));
    }

    async sendTyping(groupId: string, typing: boolean): Promise<void> {
        this.typingSent.push(`${groupId}:${String(typing)}`);
        await Promise.resolve();
    }

    async displayNames(userIds: readonly string[]): Promise<Map<string, string>> {
        this.nameLookups.push([...userIds]);
        await Promise.resolve();
        const out = new Map<string, string>();
        for (const id of userIds) {
            const nick = this.nicks.get(id);
            if (nick) out.set(id, nick);
        }
        return out;
    }

    // ---- test controls -------------------------------------------------------------------------
    /** Someone else in the conversation typed (or stopped): an online-only signal. */
    typing(groupId: string, typing: boolean, from = 'cust_ada', nick = ''): void {
        this.hub.emit('typing', { groupId, from, nick, typing });
    }

    /** The service reports read receipts for the agent's messages. */
    readReceipt(groupId: string, seq: number, state: ReadState): void {
        this.hub.emit('readReceipts', { groupId, states: [{ seq, state }] });
    }

    receive(input: ReceiveInput): ChatMessage {
        const message = this.append(input.groupId, input.from ?? 'cust_ada', input.nick ?? '', input.text);
        // Like the real services, the list keeps the unread count and last message (later lists carry them).
        this.updateConversation(input.groupId, (c) => ({
            ...c,
            unread: message.mine ? c.unread : c.unread + 1,
            lastText: input.text,
            lastTime: message.time,
        }));
        this.hub.emit('message', message);
        return message;
    }

    /**
     * The agent was added to a group (a case assigned to them): announces the complete list with it. `visible` are
     * the messages the service shows them (none when the group hides what was sent before they joined).
     */
    assign(conversation: ChatConversation, visible: ChatMessage[] = []): void {
        const f = this.requireFixture();
        f.conversations = [...f.conversations.filter((c) => c.groupId !== conversation.groupId), conversation];
        f.messages.set(conversation.groupId, visible);
        this.announceConversations();
    }

    /** A new case was assigned to the agent (they joined its group), built from its case details; nothing waits in it. */
    assignCase(input: {
        groupId: string;
        caseNumber: string;
        subject: string;
        customerName: string;
        unread?: number;
    }): void {
        this.assign({
            groupId: input.groupId,
            groupName: `${input.caseNumber} ${input.subject}`.slice(0, 30),
            caseNumber: input.caseNumber,
            subject: input.subject,
            customerName: input.customerName,
            customerId: 'cust_new',
            unread: input.unread ?? 0,
            lastText: '',
            lastTime: Date.now(),
            muted: false,
        });
        this.announceConversations();
    }

    /** The agent was removed from the group (reassigned) or it was dismissed: announces the complete list without it. */
    removeConversation(groupId: string): void {
        const f = this.requireFixture();
        f.conversations = f.conversations.filter((c) => c.groupId !== groupId);
        this.announceConversations();
    }

    /** The case was closed (group muted) or reopened: announces the complete list with the new state. */
    setMuted(groupId: string, muted: boolean): void {
        this.updateConversation(groupId, (c) => ({ ...c, muted }));
        this.announceConversations();
    }

    kick(reason: KickReason): void {
        this.session = null;
        this.hub.emit('connectionState', 'offline');
        this.hub.emit('kickedOut', reason);
    }

    get loggedInSig(): string {
        return this.session?.userSig ?? '';
    }

    private updateConversation(groupId: string, change: (c: ChatConversation) => ChatConversation): void {
        const f = this.requireFixture();
        f.conversations = f.conversations.map((c) => (c.groupId === groupId ? change(c) : c));
    }

    /** `conversationsChanged` always carries the complete current list (the ChatClient contract). */
    private announceConversations(): void {
        this.hub.emit(
            'conversationsChanged',
            this.requireFixture().conversations.map((c) => ({ ...c })),
        );
    }

    private async deliver(groupId: string, text: string, clientId: string): Promise<ChatMessage> {
        await Promise.resolve();
        const conversation = this.requireFixture().conversations.find((c) => c.groupId === groupId);
        if (!conversation) throw Object.assign(new Error('not a member of the group'), { code: 10007 });
        if (conversation.muted) throw Object.assign(new Error('all members are muted'), { code: 10017 });
        if (this.failSends > 0) {
            this.failSends--;
            this.unsent.set(clientId, { groupId, text });
            throw Object.assign(new Error('send failed'), { code: 10007 });
        }
        this.unsent.delete(clientId);
        this.sent.push({ groupId, text });
        const message = this.append(groupId, this.session?.userId ?? '', '', text);
        this.updateConversation(groupId, (c) => ({ ...c, lastText: text, lastTime: message.time }));
        return { ...message, clientId };
    }

    private append(groupId: string, from: string, nick: string, text: string): ChatMessage {
        const f = this.requireFixture();
        const list = f.messages.get(groupId) ?? [];
        const lastSeq = list.length ? (list[list.length - 1]?.seq ?? 0) : 0;
        const seq = Math.max(lastSeq, this.maxKnownSeq(groupId)) + 1;
        const message: ChatMessage = {
            groupId,
            seq,
            clientId: `s${groupId}-${seq}`,
            from,
            nick,
            mine: from === this.session?.userId,
            time: Date.now(),
            body: { kind: 'text', text },
            delivery: 'sent',
            origin: 'live',
        };
        f.messages.set(groupId, list.concat(message));
        return message;
    }

    private maxKnownSeq(groupId: string): number {
        const list = this.requireFixture().messages.get(groupId) ?? [];
        return list.reduce((max, m) => Math.max(max, m.seq ?? 0), 0);
    }

    private requireFixture(): ScriptedFixture {
        if (!this.fixture) throw new Error('Not logged in');
        return this.fixture;
    }
}
