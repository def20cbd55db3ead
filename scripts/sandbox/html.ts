/**
 * Server-rendered shells of the demo pages. Every interpolated value goes through esc(); data for the page scripts
 * travels in a `<script type="application/json">` block (never executed, `<` escaped), read with JSON.parse.
 * No inline script or style anywhere: the pages run under a CSP with `script-src 'self'`.
 */

export function esc(value: unknown): string {
    return String(value).replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON safe inside a <script type="application/json"> element. */
export function jsonBlock(id: string, data: unknown): string {
    const json = JSON.stringify(data)
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e')
        .replace(/&/g, '\\u0026')
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029');
    return `<script type="application/json" id="${esc(id)}">${json}</script>`;
}

function page(title: string, bodyClass: string, body: string, scripts: string[], extraHead = ''): string {
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/sandbox/assets/sandbox.css">
${extraHead}
</head>
<body class="${esc(bodyClass)}">
${body}
${scripts.map((s) => `<script src="${esc(s.startsWith('/') ? s : `/sandbox/assets/${s}`)}"></script>`).join('\n')}
</body>
</html>
`;
}

export interface IndexData {
    agents: Array<{ userId: string; name: string }>;
    sdkAppId: number;
    apiKey: string;
    adminIdentifier: string;
}

export function indexPage(d: IndexData): string {
    const consoles = d.agents
        .map(
            (a) =>
                `<li><a href="/sandbox/console?agent=${encodeURIComponent(a.userId)}">Service Console as ${esc(a.name)}</a> <code>${esc(a.userId)}</code></li>`,
        )
        .join('\n');
    return page(
        'Sandbox — Tencent Chat for Service Cloud',
        'index',
        `<main class="narrow">
<h1>Tencent Chat for Service Cloud — sandbox</h1>
<p class="lead">Everything on this machine: the relay, a fake Tencent Chat and a fake Salesforce org. Nothing leaves it.</p>
<h2>1. Be the customer</h2>
<ul><li><a href="/sandbox/customer">Customer chat page</a> — open a ticket and chat (try it in a second window).</li></ul>
<h2>2. Be an agent</h2>
<ul>
${consoles}
</ul>
<p>The console stands in for the Salesforce Service Console: change a case's owner, accept it (Omni-Channel), close,
reopen or delete it. After each change it runs what the package's Apex job does (transcript, then group sync through
the relay) and the real agent widget (<code>tim_bar</code> static resource) runs in the utility bar on the right.</p>
<h2>3. Look inside</h2>
<ul>
<li><a href="/openapi.json">Relay OpenAPI document</a></li>
<li><a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a> · <a href="/metrics">/metrics</a></li>
<li>Group state and messages: <code>/sandbox/inspect/group/&lt;caseId&gt;</code> (linked from the console)</li>
<li>Transcripts: <code>/sandbox/inspect/transcript/&lt;ContentVersion id&gt;</code> (linked from the console)</li>
</ul>
<h2>Sandbox credentials (fake, only valid here)</h2>
<table class="kv">
<tr><th>SDKAppID</th><td><code>${esc(d.sdkAppId)}</code></td></tr>
<tr><th>Admin identifier</th><td><code>${esc(d.adminIdentifier)}</code></td></tr>
<tr><th>Relay API key</th><td><code>${esc(d.apiKey)}</code></td></tr>
</table>
<p>See <code>docs/sandbox.md</code> for a walkthrough.</p>
</main>`,
        [],
    );
}

export function customerPage(): string {
    return page(
        'Contact support — sandbox customer',
        'customer',
        `<main class="phone">
<header class="brand"><span class="logo" aria-hidden="true">?</span><span>Example Co. support</span></header>
<section id="ticket-view">
<h1>Chat with support</h1>
<form id="ticket-form" novalidate>
<label>Your name <input name="name" autocomplete="name" required maxlength="80"></label>
<label>Email <input name="email" type="email" autocomplete="email" required maxlength="80"></label>
<label>Subject <input name="subject" required maxlength="255"></label>
<label>How can we help? <textarea name="message" rows="4" maxlength="4000"></textarea></label>
<p class="error" id="ticket-error" role="alert" hidden></p>
<button type="submit" id="ticket-submit">Start chat</button>
</form>
</section>
<section id="chat-view" hidden>
<header class="chat-head">
<div><strong id="chat-case"></strong> <span id="chat-subject"></span></div>
<span class="conn" id="chat-conn">connecting…</span>
</header>
<p class="banner" id="chat-banner" role="status" hidden></p>
<ol class="messages" id="chat-messages" aria-live="polite"></ol>
<form id="chat-form" class="composer">
<textarea id="chat-input" rows="2" maxlength="4000" aria-label="Message" placeholder="Write a message"></textarea>
<button type="submit" id="chat-send">Send</button>
</form>
<p class="error" id="chat-error" role="alert" hidden></p>
<p class="small"><button type="button" class="link" id="new-ticket">Start a new ticket</button></p>
</section>
</main>`,
        // The real Tencent Chat Web SDK as it ships in tim_bar (it registers window.TimTencentSdk), then the page.
        ['/sandbox/tim_bar/tencent-sdk.js', 'customer.js'],
    );
}

export interface ConsoleData {
    agent: { userId: string; name: string };
    agents: Array<{ userId: string; name: string }>;
    widgetUrl: string;
    wsPath: string;
}

export function consolePage(d: ConsoleData): string {
    const options = d.agents
        .map(
            (a) =>
                `<option value="${esc(a.userId)}"${a.userId === d.agent.userId ? ' selected' : ''}>${esc(a.name)}</option>`,
        )
        .join('');
    return page(
        `Service Console (sandbox) — ${d.agent.name}`,
        'console',
        `<header class="topbar">
<span class="app">Service Console <em>sandbox</em></span>
<form id="agent-form" method="get" action="/sandbox/console"><label>Logged in as <select name="agent" id="agent-select">${options}</select></label></form>
<label>Close action <select id="close-action"><option>Mute</option><option>Dismiss</option><option>None</option></select></label>
<a href="/sandbox/">Sandbox home</a>
</header>
<div class="workspace">
<main class="cases">
<h1>Chat cases</h1>
<p class="error" id="console-error" role="alert" hidden></p>
<table id="case-table">
<thead><tr><th>Case</th><th>Subject</th><th>Customer</th><th>Status</th><th>Owner</th><th>Omni work</th><th>Actions</th></tr></thead>
<tbody id="case-rows"></tbody>
</table>
<p class="empty" id="no-cases" hidden>No chat cases yet. Open one from the <a href="/sandbox/customer" target="_blank" rel="noopener">customer page</a>.</p>
<h2>Group sync runs <small>(what the Apex job sent to <code>POST /v1/groups/sync</code>, newest first)</small></h2>
<ol id="sync-log" class="sync-log"></ol>
</main>
<aside class="utility" id="utility-panel" aria-label="Utility bar">
<button type="button" class="utility-label" id="utility-label" aria-expanded="true" aria-controls="widget">Case chat</button>
<iframe id="widget" title="Case chat"></iframe>
</aside>
</div>
${jsonBlock('console-boot', d)}`,
        ['console.js'],
    );
}
