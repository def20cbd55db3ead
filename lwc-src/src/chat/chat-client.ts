import type {
    ChatConversation,
    ChatMessage,
    ChatSession,
    ConnectionState,
    KickReason,
    MessagePage,
    OutgoingFile,
    ReadReceipts,
    TypingSignal,
} from './chat-types';

export interface ChatClientEvents {
    message: (message: ChatMessage) => void;
    /**
     * The COMPLETE current list of group conversations the user is a member of. Authoritative: a conversation
     * missing from it is gone (the agent was removed from the group or the group was dismissed).
     */
    conversationsChanged: (conversations: ChatConversation[]) => void;
    connectionState: (state: ConnectionState) => void;
    kickedOut: (reason: KickReason) => void;
    /** The service told us the login is about to expire (or just did): ask the host for a new session. */
    sessionExpiring: () => void;
    /** Someone else in a conversation is typing, or stopped. */
    typing: (signal: TypingSignal) => void;
    /** Read state of the agent's own messages (only where the service has read receipts). */
    readReceipts: (receipts: ReadReceipts) => void;
}
export type ChatClientEvent = keyof ChatClientEvents;

/**
 * What the store and the UI need from a chat service. Implementations: TencentChatClient (production),
 * ScriptedChatClient (tests, demos) and SandboxChatClient (the sandbox fake's WebSocket, src/chat/sandbox/).
 */
export interface ChatClient {
    /** Logs in; calling it again with a fresh session for the same user renews the login. */
    login(session: ChatSession): Promise<void>;
    logout(): Promise<void>;
    /** Group conversations (one per case) the user is a member of now. */
    conversations(): Promise<ChatConversation[]>;
    /** Newest page when cursor is null, then older pages. */
    getMessages(groupId: string, cursor: string | null): Promise<MessagePage>;
    /** Resolves with the accepted message (with its seq); rejects when the send failed (then `resend` may retry). */
    sendText(groupId: string, text: string, clientId: string): Promise<ChatMessage>;
    sendFile(groupId: string, file: OutgoingFile, clientId: string): Promise<ChatMessage>;
    resend(clientId: string): Promise<ChatMessage>;
    markRead(groupId: string): Promise<void>;
    /** Tells the others online in the conversation that the agent is (or stopped) typing; never stored. */
    sendTyping(groupId: string, typing: boolean): Promise<void>;
    /** Display names (profile nick) of these users; users without one are left out. */
    displayNames(userIds: readonly string[]): Promise<Map<string, string>>;
    on<E extends ChatClientEvent>(event: E, handler: ChatClientEvents[E]): () => void;
}
