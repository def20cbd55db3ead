/**
 * The fake org's Messaging data: one conversation per (channel address, end user), messaging sessions inside it
 * (Waiting → Active → Ended; a message after Ended opens a new session, as Omni-Channel routes it again), the
 * conversation entries both ways and the acknowledgements. Agent actions publish the platform event Salesforce would.
 */
import { randomUUID } from 'node:crypto';
import type { EventBus } from './event-bus.js';

export interface Participant {
    appType: string;
    subject: string;
    role: string;
}

export type SessionStatus = 'Waiting' | 'Active' | 'Ended';

export interface MessagingSession {
    sessionId: string;
    status: SessionStatus;
    startedAt: number;
    agent?: { userId: string; name: string };
}

export interface ConversationEntry {
    id: string;
    entryType: string;
    sender: Participant;
    senderDisplayName: string;
    /** epoch ms the service stored it */
    at: number;
    text?: string;
    attachment?: { name: string; mimeType: string; size: number; sha256: string };
    /** for acknowledgements: the entry acknowledged */
    acknowledges?: { entryId: string; type: 'Read' | 'Delivered' };
}

export interface Conversation {
    conversationIdentifier: string;
    channelAddressIdentifier: string;
    endUser: Participant;
    sessions: MessagingSession[];
    entries: ConversationEntry[];
    /** the end user is typing (last indicator seen) */
    endUserTyping: boolean;
}

export class ConversationStore {
    private readonly byKey = new Map<string, Conversation>();
    private readonly listeners = new Set<(conversation: Conversation) => void>();

    constructor(
        private readonly channelAddressIdentifier: string,
        private readonly bus: EventBus,
        private readonly now: () => number,
    ) {}

    all(): Conversation[] {
        return [...this.byKey.values()];
    }

    byId(conversationIdentifier: string): Conversation | undefined {
        return this.all().find((c) => c.conversationIdentifier === conversationIdentifier);
    }

    forEndUser(subject: string): Conversation | undefined {
        return this.byKey.get(subject);
    }

    onChange(listener: (conversation: Conversation) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    /** The end user's conversation, opened on first contact; a new session when none is open. */
    openFor(endUserClientId: string): { conversation: Conversation; session: MessagingSession } {
        let conversation = this.byKey.get(endUserClientId);
        if (!conversation) {
            conversation = {
                conversationIdentifier: randomUUID(),
                channelAddressIdentifier: this.channelAddressIdentifier,
                endUser: { appType: 'custom', subject: endUserClientId, role: 'EndUser' },
                sessions: [],
                entries: [],
                endUserTyping: false,
            };
            this.byKey.set(endUserClientId, conversation);
        }
        let session = conversation.sessions.at(-1);
        if (!session || session.status === 'Ended') {
            session = { sessionId: fakeSessionId(), status: 'Waiting', startedAt: this.now() };
            conversation.sessions.push(session);
        }
        return { conversation, session };
    }

    hasEntry(conversation: Conversation, id: string): boolean {
        return conversation.entries.some((e) => e.id === id);
    }

    addEndUserEntry(
        conversation: Conversation,
        entry: Omit<ConversationEntry, 'sender' | 'senderDisplayName' | 'at'>,
    ): void {
        if (entry.entryType === 'TypingStartedIndicator') conversation.endUserTyping = true;
        else if (entry.entryType === 'TypingStoppedIndicator' || entry.entryType === 'Message')
            conversation.endUserTyping = false;
        if (entry.entryType !== 'TypingStartedIndicator' && entry.entryType !== 'TypingStoppedIndicator')
            conversation.entries.push({
                ...entry,
                sender: conversation.endUser,
                senderDisplayName: conversation.endUser.subject,
                at: this.now(),
            });
        this.changed(conversation);
    }

    // ---- agent actions (the Messaging console) ------------------------------------------------------------------

    accept(conversation: Conversation, agent: { userId: string; name: string }): void {
        const session = this.openSession(conversation);
        session.status = 'Active';
        session.agent = agent;
        this.publishEntry(conversation, agent, 'ParticipantChanged', {
            entries: [{ operation: 'add', participant: agentParticipant(agent.userId), displayName: agent.name }],
        });
        this.publishSessionStatus(conversation, session, 'Waiting');
    }

    reply(conversation: Conversation, text: string): ConversationEntry {
        const { agent } = this.activeSession(conversation);
        const entry = this.publishEntry(conversation, agent, 'Message', {
            abstractMessage: {
                messageType: 'StaticContentMessage',
                id: '',
                staticContent: { formatType: 'Text', text },
            },
        });
        return entry;
    }

    replyWithAttachment(
        conversation: Conversation,
        text: string,
        attachment: { name: string; mimeType: string; url: string },
    ): ConversationEntry {
        const { agent } = this.activeSession(conversation);
        return this.publishEntry(conversation, agent, 'Message', {
            abstractMessage: {
                messageType: 'StaticContentMessage',
                id: '',
                staticContent: {
                    formatType: 'Attachments',
                    text,
                    attachments: [
                        { id: randomUUID(), referenceId: randomUUID(), attachmentUploadResult: null, ...attachment },
                    ],
                },
            },
        });
    }

    typing(conversation: Conversation, started: boolean): void {
        const { agent } = this.activeSession(conversation);
        this.publishEntry(conversation, agent, started ? 'TypingStartedIndicator' : 'TypingStoppedIndicator', {
            timestamp: this.now(),
        });
    }

    /** The agent read the end user's messages up to `entryId`. */
    read(conversation: Conversation, entryId: string): void {
        const { agent } = this.activeSession(conversation);
        this.publishEntry(conversation, agent, 'ReadAcknowledgement', {
            recipient: conversation.endUser,
            acknowledgedConversationEntryIdentifier: entryId,
            acknowledgementTimestamp: this.now(),
        });
    }

    /** The agent transfers the conversation (Omni-Channel routes it again). */
    transfer(conversation: Conversation): void {
        const { agent } = this.activeSession(conversation);
        this.publishEntry(conversation, agent, 'TransferProgress', { transferStatus: 'Initiated' });
    }

    end(conversation: Conversation): void {
        const session = this.openSession(conversation);
        const agent = session.agent ?? { userId: '005000000000000AAA', name: 'System' };
        const previous = session.status;
        session.status = 'Ended';
        if (session.agent)
            this.publishEntry(conversation, agent, 'ParticipantChanged', {
                entries: [
                    { operation: 'remove', participant: agentParticipant(agent.userId), displayName: agent.name },
                ],
            });
        this.publishSessionStatus(conversation, session, previous, 'Agent');
    }

    reset(): void {
        this.byKey.clear();
    }

    private openSession(conversation: Conversation): MessagingSession {
        const session = conversation.sessions.at(-1);
        if (!session || session.status === 'Ended') throw new Error('no open messaging session');
        return session;
    }

    private activeSession(conversation: Conversation): MessagingSession & { agent: { userId: string; name: string } } {
        const session = this.openSession(conversation);
        if (session.status !== 'Active' || !session.agent) throw new Error('the session has not been accepted');
        return session as MessagingSession & { agent: { userId: string; name: string } };
    }

    private publishSessionStatus(
        conversation: Conversation,
        session: MessagingSession,
        previous: SessionStatus,
        endedBy?: string,
    ): void {
        const agent = session.agent ?? { userId: '005000000000000AAA', name: 'System' };
        this.publishEntry(conversation, agent, 'SessionStatusChanged', {
            conversationIdentifier: conversation.conversationIdentifier,
            channelAddressIdentifier: conversation.channelAddressIdentifier,
            sessionId: session.sessionId,
            sessionStatus: session.status,
            sessionStatusPrev: previous,
            sessionStartTime: session.startedAt,
            ...(session.status === 'Ended'
                ? { sessionEndTime: this.now(), sessionEndedByRole: endedBy ?? 'Agent' }
                : {}),
        });
    }

    private publishEntry(
        conversation: Conversation,
        agent: { userId: string; name: string },
        entryType: string,
        fields: Record<string, unknown>,
    ): ConversationEntry {
        const id = randomUUID();
        const at = this.now();
        const entryPayload: Record<string, unknown> = { entryType, id, ...fields };
        const message = entryPayload['abstractMessage'] as Record<string, unknown> | undefined;
        if (message) message['id'] = id;
        const sender = agentParticipant(agent.userId);
        const entry: ConversationEntry = { id, entryType, sender, senderDisplayName: agent.name, at };
        const content = (message?.['staticContent'] ?? {}) as { text?: string };
        if (typeof content.text === 'string') entry.text = content.text;
        if (entryType === 'ReadAcknowledgement')
            entry.acknowledges = { entryId: String(fields['acknowledgedConversationEntryIdentifier']), type: 'Read' };
        if (!entryType.startsWith('Typing')) conversation.entries.push(entry);
        this.bus.publish(
            'Interaction',
            {
                conversationIdentifier: conversation.conversationIdentifier,
                channelAddressIdentifier: conversation.channelAddressIdentifier,
                recipient: conversation.endUser,
                payload: {
                    senderDisplayName: agent.name,
                    identifier: id,
                    entryType,
                    entryPayload,
                    sender,
                    transcriptedTimestamp: at,
                    clientTimestamp: at,
                    clientDuration: 0,
                },
            },
            agent.userId,
        );
        this.changed(conversation);
        return entry;
    }

    changed(conversation: Conversation): void {
        for (const listener of this.listeners) listener(conversation);
    }
}

function agentParticipant(userId: string): Participant {
    return { appType: 'agent', subject: userId, role: 'Agent' };
}

/** A MessagingSession-shaped id (prefix 0Mw) for the work item. */
function fakeSessionId(): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let id = '0Mw';
    for (let i = 0; i < 12; i++) id += chars[Math.floor(Math.random() * chars.length)];
    return id;
}
