// Stand-in for the `LCC` global that Salesforce provides inside a lightning:container frame.
// The `lightning-container` npm module only calls `LCC.onlineSupport.*` (see node_modules/lightning-container/index.js);
// this shim implements that surface over window.postMessage to the parent page, which plays the Aura host
// (`component.find(id).message(obj)` → handler; `LCC.sendMessage(obj)` → the host's `onmessage` with `payload`).
// Injected only into the widget frame by the test browser (never shipped in the static resource).
(function () {
    if (!/\/widget\//.test(location.pathname) || window.parent === window) return;
    var handlers = [];
    var errorHandlers = [];
    window.addEventListener('message', function (event) {
        if (event.source !== window.parent) return;
        var data = event.data;
        if (!data || data.lcc !== 'hostMessage') return;
        handlers.slice().forEach(function (h) {
            h(data.payload);
        });
    });
    window.LCC = {
        onlineSupport: {
            sendMessage: function (name, data) {
                if (name !== 'containerUserMessage') return;
                window.parent.postMessage({ lcc: 'containerUserMessage', payload: data && data.payload }, '*');
            },
            addMessageHandler: function (h) {
                handlers.push(h);
            },
            removeMessageHandler: function (h) {
                handlers = handlers.filter(function (x) {
                    return x !== h;
                });
            },
            addErrorHandler: function (h) {
                errorHandlers.push(h);
            },
            removeErrorHandler: function (h) {
                errorHandlers = errorHandlers.filter(function (x) {
                    return x !== h;
                });
            },
            getRESTAPISessionKey: function () {
                return '';
            },
        },
    };
})();
