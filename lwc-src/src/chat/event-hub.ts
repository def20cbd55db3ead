import type { ChatClientEvent, ChatClientEvents } from './chat-client';

/** Small typed event emitter shared by the ChatClient implementations. */
export class EventHub {
    private readonly handlers = new Map<ChatClientEvent, Set<(...args: never[]) => void>>();

    on<E extends ChatClientEvent>(event: E, handler: ChatClientEvents[E]): () => void {
        let set = this.handlers.get(event);
        if (!set) {
            set = new Set();
            this.handlers.set(event, set);
        }
        set.add(handler);
        return () => set.delete(handler);
    }

    emit<E extends ChatClientEvent>(event: E, ...args: Parameters<ChatClientEvents[E]>): void {
        const set = this.handlers.get(event);
        if (!set) return;
        for (const h of [...set]) (h as (...a: Parameters<ChatClientEvents[E]>) => void)(...args);
    }
}
