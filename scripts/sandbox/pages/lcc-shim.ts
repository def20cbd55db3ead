/// <reference lib="dom" />
/**
 * Stand-in for the `LCC` global that Salesforce provides inside a lightning:container frame, injected by the sandbox
 * into the served tim_bar index.html (never part of the static resource). The widget's `lightning-container` module
 * calls `LCC.onlineSupport.*`; this implements that surface over postMessage with the parent page, which plays the
 * Aura host tim_utilities_bar (same envelope as tests/browser/support/lcc-shim.js).
 */
export {};

(() => {
    if (window.parent === window) return;
    type Handler = (payload: unknown) => void;
    let handlers: Handler[] = [];
    // Only the embedding page may talk to the widget; messages go to its origin only.
    const parentOrigin = (location.ancestorOrigins && location.ancestorOrigins[0]) || '*';
    window.addEventListener('message', (event) => {
        if (event.source !== window.parent) return;
        if (parentOrigin !== '*' && event.origin !== parentOrigin) return;
        const data = event.data as { lcc?: unknown; payload?: unknown } | null;
        if (!data || data.lcc !== 'hostMessage') return;
        for (const h of handlers.slice()) h(data.payload);
    });
    (window as unknown as { LCC: unknown }).LCC = {
        onlineSupport: {
            sendMessage(name: string, data: { payload?: unknown } | undefined) {
                if (name !== 'containerUserMessage') return;
                window.parent.postMessage({ lcc: 'containerUserMessage', payload: data?.payload }, parentOrigin);
            },
            addMessageHandler(h: Handler) {
                handlers.push(h);
            },
            removeMessageHandler(h: Handler) {
                handlers = handlers.filter((x) => x !== h);
            },
            addErrorHandler() {},
            removeErrorHandler() {},
            getRESTAPISessionKey() {
                return '';
            },
        },
    };
})();
