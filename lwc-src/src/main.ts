import { createElement } from 'lwc';
import App from 'tim/app';
import { TencentChatClient } from './chat/tencent/tencent-client';
import { loadTencentSdkScript } from './chat/tencent/tencent-sdk';
import { createLccTransport } from './host/lcc-transport';

// Entry of widget.js: mounts the shell with the production transport and the one chat client, the Tencent Web SDK's.
const root = document.getElementById('root');
if (root) {
    const app = createElement('tim-app', { is: App });
    Object.assign(app, {
        transport: createLccTransport(),
        createClient: () => new TencentChatClient(loadTencentSdkScript),
    });
    root.appendChild(app);
}
