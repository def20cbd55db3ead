import type { ChatClient } from '../chat/chat-client';
import type { ChatMessage } from '../chat/chat-types';
import type { Logger } from '../logger';
import type { ChatStore } from '../store/chat-store';

/** Profile lookups per call (the SDK's limit for getUserProfile is 100). */
const MAX_LOOKUP = 100;

/**
 * Who wrote what: the service gives live messages the sender's nick, but the relay's history page (messages sent
 * before the agent joined) carries only the sender id. The relay sets agents' Tencent nicks to their Salesforce
 * names, so the ids without a nick are looked up once in the chat service's profiles.
 */
export class SenderNames {
    private readonly asked = new Set<string>();

    constructor(
        private readonly store: ChatStore,
        private readonly client: () => ChatClient | null,
        private readonly logger: Logger,
    ) {}

    /** Looks up the senders in these messages that have no name yet. */
    resolve(groupId: string, messages: readonly ChatMessage[]): void {
        const customerId = this.store.conversation(groupId)?.customerId ?? '';
        const ids: string[] = [];
        for (const m of messages) {
            const id = m.from;
            if (m.mine || m.nick || !id || id === customerId || id.startsWith('@TIM#') || this.asked.has(id)) continue;
            if (this.store.displayName(id)) continue;
            this.asked.add(id);
            ids.push(id);
        }
        const client = this.client();
        if (!client || ids.length === 0) return;
        for (let i = 0; i < ids.length; i += MAX_LOOKUP) {
            const batch = ids.slice(i, i + MAX_LOOKUP);
            client
                .displayNames(batch)
                .then((names) => this.store.setNames(names))
                .catch((e: unknown) => {
                    for (const id of batch) this.asked.delete(id);
                    this.logger.warn('tim-bar: sender names not loaded', String(e));
                });
        }
    }

    reset(): void {
        this.asked.clear();
    }
}
