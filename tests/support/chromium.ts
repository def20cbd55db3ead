/**
 * Debian's Chromium for every real-browser test (widget, fakes' SDK gateway, end-to-end): headless, and without the
 * background networking that this machine's closed network refuses.
 */
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
    return chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}
