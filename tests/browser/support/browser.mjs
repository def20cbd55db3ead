import path from 'node:path';
import { fileURLToPath } from 'node:url';
export { launchChromium as launchBrowser } from '../../support/chromium.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A 340×480 page whose widget frame gets the LCC stand-in; records dialogs, console errors and CSP violations. */
export async function openWidgetPage(browser, url) {
    const context = await browser.newContext({ viewport: { width: 340, height: 480 } });
    await context.addInitScript({ path: path.join(here, 'lcc-shim.js') });
    await context.addInitScript(() => {
        if (!/\/widget\//.test(location.pathname)) return;
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
            window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
    });
    const page = await context.newPage();
    const events = { dialogs: [], errors: [] };
    page.on('dialog', async (d) => {
        events.dialogs.push(d.message());
        await d.dismiss();
    });
    page.on('pageerror', (e) => events.errors.push(String(e)));
    page.on('console', (m) => {
        if (m.type() === 'error') events.errors.push(m.text());
    });
    await page.goto(url);
    const frame = page.frameLocator('#widget');
    /** The widget's Frame (to drive the scripted client inside it); undefined until the frame navigated. */
    const widgetFrame = () => page.frames().find((f) => f.url().includes('/widget/index.html'));
    return { context, page, frame, events, widgetFrame };
}
