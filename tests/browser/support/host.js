// Test host: plays tim_utilities_bar (Aura) around the widget frame, speaking protocol v1.
// Query: widgetOrigin, fixture (demo|attachments|empty|bench), ttl (session lifetime ms), history (on|off),
// session (on|off), lang + tz (the user's $Locale language key and time zone, sent on ready)
(function () {
    var params = new URLSearchParams(location.search);
    var widgetOrigin = params.get('widgetOrigin');
    var fixture = params.get('fixture') || 'demo';
    var ttl = Number(params.get('ttl') || 3600000);
    var frame = document.getElementById('widget');
    var log = (window.hostLog = []);
    var sessions = 0;

    var CHECK = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
    function id18(id15) {
        var s = '';
        for (var c = 0; c < 3; c++) {
            var bits = 0;
            for (var i = 0; i < 5; i++) {
                var ch = id15.charAt(c * 5 + i);
                if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
            }
            s += CHECK.charAt(bits);
        }
        return id15 + s;
    }
    function caseId(n) {
        return id18('500' + String(n).padStart(12, '0'));
    }
    window.fixtureCaseId = caseId;

    // Relay history of demo case 1: seq 1-4 were sent before the agent joined; 5-7 the agent also sees live.
    var base = Date.UTC(2026, 10, 20, 9, 0, 0);
    var history1 = [
        { seq: 1, from: 'cust_ada', text: 'Hello, I cannot log in since this morning.' },
        { seq: 2, from: 'cust_ada', text: '<img src=x onerror=alert(1)>' },
        { seq: 3, from: 'cust_ada', text: '<script>alert(2)</script> is what the page shows' },
        { seq: 4, from: 'cust_ada', text: 'Is anyone there?' },
        { seq: 5, from: 'AGENT', text: 'Hi Ada, I am looking at your case now.' },
        { seq: 6, from: 'cust_ada', text: 'Great, see https://example.com/status for the error.' },
        { seq: 7, from: 'cust_ada', text: 'Thanks, trying now' },
    ];
    function historyPage(cid, beforeSeq) {
        var all = cid === caseId(1) ? history1 : [];
        var upTo = beforeSeq === null ? Infinity : beforeSeq;
        var eligible = all.filter(function (m) {
            return m.seq <= upTo;
        });
        var page = eligible.slice(-30);
        var smallest = page.length ? page[0].seq : 1;
        var finished = smallest <= 1;
        return {
            groupId: cid,
            messages: page.map(function (m) {
                return {
                    seq: m.seq,
                    random: 1000 + m.seq,
                    from: m.from === 'AGENT' ? window.agentId : m.from,
                    time: base + m.seq * 60000,
                    elements: [{ type: 'text', text: m.text }],
                };
            }),
            nextBefore: finished ? null : smallest - 1,
            isFinished: finished,
        };
    }
    window.agentId = '005000000000001AAA';

    function send(type, payload) {
        var message = { protocol: 'tim-bar', version: 1, type: type, payload: payload };
        frame.contentWindow.postMessage({ lcc: 'hostMessage', payload: message }, widgetOrigin);
    }
    window.hostSend = send;
    window.hostSendRaw = function (raw) {
        frame.contentWindow.postMessage({ lcc: 'hostMessage', payload: raw }, widgetOrigin);
    };
    window.hostAutoHistory = params.get('history') !== 'off';
    window.hostAutoSession = params.get('session') !== 'off';

    window.addEventListener('message', function (event) {
        if (event.origin !== widgetOrigin || event.source !== frame.contentWindow) return;
        var data = event.data;
        if (!data || data.lcc !== 'containerUserMessage') return;
        var m = data.payload;
        log.push(m);
        if (!m || m.protocol !== 'tim-bar' || m.version !== 1) return;
        if (m.type === 'ready' && params.get('lang')) {
            // What tim_utilities_bar sends from $Locale: the user's language, locale and time zone.
            send('locale', {
                language: params.get('lang'),
                locale: params.get('lang'),
                timeZone: params.get('tz') || 'UTC',
            });
        }
        if (m.type === 'needSession' && window.hostAutoSession) {
            sessions++;
            send('session', {
                sdkAppId: 1400000000,
                userId: window.agentId,
                userSig: 'scripted-sig-' + sessions,
                expiresAt: Date.now() + ttl,
            });
        } else if (m.type === 'needHistory' && window.hostAutoHistory) {
            setTimeout(function () {
                send('history', { caseId: m.payload.caseId, page: historyPage(m.payload.caseId, m.payload.beforeSeq) });
            }, 20);
        }
    });
    frame.src = widgetOrigin + '/widget/index.html?fixture=' + encodeURIComponent(fixture);
})();
