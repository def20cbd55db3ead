/** How the widget exchanges raw messages with its host page. */
export interface HostTransport {
    /** False when no host can hear us (e.g. the page was opened outside lightning:container). */
    isAvailable(): boolean;
    send(message: unknown): void;
    /** Returns an unsubscribe function. */
    onMessage(handler: (message: unknown) => void): () => void;
}
