/// <reference lib="dom" />
/**
 * The console's phone: the SHIPPED tim_phone_bar (force-app) over the Aura stand-in as a second utility item, loading
 * the built static resource tim_voice, which frames the relay's agent phone page (served from the other loopback
 * name, so the origin checks are real). Its Apex calls are answered by the sandbox's server side
 * (/sandbox/api/console/voice/*, the same semantics as TimVoiceController). Beside it, sandbox-only: a control that
 * places a simulated inbound call to the agent's TCCC seat, and the record the screen pop opened with its call log.
 */
import type { ConsoleAgent } from '../console-service.js';
import type { PoppedCase } from '../voice-console-service.js';
import { VOICE_DEMO } from '../voice-demo.js';
import { mountTimPhoneBar } from '../aura-stand-in/tim-phone-bar.js';
import { api, errorMessage, h } from './dom.js';
import { eventsTable } from './console-engagement.js';

export const TIM_VOICE_SCRIPT = '/sandbox/tim_voice/console-phone.js';

function renderPopped(c: PoppedCase): HTMLElement {
    const field = (label: string, value: string, key: string) =>
        h('tr', { 'data-field': key }, h('th', { text: label }), h('td', { text: value || '—' }));
    const events = eventsTable(c.events, 'engagement-events call-log', 'No call events logged yet.');
    return h(
        'div',
        { className: 'popped-case', 'data-case-id': c.caseId, 'data-contact-id': c.contactId ?? '' },
        h('h2', { text: `Case ${c.caseNumber} (opened by the phone)` }),
        h(
            'table',
            { className: 'kv' },
            field('Subject', c.subject, 'subject'),
            field('Contact', c.contactName, 'contact'),
            field('Origin', c.origin, 'origin'),
            field('Caller number', c.suppliedPhone, 'supplied-phone'),
            field('Status', c.status, 'status'),
        ),
        h('h3', { text: 'Timeline' }),
        events,
    );
}

/** Adds the phone utility item, the call simulator and the popped-record panel to the console page. */
export function mountConsolePhonePanel(agent: ConsoleAgent, where: { utility: HTMLElement; main: HTMLElement }): void {
    const agentParam = encodeURIComponent(agent.userId);
    // ---- the utility item --------------------------------------------------------------------------
    const label = h('div', { className: 'utility-label', id: 'phone-utility-label', text: 'Phone' });
    const root = h('div', { className: 'phone-utility', id: 'phone-utility' });
    where.utility.append(label, root);

    // ---- sandbox-only: simulate a call, show the popped record ------------------------------------------
    const from = h('input', {
        id: 'call-from',
        name: 'from',
        value: VOICE_DEMO.knownCaller.dial,
        list: 'demo-callers',
        size: 18,
        'aria-label': 'Caller number',
        autocomplete: 'off',
    });
    const d = VOICE_DEMO;
    const presets = h(
        'datalist',
        { id: 'demo-callers' },
        h('option', {
            value: d.knownCaller.dial,
            text: `${d.knownCaller.first} ${d.knownCaller.last} (one open case)`,
        }),
        h('option', {
            value: d.contactWithoutCase.dial,
            text: `${d.contactWithoutCase.first} ${d.contactWithoutCase.last} (no open case)`,
        }),
        h('option', { value: d.householdDial, text: 'The Raman household (two contacts)' }),
        h('option', { value: d.unknownDial, text: 'Unknown caller' }),
    );
    const result = h('span', { id: 'call-result', className: 'small', 'aria-live': 'polite' });
    const form = h(
        'form',
        { id: 'call-form', className: 'call-form' },
        h('label', {}, 'Simulate an inbound call from ', from),
        presets,
        ' ',
        h('button', { type: 'submit', id: 'call-place', text: 'Call this agent' }),
        ' ',
        result,
    );
    const popped = h('section', { id: 'popped-record', className: 'engagement-panel', 'aria-live': 'polite' });
    popped.hidden = true;
    where.main.append(
        h(
            'section',
            { className: 'phone-demo' },
            h('h2', { text: 'Phone (Tencent Cloud Contact Center, simulated)' }),
            form,
        ),
        popped,
    );
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        result.textContent = '';
        // the sandbox's call control (voice-sandbox.ts): the fake TCCC rings this agent's seat
        api<{ sessionId: string }>('POST', '/sandbox/api/voice/calls', {
            userId: agent.userId,
            from: from.value.trim(),
        })
            .then((r) => {
                result.textContent = `Ringing (session ${r.sessionId})`;
            })
            .catch((e: unknown) => {
                result.textContent = errorMessage(e);
            });
    });

    let shownCase: string | null = null;
    let lastKey = '';
    const refreshPopped = async (): Promise<void> => {
        const caseId = shownCase;
        if (!caseId) return;
        try {
            const c = await api<PoppedCase>(
                'GET',
                `/sandbox/api/console/voice/cases/${encodeURIComponent(caseId)}?agent=${agentParam}`,
            );
            const key = JSON.stringify(c);
            if (caseId !== shownCase || key === lastKey) return;
            lastKey = key;
            popped.replaceChildren(renderPopped(c));
            popped.hidden = false;
        } catch (e) {
            popped.replaceChildren(h('p', { className: 'error', text: errorMessage(e) }));
            popped.hidden = false;
        }
    };
    setInterval(() => void refreshPopped(), 1500);

    // ---- the shipped component ------------------------------------------------------------------------
    mountTimPhoneBar({
        root,
        scriptUrl: TIM_VOICE_SCRIPT,
        defaultCallingCode: VOICE_DEMO.defaultCallingCode,
        apex: {
            startVoiceSession: () => api('POST', '/sandbox/api/console/voice/session', { agent: agent.userId }),
            findCallerRecords: (p) =>
                api('POST', '/sandbox/api/console/voice/callers', { agent: agent.userId, phoneE164: p.phoneE164 }),
            createPhoneCase: (p) =>
                api('POST', '/sandbox/api/console/voice/cases', {
                    agent: agent.userId,
                    phoneE164: p.phoneE164 ?? null,
                    contactId: p.contactId ?? null,
                }),
        },
        utilityItem: {
            adminLabel: 'Phone',
            show(text, highlighted) {
                label.textContent = text;
                label.dataset.highlighted = String(highlighted);
            },
            showPanel(visible) {
                root.hidden = !visible;
            },
        },
        onOpenTab: (recordId) => {
            shownCase = recordId;
            lastKey = '';
            void refreshPopped();
        },
        onNavigate: (ref) => {
            const recordId = ref.attributes?.recordId;
            if (typeof recordId === 'string') {
                shownCase = recordId;
                lastKey = '';
                void refreshPopped();
            }
        },
        onError: (e) => {
            result.textContent = errorMessage(e);
        },
    });
}
