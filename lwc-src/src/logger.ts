/** Where the widget reports what it ignores or fails at. Never given secrets (no UserSig). */
export interface Logger {
    warn(message: string, detail?: unknown): void;
    error(message: string, detail?: unknown): void;
}

export const consoleLogger: Logger = {
    warn: (message, detail) => console.warn(message, detail ?? ''),
    error: (message, detail) => console.error(message, detail ?? ''),
};
