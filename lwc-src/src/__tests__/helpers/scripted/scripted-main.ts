import { createElement } from 'lwc';
import App from 'tim/app';
import { createLccTransport } from '../../../host/lcc-transport';
import { ScriptedChatClient } from './scripted-client';

// Entry of the widget's scripted TEST bundle (tests/browser builds it outside force-app; never shipped): the same
// shell and host transport as main.ts, with the scripted client (fixture from ?fixture=, reachable as
// window.timScripted) instead of the Tencent SDK client.
const fixture = new URLSearchParams(location.search).get('fixture') ?? 'demo';
const root = document.getElementById('root');
if (root) {
    const app = createElement('tim-app', { is: App });
    Object.assign(app, {
        transport: createLccTransport(),
        createClient: () => ScriptedChatClient.exposeForTests(new ScriptedChatClient(fixture)),
    });
    root.appendChild(app);
}
