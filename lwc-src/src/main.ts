import { createElement } from 'lwc';
import App from 'tim/app';
import { defaultClientFactories } from './chat/client-registry';
import { createLccTransport } from './host/lcc-transport';

// Entry of widget.js: mounts the shell with the production transport and the registered chat implementations.
const root = document.getElementById('root');
if (root) {
    const app = createElement('tim-app', { is: App });
    Object.assign(app, { transport: createLccTransport(), factories: defaultClientFactories });
    root.appendChild(app);
}
