import type { ClientFactory, ClientKind } from './client-selection';
import { TencentChatClient } from './tencent/tencent-client';
import { loadTencentSdkScript } from './tencent/tencent-sdk';
import { ScriptedChatClient } from './scripted/scripted-client';
import { SandboxChatClient } from './sandbox/sandbox-client';

/**
 * The chat implementations in this build, by kind. Only `tencent` is reachable from Salesforce: the Aura host
 * never sends `endpoint`, and client-selection.ts refuses `scripted` / `sandbox` unless the widget page is served
 * from a loopback origin (tests, the local sandbox).
 */
export const defaultClientFactories: Partial<Record<ClientKind, ClientFactory>> = {
    tencent: () => new TencentChatClient(loadTencentSdkScript),
    scripted: (endpoint) => ScriptedChatClient.exposeForTests(new ScriptedChatClient(endpoint?.fixture ?? 'demo')),
    sandbox: (endpoint) => new SandboxChatClient(endpoint?.url ?? ''),
};
