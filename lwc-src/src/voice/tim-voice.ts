/**
 * Entry of the static resource `tim_voice` (loaded by the `tim_phone_bar` utility item with `ltng:require`): exposes
 * the console phone host as the global `TimVoice`.
 */
import { mountConsolePhone } from './console-phone';

declare global {
    interface Window {
        TimVoice?: { readonly version: 1; readonly mountConsolePhone: typeof mountConsolePhone };
    }
}

window.TimVoice = Object.freeze({ version: 1, mountConsolePhone });
