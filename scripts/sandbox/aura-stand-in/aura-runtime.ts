/// <reference lib="dom" />
/**
 * The part of the Aura framework the shipped tim_utilities_bar controller/helper use, and nothing more:
 * `$A.enqueueAction` / `$A.getCallback` / `$A.get` (the `$Locale` and `$SObjectType.CurrentUser` global value
 * providers), a component with `get('v.…')` / `set('v.…')` / `get('c.<apex method>')` /
 * `find(auraId)` / `isValid()`, and server actions (`setParams`, `setCallback`, response `getState` /
 * `getReturnValue` / `getError`). Apex methods are answered by a function the page provides (in the sandbox: its
 * relay-backed routes, which keep the API key on the server).
 */

export interface AuraEvent {
    getParams(): Record<string, unknown>;
}

export interface AuraResponse {
    getState(): 'SUCCESS' | 'ERROR';
    getReturnValue(): unknown;
    getError(): Array<{ message: string }>;
}

/** Calls an @AuraEnabled Apex method; a rejection becomes an ERROR response with its message. */
export type ApexMethod = (params: Record<string, unknown>) => Promise<unknown>;

export class AuraAction {
    private params: Record<string, unknown> = {};
    private callback: ((response: AuraResponse) => void) | null = null;

    constructor(
        readonly name: string,
        private readonly method: ApexMethod,
    ) {}

    setParams(params: Record<string, unknown>): void {
        this.params = { ...params };
    }

    setCallback(scope: unknown, callback: (response: AuraResponse) => void): void {
        this.callback = callback.bind(scope);
    }

    /** Runs the server call (what $A.enqueueAction does), then the callback with Aura's response shape. */
    async run(): Promise<void> {
        let response: AuraResponse;
        try {
            const value = await this.method(this.params);
            response = { getState: () => 'SUCCESS', getReturnValue: () => value, getError: () => [] };
        } catch (e) {
            // Apex's AuraHandledException message (the pages' API errors are `{status, code, message}` objects)
            const text = (e as { message?: unknown } | null)?.message;
            const message = typeof text === 'string' && text ? text : String(e);
            response = { getState: () => 'ERROR', getReturnValue: () => null, getError: () => [{ message }] };
        }
        this.callback?.(response);
    }
}

export interface AuraGlobal {
    enqueueAction(action: AuraAction): void;
    getCallback<F>(fn: F): F;
    get(expression: string): unknown;
}

/**
 * The current user as Aura's global value providers report them: `$Locale` (language `langLocale` "zh_CN", locale
 * `userLocaleLang` + `userLocaleCountry`, `timezone` an IANA zone) and `$SObjectType.CurrentUser.Id`.
 */
export interface AuraUser {
    id: string;
    locale: {
        langLocale: string;
        language: string;
        userLocaleLang: string;
        userLocaleCountry: string;
        timezone: string;
    };
}

export function createAuraGlobal(onError: (e: unknown) => void, user?: AuraUser): AuraGlobal {
    return {
        get(expression) {
            if (!user) return undefined;
            if (expression === '$SObjectType.CurrentUser.Id') return user.id;
            const key = /^\$Locale\.(\w+)$/.exec(expression)?.[1];
            return key && Object.prototype.hasOwnProperty.call(user.locale, key)
                ? user.locale[key as keyof AuraUser['locale']]
                : undefined;
        },
        enqueueAction(action) {
            action.run().catch(onError);
        },
        // Aura wraps callbacks that run outside its lifecycle (promises, timers); here they simply run.
        getCallback(fn) {
            return fn;
        },
    };
}

/**
 * One component instance: attributes (`v.`), Apex actions (`c.`), child components by aura:id. `onChange` stands
 * for Aura's rerender: the page redraws the component's markup from its attributes.
 */
export class AuraComponent {
    private readonly attributes: Map<string, unknown>;
    private valid = true;

    constructor(
        attributes: Record<string, unknown>,
        private readonly apex: Record<string, ApexMethod>,
        private readonly children: Record<string, unknown>,
        private readonly onChange?: (name: string, value: unknown) => void,
    ) {
        this.attributes = new Map(Object.entries(attributes));
    }

    get(key: string): unknown {
        if (key.startsWith('v.')) return this.attributes.get(key.slice(2));
        if (key.startsWith('c.')) {
            const name = key.slice(2);
            const method = Object.prototype.hasOwnProperty.call(this.apex, name) ? this.apex[name] : undefined;
            if (!method) throw new Error(`Unknown controller action '${name}'`);
            return new AuraAction(name, method);
        }
        throw new Error(`Invalid key ${key}`);
    }

    set(key: string, value: unknown): void {
        if (!key.startsWith('v.')) throw new Error(`Invalid key ${key}`);
        this.attributes.set(key.slice(2), value);
        if (this.valid) this.onChange?.(key.slice(2), value);
    }

    find(auraId: string): unknown {
        return Object.prototype.hasOwnProperty.call(this.children, auraId) ? this.children[auraId] : undefined;
    }

    isValid(): boolean {
        return this.valid;
    }

    destroy(): void {
        this.valid = false;
    }
}
