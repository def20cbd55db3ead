/**
 * `aura:tim_utilities_bar` — the shipped Aura controller and helper of force-app/main/default/aura/tim_utilities_bar,
 * provided at bundle time by shipped-bundle-plugin.ts (the files' text, unchanged, as the object literals they are).
 * The factory takes what Aura provides to them as a global (`$A`, see aura-runtime.ts).
 */
declare module 'aura:tim_utilities_bar' {
    type Handler = (component: unknown, event: { getParams(): Record<string, unknown> }, helper: unknown) => void;
    const load: ($A: {
        enqueueAction(action: never): void;
        getCallback<F>(fn: F): F;
        get(expression: string): unknown;
    }) => {
        controller: Record<string, Handler | undefined>;
        helper: Record<string, unknown>;
    };
    export default load;
}

/** `aura:tim_phone_bar` — the shipped controller and helper of force-app/main/default/aura/tim_phone_bar. */
declare module 'aura:tim_phone_bar' {
    type Handler = (
        component: unknown,
        event: { getParams(): Record<string, unknown>; getSource(): { get(key: string): unknown } },
        helper: unknown,
    ) => void;
    const load: ($A: { enqueueAction(action: never): void; getCallback<F>(fn: F): F }) => {
        controller: Record<string, Handler | undefined>;
        helper: Record<string, unknown>;
    };
    export default load;
}
