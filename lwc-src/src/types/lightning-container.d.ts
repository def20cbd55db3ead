declare module 'lightning-container' {
    export function sendMessage(userMsg: unknown): void;
    export function addMessageHandler(handler: (userMsg: unknown) => void): void;
    export function removeMessageHandler(handler: (userMsg: unknown) => void): void;
    export function addErrorHandler(handler: (errorMsg: string) => void): void;
    export function removeErrorHandler(handler: (errorMsg: string) => void): void;
}
