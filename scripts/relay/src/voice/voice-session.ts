/**
 * The answer of `POST /v1/agents/voice-session`, as Apex (`TimVoiceController.startVoiceSession`) hands it to the
 * console phone host. The one definition of this shape: the relay builds it, the browser code
 * (lwc-src/src/voice/console-phone.ts) imports the type and validates what arrives against it.
 */
export interface VoiceSession {
    /** The TCCC agent SDK script to load (changes with each SDK release; use once). */
    sdkUrl: string;
    token: string;
    /** epoch ms */
    expiresAt: number;
    sdkAppId: number;
    seatUserId: string;
    /** The relay's phone page with a one-time ticket. */
    phonePageUrl: string;
}
