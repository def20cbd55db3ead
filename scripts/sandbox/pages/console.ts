/// <reference lib="dom" />
/**
 * Console page: the Service Console stand-in for one agent. The utility bar runs the SHIPPED tim_utilities_bar
 * controller and helper (force-app) over the Aura stand-in (../aura-stand-in/), hosting the real tim_bar widget.
 * Their Apex calls are answered by the sandbox's server side (/sandbox/api/console/*), as Apex does in Salesforce.
 */
import type { ConsoleCase, ConsoleEngagement, ConsoleState, SyncLogEntry } from '../console-service.js';
import type { ConsoleData } from '../html.js';
import type { RelaySession } from '../http-clients.js';
import { mountTimUtilitiesBar } from '../aura-stand-in/tim-utilities-bar.js';
import { api, byId, errorMessage, h, hide, show } from './dom.js';
import { renderEngagement } from './console-engagement.js';
import { mountConsolePhonePanel } from './console-phone.js';

const boot = JSON.parse(byId('console-boot').textContent ?? '{}') as ConsoleData;
const me = boot.agent;
const rows = byId<HTMLTableSectionElement>('case-rows');
const syncLog = byId<HTMLOListElement>('sync-log');
const errorBox = byId('console-error');
const label = byId('utility-label');
const frame = byId<HTMLIFrameElement>('widget');
const utilityPanel = byId('utility-panel');
const closeAction = byId<HTMLSelectElement>('close-action');
/** The selected case's rating, timings and engagement log (below the case list). */
const engagementPanel = h('section', { id: 'case-engagement', className: 'engagement-panel', 'aria-live': 'polite' });
engagementPanel.hidden = true;
byId('no-cases').after(engagementPanel);

let state: ConsoleState | null = null;
let selectedCase: string | null = null;
let busy = false;
let lastCasesKey = '';
let lastSyncKey = '';
let lastEngagementKey = '';
/** Rebuild the case rows at the next refresh even while an owner select has the focus (its choice is made). */
let redrawRows = false;
/** The case whose Delete waits for its confirmation (kept across the periodic redraws). */
let confirmingDelete: string | null = null;
const names = new Map<string, string>();

// ---- the agent's language (Salesforce user settings: language, locale, time zone) ------------------
/** The languages the widget ships; the page reloads with the choice, as Salesforce does after a settings change. */
const LANGUAGES = [
    { value: 'en_US', text: 'English', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone },
    { value: 'zh_CN', text: '中文', timezone: 'Asia/Shanghai' },
] as const;
const chosenLanguage =
    LANGUAGES.find((l) => l.value === new URLSearchParams(location.search).get('lang')) ?? LANGUAGES[0];
const languageSelect = h(
    'select',
    { id: 'language-select' },
    ...LANGUAGES.map((l) => h('option', { value: l.value, text: l.text, selected: l === chosenLanguage })),
);
languageSelect.addEventListener('change', () => {
    const url = new URL(location.href);
    url.searchParams.set('lang', languageSelect.value);
    location.assign(url.href);
});
byId('close-action')
    .closest('label')
    ?.after(h('label', { className: 'language' }, 'Agent language ', languageSelect));

// ---- agent switch / settings ----------------------------------------------------------------------
byId<HTMLSelectElement>('agent-select').addEventListener('change', () => byId<HTMLFormElement>('agent-form').submit());
closeAction.addEventListener('change', () => {
    void api('POST', '/sandbox/api/console/settings', { closeAction: closeAction.value }).then(refresh, (e: unknown) =>
        showError(e),
    );
});

function showError(e: unknown): void {
    show(errorBox, errorMessage(e));
}

// ---- state ---------------------------------------------------------------------------------------
async function refresh(): Promise<void> {
    try {
        state = await api<ConsoleState>('GET', `/sandbox/api/console/state?agent=${encodeURIComponent(me.userId)}`);
    } catch (e) {
        showError(e);
        return;
    }
    for (const o of state.owners) names.set(o.id, o.name);
    if (document.activeElement !== closeAction) closeAction.value = state.settings.closeAction;
    renderCases(state);
    renderSyncs(state.syncs);
    await refreshEngagement();
}

/** Reads the selected case's engagement record (the panel hides when no chat case is selected). */
async function refreshEngagement(): Promise<void> {
    const caseId = selectedCase;
    if (!caseId || !state?.cases.some((c) => c.id === caseId)) {
        engagementPanel.hidden = true;
        lastEngagementKey = '';
        return;
    }
    let data: ConsoleEngagement;
    try {
        data = await api<ConsoleEngagement>(
            'GET',
            `/sandbox/api/console/cases/${encodeURIComponent(caseId)}/engagement?agent=${encodeURIComponent(me.userId)}`,
        );
    } catch (e) {
        showError(e);
        return;
    }
    if (caseId !== selectedCase) return;
    const key = JSON.stringify(data);
    if (key !== lastEngagementKey) {
        lastEngagementKey = key;
        engagementPanel.replaceChildren(renderEngagement(data));
    }
    engagementPanel.hidden = false;
}

async function act(caseId: string, action: string, extra: Record<string, string> = {}): Promise<void> {
    if (busy) return;
    busy = true;
    hide(errorBox);
    document.body.dataset.busy = 'true';
    try {
        await api('POST', `/sandbox/api/console/cases/${encodeURIComponent(caseId)}/${action}`, {
            agent: me.userId,
            ...extra,
        });
    } catch (e) {
        showError(e);
    } finally {
        busy = false;
        delete document.body.dataset.busy;
        lastCasesKey = '';
        await refresh();
    }
}

function button(text: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
    const b = h('button', { type: 'button', text, ...attrs });
    b.addEventListener('click', (ev) => {
        ev.stopPropagation();
        onClick();
    });
    return b;
}

function renderCases(s: ConsoleState): void {
    const key = JSON.stringify([s.cases, s.owners, selectedCase]);
    const focused = document.activeElement instanceof HTMLSelectElement && rows.contains(document.activeElement);
    // Do not rebuild under a dropdown the agent may be using (unless its choice was just made) or while an action runs.
    if (key === lastCasesKey || busy || (focused && !redrawRows)) return;
    const focusedCase = focused ? (document.activeElement as HTMLElement).closest('tr')?.dataset.caseId : undefined;
    redrawRows = false;
    lastCasesKey = key;
    byId('no-cases').hidden = s.cases.length > 0;
    rows.replaceChildren(...s.cases.map((c) => caseRow(c, s)));
    // Keep the keyboard where it was: on the same case's owner select.
    if (focusedCase)
        rows.querySelector<HTMLSelectElement>(`tr[data-case-id="${CSS.escape(focusedCase)}"] select.owner`)?.focus();
}

function caseRow(c: ConsoleCase, s: ConsoleState): HTMLTableRowElement {
    const owner = h('select', { 'aria-label': `Owner of case ${c.caseNumber}`, className: 'owner' });
    for (const o of s.owners)
        owner.append(
            h('option', {
                value: o.id,
                text: o.kind === 'Queue' ? `${o.name} (queue)` : o.name,
                selected: o.id === c.ownerId,
            }),
        );
    if (!s.owners.some((o) => o.id === c.ownerId))
        owner.append(h('option', { value: c.ownerId, text: c.ownerName, selected: true }));
    owner.addEventListener('click', (ev) => ev.stopPropagation());
    owner.addEventListener('change', () => {
        redrawRows = true;
        void act(c.id, 'owner', { ownerId: owner.value });
    });

    const mine = c.agentWork.find((w) => w.userId === me.userId && w.status === 'Opened');
    const actions = h('td', { className: 'actions' });
    if (!c.isClosed && !mine)
        actions.append(button('Accept', () => void act(c.id, 'accept'), { 'data-action': 'accept' }));
    if (mine) actions.append(button('Close work', () => void act(c.id, 'release'), { 'data-action': 'release' }));
    actions.append(
        c.isClosed
            ? button('Reopen', () => void act(c.id, 'reopen'), { 'data-action': 'reopen' })
            : button('Close case', () => void act(c.id, 'close'), { 'data-action': 'close' }),
    );
    const confirming = confirmingDelete === c.id;
    const del = button(
        confirming ? 'Confirm delete' : 'Delete',
        () => {
            if (confirmingDelete === c.id) {
                confirmingDelete = null;
                void act(c.id, 'delete');
            } else {
                confirmingDelete = c.id;
                del.dataset.confirm = 'yes';
                del.textContent = 'Confirm delete';
            }
        },
        { 'data-action': 'delete', className: 'danger', ...(confirming ? { 'data-confirm': 'yes' } : {}) },
    );
    actions.append(del);

    const caseCell = h(
        'td',
        {},
        h('strong', { text: c.caseNumber }),
        h('br'),
        h('a', {
            href: `/sandbox/inspect/group/${encodeURIComponent(c.groupId)}`,
            target: '_blank',
            rel: 'noopener',
            className: 'small',
            text: 'Group state',
        }),
    );
    for (const t of c.transcripts) {
        caseCell.append(
            ' · ',
            h('a', {
                href: `/sandbox/inspect/transcript/${encodeURIComponent(t.contentVersionId)}`,
                target: '_blank',
                rel: 'noopener',
                className: 'small transcript-link',
                'data-cv': t.contentVersionId,
                text: 'View transcript',
            }),
        );
    }
    const work = c.agentWork.length ? c.agentWork.map((w) => `${w.name}: ${w.status}`).join(', ') : '—';
    const tr = h(
        'tr',
        {
            'data-case-id': c.id,
            'data-owner-id': c.ownerId,
            'data-status': c.status,
            className: [
                c.isClosed ? 'closed' : '',
                c.id === selectedCase ? 'selected' : '',
                c.ownerId === me.userId ? 'mine' : '',
            ]
                .join(' ')
                .trim(),
            title: 'Click to focus this case in the chat widget',
        },
        caseCell,
        h('td', { text: c.subject }),
        h('td', { text: c.customerName }),
        h('td', { text: c.status }),
        h('td', {}, owner),
        h('td', { className: 'small', text: work }),
        actions,
    );
    tr.addEventListener('click', () => focusCase(c.id));
    return tr;
}

function renderSyncs(list: SyncLogEntry[]): void {
    const key = JSON.stringify(list.map((s) => s.id));
    if (key === lastSyncKey) return;
    lastSyncKey = key;
    syncLog.replaceChildren(
        ...list.map((s) => {
            const li = h('li', {
                'data-sync-id': s.id,
                className: s.error || s.results.some((r) => !r.ok) ? 'failed' : 'ok',
            });
            li.append(
                h(
                    'div',
                    { className: 'sync-head' },
                    h('time', { text: new Date(s.at).toLocaleTimeString() }),
                    ' ',
                    h('strong', { text: s.reason }),
                ),
            );
            if (s.error) li.append(h('p', { className: 'error', text: s.error }));
            for (const a of s.archived) {
                li.append(
                    h(
                        'p',
                        { className: 'archived' },
                        `Transcript of ${a.caseNumber} archived first (${a.messages} messages): `,
                        h('a', {
                            href: `/sandbox/inspect/transcript/${encodeURIComponent(a.contentVersionId)}`,
                            target: '_blank',
                            rel: 'noopener',
                            text: a.contentVersionId,
                        }),
                    ),
                );
            }
            for (const r of s.results) {
                const req = s.request.find((g) => g.groupId === r.groupId);
                const who = (ids: string[] | undefined) =>
                    ids && ids.length ? ids.map((id) => names.get(id) ?? id).join(', ') : '—';
                li.append(
                    h(
                        'p',
                        {
                            className: r.ok ? 'result ok' : 'result failed',
                            'data-group-id': r.groupId,
                            'data-state': r.state,
                        },
                        h('code', { text: r.groupId }),
                        ` → ${r.state}${r.ok ? '' : ' FAILED'}; agents wanted: ${req ? who(req.agents.map((a) => a.userId)) : '—'}; added: ${who(r.added)}; removed: ${who(r.removed)}${r.recreated ? '; group recreated' : ''}`,
                        r.error ? ` — ${r.error.code}: ${r.error.message}` : '',
                    ),
                );
            }
            return li;
        }),
    );
}

function selectRow(caseId: string): boolean {
    selectedCase = caseId;
    let found = false;
    for (const tr of Array.from(rows.querySelectorAll('tr'))) {
        const on = tr.dataset.caseId === caseId;
        tr.classList.toggle('selected', on);
        if (on) {
            found = true;
            tr.scrollIntoView({ block: 'nearest' });
        }
    }
    return found;
}

// ---- widget host: the shipped tim_utilities_bar over the Aura stand-in ------------------------------
/** TimChatSessionController's methods, answered by the sandbox's server side (it keeps the relay API key). */
const host = mountTimUtilitiesBar({
    frame,
    src: boot.widgetUrl,
    apex: {
        getSession: () => api<RelaySession>('POST', '/sandbox/api/console/session', { agent: me.userId }),
        getHistory: (p) =>
            api('POST', '/sandbox/api/console/history', {
                agent: me.userId,
                caseId: p.caseId,
                beforeSeq: p.beforeSeq ?? null,
            }),
        searchQuickText: (p) =>
            api('POST', '/sandbox/api/console/quick-text', {
                agent: me.userId,
                query: typeof p.query === 'string' ? p.query : '',
            }),
    },
    utilityItem: {
        adminLabel: 'Case chat',
        show(text, highlighted) {
            label.textContent = text;
            label.dataset.highlighted = String(highlighted);
        },
        showPanel(visible) {
            label.setAttribute('aria-expanded', String(visible));
            utilityPanel.classList.toggle('minimized', !visible);
        },
    },
    user: {
        id: me.userId,
        locale: {
            langLocale: chosenLanguage.value,
            language: chosenLanguage.value.slice(0, 2),
            userLocaleLang: chosenLanguage.value.slice(0, 2),
            userLocaleCountry: chosenLanguage.value.slice(3),
            timezone: chosenLanguage.timezone,
        },
    },
    onNavigate: (ref) => {
        const recordId = ref.attributes?.recordId;
        if (typeof recordId === 'string' && !selectRow(recordId))
            showError(`The widget asked to open ${recordId}, which is not in this list.`);
        lastCasesKey = '';
    },
    onError: (e) => showError(e),
});
(window as unknown as { __hostLog: unknown[] }).__hostLog = host.log;
/** The utility item in the bar: a click opens or minimizes its panel (the utilityBarAPI stand-in tells the host). */
label.addEventListener('click', () => host.clickUtilityItem());

/** A row click stands for opening the Case's console tab. */
function focusCase(caseId: string): void {
    selectRow(caseId);
    lastCasesKey = '';
    host.focusRecordTab(caseId);
    void refreshEngagement();
}

// The phone (tim_phone_bar) as a second utility item, with the sandbox's call simulator: console-phone.ts.
mountConsolePhonePanel(me, {
    utility: frame.parentElement ?? document.body,
    main: rows.closest('main') ?? document.body,
});

void refresh();
setInterval(() => void refresh(), 1500);
