/*
 * The fake TCCC agent SDK (served by the fake at the SdkURL; a classic script, no imports). Like the real one it is
 * loaded with `<script src=SdkURL data-token data-sdk-app-id data-userid data-render-dom-id>`, sets `window.tccc`
 * (`on`, `off`, `events`, `Call.accept`, `Call.hangup`, `Agent.setStatus`/`getStatus`), renders a small phone in the
 * `data-render-dom-id` element, and raises `ready`, `callIn`, `userAccessed`, `transfer`, `sessionEnded` and
 * `tokenExpired` with the documented payload keys. Calls arrive from the fake over Server-Sent Events.
 */
(function fakeTcccAgentSdk() {
    'use strict';
    const script = document.currentScript;
    if (!script || !script.src) return;
    const base = new URL(script.src).origin;
    const token = script.getAttribute('data-token') || '';
    const sdkAppId = script.getAttribute('data-sdk-app-id') || '';
    const userId = script.getAttribute('data-userid') || '';
    const renderId = script.getAttribute('data-render-dom-id') || '';

    const EVENT_NAMES = [
        'ready',
        'tokenExpired',
        'callIn',
        'userAccessed',
        'transfer',
        'sessionEnded',
        'sessionCompleted',
        'callOuted',
        'calloutAccepted',
        'autoTransfer',
    ];
    const events = {};
    for (const name of EVENT_NAMES) events[name] = name;
    const listeners = new Map();
    let agent = '';
    let status = 'notReady';
    let current = null;
    let source = null;

    function emit(name, payload) {
        for (const fn of [...(listeners.get(name) || [])]) {
            try {
                fn(payload);
            } catch (err) {
                setTimeout(() => {
                    throw err;
                });
            }
        }
        render();
    }

    async function post(path, body) {
        const res = await fetch(`${base}/tccc-agent-sdk/api/${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
        });
        const json = await res.json().catch(() => ({}));
        if (!res.ok) throw new Error((json.error && json.error.message) || `HTTP ${res.status}`);
        return json;
    }

    // ---- the phone UI (text only, built with DOM calls) ----
    const root = renderId ? document.getElementById(renderId) : null;
    const ui = {};
    if (root) {
        const box = document.createElement('div');
        box.className = 'tccc-fake-phone';
        box.setAttribute('data-tccc', 'phone');
        ui.status = document.createElement('p');
        ui.status.setAttribute('data-tccc', 'status');
        ui.caller = document.createElement('p');
        ui.caller.setAttribute('data-tccc', 'caller');
        ui.answer = document.createElement('button');
        ui.answer.type = 'button';
        ui.answer.textContent = 'Answer';
        ui.answer.setAttribute('data-tccc', 'answer');
        ui.hangup = document.createElement('button');
        ui.hangup.type = 'button';
        ui.hangup.textContent = 'Hang up';
        ui.hangup.setAttribute('data-tccc', 'hangup');
        ui.answer.addEventListener('click', () => {
            if (current) void tccc.Call.accept({ sessionId: current.sessionId }).catch(() => undefined);
        });
        ui.hangup.addEventListener('click', () => {
            if (current) void tccc.Call.hangup({ sessionId: current.sessionId }).catch(() => undefined);
        });
        box.append(ui.status, ui.caller, ui.answer, ui.hangup);
        root.replaceChildren(box);
    }

    function render() {
        if (!root) return;
        const state = current ? current.state : status;
        ui.status.textContent = `Status: ${state}`;
        ui.caller.textContent = current ? `Caller: ${current.callerPhoneNumber}` : '';
        ui.answer.hidden = !(current && current.state === 'ringing');
        ui.hangup.hidden = !current;
    }

    const tccc = {
        events,
        on(name, fn) {
            if (!listeners.has(name)) listeners.set(name, new Set());
            listeners.get(name).add(fn);
        },
        off(name, fn) {
            if (listeners.has(name)) listeners.get(name).delete(fn);
        },
        Call: {
            async accept({ sessionId }) {
                await post('accept', { agent, sessionId });
            },
            async hangup({ sessionId }) {
                await post('hangup', { agent, sessionId });
            },
        },
        Agent: {
            getStatus: () => status,
            setStatus(next) {
                status = String(next);
                render();
            },
        },
    };
    window.tccc = tccc;

    function listen() {
        source = new EventSource(`${base}/tccc-agent-sdk/api/events?agent=${encodeURIComponent(agent)}`);
        source.addEventListener('callIn', (e) => {
            const p = JSON.parse(e.data);
            current = { sessionId: p.sessionId, callerPhoneNumber: p.callerPhoneNumber, state: 'ringing' };
            emit('callIn', p);
        });
        source.addEventListener('userAccessed', (e) => {
            const p = JSON.parse(e.data);
            if (current && current.sessionId === p.sessionId) current.state = 'talking';
            status = 'busy';
            emit('userAccessed', p);
        });
        source.addEventListener('transfer', (e) => {
            const p = JSON.parse(e.data);
            if (current && current.sessionId === p.sessionId) current = null;
            emit('transfer', p);
        });
        source.addEventListener('sessionEnded', (e) => {
            const p = JSON.parse(e.data);
            if (current && current.sessionId === p.sessionId) current = null;
            status = 'arrange';
            emit('sessionEnded', p);
        });
    }

    post('login', { token, sdkAppId, userId })
        .then((session) => {
            agent = session.agent;
            status = 'free';
            listen();
            setTimeout(
                () => {
                    if (source) source.close();
                    status = 'notReady';
                    emit('tokenExpired', {});
                },
                Math.max(0, session.expiresAt - Date.now()),
            );
            emit('ready', {});
        })
        .catch((err) => {
            status = 'error';
            render();
            if (ui.caller) ui.caller.textContent = String(err && err.message);
        });
    render();
})();
