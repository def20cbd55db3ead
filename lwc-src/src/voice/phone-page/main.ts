/**
 * The agent phone page's script (served by the relay at /voice/voice-phone.js, framed in the console). It reads its
 * configuration from the page, says `phoneReady` to the console, loads the TCCC agent SDK when the console hands it a
 * session, forwards the SDK's events, and writes each call's log once the console links the call to a Case.
 */
import { HostChannel } from './host-channel';
import { CallLogQueue } from './call-log-queue';
import { bridgeTcccEvents, loadTcccSdk } from './tccc-bridge';
import { parsePageConfig } from './page-config';

function setStatus(text: string): void {
    const el = document.getElementById('phone-status');
    if (el) el.textContent = text;
}

function start(): void {
    const config = parsePageConfig(document.getElementById('voice-config')?.textContent);
    if (!config || window.parent === window) {
        setStatus(config ? 'Open the phone from the Salesforce console.' : 'The phone page is incomplete.');
        return;
    }
    const channel = new HostChannel(window.parent, config.consoleOrigins);
    const log = new CallLogQueue({
        post: async (body) => {
            const res = await fetch(config.callEventsUrl, {
                method: 'POST',
                headers: { 'content-type': 'application/json', authorization: `Bearer ${config.credential}` },
                body: JSON.stringify(body),
                credentials: 'omit',
                referrerPolicy: 'no-referrer',
            });
            return { status: res.status };
        },
        setTimer: (fn, ms) => window.setTimeout(fn, ms),
        onDropped: (event, status) =>
            channel.send('phoneStatus', {
                state: 'error',
                message: `The call log refused the ${event.event} event (HTTP ${status})`,
            }),
    });
    let generation = 0;

    channel.onMessage((message) => {
        if (message.type === 'callLinked') {
            log.link(message.payload.sessionId, message.payload.caseId);
            return;
        }
        const session = message.payload;
        if (session.seatUserId !== config.seatUserId) {
            channel.send('phoneStatus', { state: 'error', message: 'The session is for another seat' });
            return;
        }
        const mine = ++generation;
        setStatus('Loading the phone…');
        channel.send('phoneStatus', { state: 'loading' });
        loadTcccSdk(document, session, config.renderDomId).then(
            (tccc) => {
                if (mine !== generation) return;
                setStatus('');
                bridgeTcccEvents(tccc, {
                    message: (type, payload) => {
                        if (mine === generation) channel.send(type, payload);
                    },
                    callEvent: (event) => log.add(event),
                });
            },
            (err: unknown) => {
                if (mine !== generation) return;
                const text = err instanceof Error ? err.message : 'The phone could not start';
                setStatus(text);
                channel.send('phoneStatus', { state: 'error', message: text });
            },
        );
    });
    window.addEventListener('message', (event) => {
        channel.receive({ origin: event.origin, source: event.source, data: event.data });
    });
    setStatus('Waiting for the console…');
    channel.send('phoneReady', {});
}

start();
