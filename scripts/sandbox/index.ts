/**
 * Sandbox demo pages: `startSandboxRelay({ ..., plugins: sandboxDemoPlugins })` mounts them in the relay's app, and
 * `sandboxDemoBanner(sandbox)` is the part of the start-up banner that lists them (docs/sandbox.md).
 */
import type { ExtraPlugin } from '../relay/src/app.js';
import type { Sandbox } from './sandbox.js';
import { createDemoPlugin } from './demo-plugin.js';
import { messagingBannerRows, messagingSandboxPlugins } from './messaging/messaging-sandbox.js';

export function sandboxDemoPlugins(sandbox: Sandbox): ExtraPlugin[] {
    return [{ plugin: createDemoPlugin(sandbox) }, ...messagingSandboxPlugins(sandbox)];
}

/** Lines appended to the sandbox banner: where the demo pages are, and the (fake) credentials they use. */
export function sandboxDemoBanner(sandbox: Sandbox): string {
    const url = sandbox.baseUrl();
    const line = '='.repeat(78);
    const rows: Array<[string, string]> = [
        ['Start here', `${url}/sandbox/`],
        ['Customer chat', `${url}/sandbox/customer`],
        ...sandbox.agents.map((a): [string, string] => [
            `Console (${a.name})`,
            `${url}/sandbox/console?agent=${a.userId}`,
        ]),
        ...messagingBannerRows(url),
    ];
    const width = Math.max(...rows.map(([label]) => label.length)) + 2;
    return [
        '  DEMO PAGES — open the first one in a browser:',
        ...rows.map(([label, link]) => `    ${label.padEnd(width)}${link}`),
        `  Sandbox credentials (generated at this start): SDKAppID ${sandbox.credentials.sdkAppId}, relay API key ${sandbox.settings.http.apiKey}`,
        '  Walkthrough: docs/sandbox.md',
        line,
    ].join('\n');
}
