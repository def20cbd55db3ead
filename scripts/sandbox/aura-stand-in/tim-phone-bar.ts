/// <reference lib="dom" />
/**
 * Mounts the SHIPPED tim_phone_bar (controller + helper from force-app, via `aura:tim_phone_bar`) over the Aura
 * stand-in, wired as its .cmp declares: `ltng:require` of `$Resource.tim_voice + '/console-phone.js'` →
 * `afterScriptsLoaded` `c.scriptsLoaded`; the choice buttons' `onclick` → `c.choose` (`event.getSource().get('v.value')`
 * is the button's index); `destroy` → `c.doDestroy`; aura:ids `utilityBar`, `workspace`, `navService`, `phoneFrame`;
 * Apex controller TimVoiceController (`startVoiceSession()`, `findCallerRecords(phoneE164)`,
 * `createPhoneCase(phoneE164, contactId)`). The markup is drawn from the component's attributes as the .cmp does
 * (status text, the choice list while `v.choices` is not empty, the frame holder), always as text.
 */
import load from 'aura:tim_phone_bar';
import { AuraComponent, createAuraGlobal, type ApexMethod } from './aura-runtime.js';
import {
    NavigationStandIn,
    UtilityBarStandIn,
    WorkspaceStandIn,
    type PageReference,
    type UtilityItemView,
} from './lightning-services.js';

export interface TimPhoneBarOptions {
    /** Where the component's markup goes. */
    root: HTMLElement;
    /** `$Resource.tim_voice + '/console-phone.js'`: the built static resource. */
    scriptUrl: string;
    /** The design attribute the admin sets in the App Builder. */
    defaultCallingCode: string;
    apex: { startVoiceSession: ApexMethod; findCallerRecords: ApexMethod; createPhoneCase: ApexMethod };
    utilityItem: UtilityItemView;
    /** The console opens a record's workspace tab. */
    onOpenTab: (recordId: string) => void;
    onNavigate: (ref: PageReference) => void;
    onError?: (e: unknown) => void;
}

export interface MountedTimPhoneBar {
    destroy(): void;
}

interface Choice {
    label?: unknown;
}

export function mountTimPhoneBar(o: TimPhoneBarOptions): MountedTimPhoneBar {
    const onError = o.onError ?? ((e: unknown) => console.error('tim_phone_bar stand-in:', e));
    const { controller, helper } = load(createAuraGlobal(onError));
    const doc = o.root.ownerDocument;
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] => {
        const e = doc.createElement(tag);
        e.className = className;
        return e;
    };
    const wrapper = el('div', 'tim-phone');
    const status = el('p', 'tim-phone-status');
    status.setAttribute('aria-live', 'polite');
    const choiceGroup = el('div', 'tim-phone-choices');
    choiceGroup.setAttribute('role', 'group');
    const choiceTitle = el('p', 'tim-phone-choice-title');
    const frameHolder = el('div', 'tim-phone-frame');
    wrapper.append(status, frameHolder);
    o.root.replaceChildren(wrapper);

    const render = (c: AuraComponent): void => {
        status.textContent = String(c.get('v.status') ?? '');
        status.dataset.kind = String(c.get('v.statusKind') ?? '');
        const choices = (c.get('v.choices') as Choice[] | undefined) ?? [];
        if (choices.length === 0) {
            choiceGroup.remove();
            return;
        }
        const title = String(c.get('v.choiceTitle') ?? '');
        choiceTitle.textContent = title;
        choiceGroup.setAttribute('aria-label', title);
        choiceGroup.replaceChildren(
            choiceTitle,
            ...choices.map((choice, index) => {
                const b = el('button', 'slds-button slds-button_neutral tim-phone-choice');
                b.type = 'button';
                b.textContent = typeof choice.label === 'string' ? choice.label : '';
                b.addEventListener('click', () =>
                    fire('choose', {}, () => ({ get: (k) => (k === 'v.value' ? index : undefined) })),
                );
                return b;
            }),
        );
        if (!choiceGroup.isConnected) status.after(choiceGroup);
    };

    const component: AuraComponent = new AuraComponent(
        // The .cmp's attributes with their defaults (+ the design attribute the admin set).
        {
            defaultCallingCode: o.defaultCallingCode,
            status: 'Starting the phone…',
            statusKind: 'loading',
            choiceTitle: '',
            choices: [],
        },
        o.apex,
        {
            utilityBar: new UtilityBarStandIn(o.utilityItem),
            workspace: new WorkspaceStandIn(o.onOpenTab),
            navService: new NavigationStandIn(o.onNavigate),
            phoneFrame: { getElement: () => frameHolder },
        },
        () => render(component),
    );
    const fire = (
        handler: string,
        params: Record<string, unknown>,
        source: () => { get(key: string): unknown } = () => ({ get: () => undefined }),
    ): void => {
        const fn = controller[handler];
        if (!fn) throw new Error(`tim_phone_bar has no controller action ${handler}`);
        try {
            fn.call(controller, component, { getParams: () => params, getSource: source }, helper);
        } catch (e) {
            onError(e);
        }
    };
    render(component);

    // ltng:require: load the static resource's script, then afterScriptsLoaded.
    const script = doc.createElement('script');
    script.src = o.scriptUrl;
    script.addEventListener('load', () => fire('scriptsLoaded', {}));
    script.addEventListener('error', () => onError(new Error(`ltng:require could not load ${o.scriptUrl}`)));
    doc.head.append(script);

    return {
        destroy() {
            fire('doDestroy', {});
            component.destroy();
            script.remove();
        },
    };
}
