/** Voice test setup: the fake TCCC on its own loopback port and the relay's voice settings pointed at it. */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createFakeTccc, type FakeTccc } from '../../../fakes/tencent-contact-center/index.js';
import type { VoiceConfig } from '../../src/voice/voice-config.js';
import { useHarness, type Harness, type HarnessOptions } from './harness.js';

export const TCCC_SECRET_ID = 'AKIDtestvoice0000000000000000000001';
export const TCCC_SECRET_KEY = 'test-tccc-secret-key-000000000000';
export const TCCC_SDK_APP_ID = 1400099999;
export const CONSOLE_ORIGIN = 'https://acme.lightning.force.com';

/** Voice settings for a fake TCCC on `port` (publicBaseUrl '' = the relay's own URL, filled in by the harness). */
export function voiceConfig(port: number, over: Partial<VoiceConfig> = {}): VoiceConfig {
    return {
        secretId: TCCC_SECRET_ID,
        secretKey: TCCC_SECRET_KEY,
        sdkAppId: TCCC_SDK_APP_ID,
        region: 'ap-singapore',
        endpoint: `ccc.localhost:${port}`,
        seatUserField: 'Email',
        publicBaseUrl: '',
        consoleOrigins: [CONSOLE_ORIGIN],
        sdkScriptOrigins: [`http://127.0.0.1:${port}`],
        sdkConnectOrigins: [`http://127.0.0.1:${port}`],
        ...over,
    };
}

export interface VoiceHarness {
    h: Harness;
    tccc: FakeTccc;
    /** an agent User in the fake Salesforce with this e-mail (the default seat field) */
    agent(email: string | null, name?: string): string;
}

/** One fake TCCC + relay harness with voice on, for a whole test file. */
export function useVoiceHarness(
    seats: string[],
    opts: HarnessOptions = {},
    over: Partial<VoiceConfig> = {},
): VoiceHarness {
    const tccc = createFakeTccc({
        sdkAppId: TCCC_SDK_APP_ID,
        secrets: { [TCCC_SECRET_ID]: TCCC_SECRET_KEY },
        seats,
    });
    const shared = { tccc } as VoiceHarness;
    let port = 0;
    beforeAll(async () => {
        port = Number(new URL(await tccc.listen()).port);
    });
    // The harness starts after the fake (its beforeAll is registered later), with voice pointed at it.
    const h = useHarness({
        ...opts,
        get voice() {
            return voiceConfig(port, over);
        },
    });
    afterAll(() => tccc.close());
    beforeEach(() => tccc.reset());
    shared.h = h;
    shared.agent = (email, name = 'Vera Voice') => {
        const [first, ...rest] = name.split(' ');
        return String(
            h.salesforce.insert('User', {
                FirstName: first,
                LastName: rest.join(' ') || 'Agent',
                Username: `${Math.random().toString(36).slice(2)}@users.example`,
                Email: email,
                IsActive: true,
            }),
        );
    };
    return shared;
}
