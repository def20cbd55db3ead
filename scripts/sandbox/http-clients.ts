/**
 * The console service's two HTTP clients, both over real HTTP on loopback like the production callers:
 *  - SalesforceRest: the fake Salesforce's REST API with a client-credentials token (what the Service Console UI and
 *    the Apex job read and write);
 *  - RelayHttp: the relay's API-key routes, exactly as `TimRelayClient` calls them through `callout:Tim_Relay`.
 */

export class HttpFailure extends Error {
    constructor(
        message: string,
        readonly status: number,
        readonly body: unknown,
    ) {
        super(message);
        this.name = 'HttpFailure';
    }
}

async function readBody(res: Response): Promise<unknown> {
    const text = await res.text();
    if (text === '') return null;
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}

function describeError(body: unknown): string {
    if (Array.isArray(body) && body[0] && typeof body[0] === 'object') {
        const e = body[0] as { errorCode?: unknown; message?: unknown };
        return `${String(e.errorCode ?? '')}: ${String(e.message ?? '')}`;
    }
    if (body && typeof body === 'object' && 'error' in body) {
        const e = body.error;
        if (e && typeof e === 'object')
            return `${String((e as { code?: unknown }).code ?? '')}: ${String((e as { message?: unknown }).message ?? '')}`;
        return String(e);
    }
    return typeof body === 'string' ? body.slice(0, 200) : '';
}

export interface SoqlResult<T> {
    totalSize: number;
    records: T[];
}

/** Minimal REST client for the fake Salesforce (token cached, renewed once on INVALID_SESSION_ID). */
export class SalesforceRest {
    private token: { accessToken: string; instanceUrl: string } | null = null;

    constructor(
        private readonly loginUrl: () => string,
        private readonly clientId: string,
        private readonly clientSecret: string,
        private readonly apiVersion = '66.0',
    ) {}

    private async login(): Promise<{ accessToken: string; instanceUrl: string }> {
        const res = await fetch(`${this.loginUrl()}/services/oauth2/token`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
                grant_type: 'client_credentials',
                client_id: this.clientId,
                client_secret: this.clientSecret,
            }).toString(),
        });
        const body = (await readBody(res)) as { access_token?: string; instance_url?: string } | null;
        if (!res.ok || !body?.access_token || !body.instance_url)
            throw new HttpFailure(`Salesforce login failed (HTTP ${res.status})`, res.status, body);
        this.token = { accessToken: body.access_token, instanceUrl: body.instance_url };
        return this.token;
    }

    async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
        for (let attempt = 0; ; attempt++) {
            const token = this.token ?? (await this.login());
            const init: RequestInit = {
                method,
                headers: { authorization: `Bearer ${token.accessToken}`, accept: 'application/json' },
            };
            if (body !== undefined) {
                init.body = JSON.stringify(body);
                (init.headers as Record<string, string>)['content-type'] = 'application/json';
            }
            const res = await fetch(`${token.instanceUrl}/services/data/v${this.apiVersion}${path}`, init);
            const parsed = await readBody(res);
            if (res.status === 401 && attempt === 0) {
                this.token = null;
                continue;
            }
            if (!res.ok)
                throw new HttpFailure(
                    `Salesforce ${method} ${path.split('?')[0]} failed (HTTP ${res.status}) ${describeError(parsed)}`,
                    res.status,
                    parsed,
                );
            return parsed as T;
        }
    }

    query<T>(soql: string, all = false): Promise<SoqlResult<T>> {
        return this.call<SoqlResult<T>>('GET', `/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(soql)}`);
    }

    update(sobject: string, id: string, fields: Record<string, unknown>): Promise<unknown> {
        return this.call('PATCH', `/sobjects/${sobject}/${id}`, fields);
    }

    async insert(sobject: string, fields: Record<string, unknown>): Promise<string> {
        const res = await this.call<{ id: string }>('POST', `/sobjects/${sobject}`, fields);
        return res.id;
    }

    delete(sobject: string, id: string): Promise<unknown> {
        return this.call('DELETE', `/sobjects/${sobject}/${id}`);
    }

    /** Raw bytes of a blob field (ContentVersion.VersionData). */
    async blob(sobject: string, id: string, field: string): Promise<Buffer> {
        const token = this.token ?? (await this.login());
        const res = await fetch(
            `${token.instanceUrl}/services/data/v${this.apiVersion}/sobjects/${sobject}/${id}/${field}`,
            {
                headers: { authorization: `Bearer ${token.accessToken}` },
            },
        );
        if (!res.ok) throw new HttpFailure(`Salesforce blob read failed (HTTP ${res.status})`, res.status, null);
        return Buffer.from(await res.arrayBuffer());
    }
}

/**
 * One message element as the relay's API (docs/contracts.md) and the fake's WebSocket carry it, read loosely:
 * any `type`, with the fields that type has.
 */
export interface MessageElement {
    type: string;
    text?: string;
    url?: string;
    name?: string;
    size?: number;
    data?: string;
}

export interface RelayMessage {
    seq: number;
    random: number;
    from: string;
    time: number;
    elements: MessageElement[];
}

export interface RelayMessagesPage {
    groupId: string;
    messages: RelayMessage[];
    nextBefore: number | null;
    isFinished: boolean;
}

/** One case's answer of `POST /v1/cases/sync` (docs/contracts.md). */
export interface RelayCaseSyncResult {
    caseId: string;
    ok: boolean;
    state?: 'open' | 'muted' | 'dismissed' | 'none';
    added?: string[];
    removed?: string[];
    recreated?: boolean;
    archived?: boolean;
    error?: { code: string; message: string; retryable: boolean };
}

/** One entry of `POST /v1/cases/sync`, as the package's Queueable sends it. */
export interface RelayCaseSyncItem {
    caseId: string;
    deleted?: { groupId: string; customerId: string };
}

export interface RelaySession {
    sdkAppId: number;
    userId: string;
    userSig: string;
    expiresAt: number;
    /** The SDK gateway of the fake, as the relay hands it out (TENCENT_SDK_* settings; the sandbox sets them). */
    proxyServer?: string;
    fileUploadProxy?: string;
    fileDownloadProxy?: string;
}

/** The relay's API-key routes (docs/contracts.md), as TimRelayClient calls them. */
export class RelayHttp {
    constructor(
        private readonly baseUrl: () => string,
        private readonly apiKey: string,
    ) {}

    private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
        const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept: 'application/json' };
        const init: RequestInit = { method, headers };
        if (body !== undefined) {
            headers['content-type'] = 'application/json';
            init.body = JSON.stringify(body);
        }
        const res = await fetch(`${this.baseUrl()}${path}`, init);
        const parsed = await readBody(res);
        if (!res.ok)
            throw new HttpFailure(
                `Relay ${method} ${path.split('?')[0]} failed (HTTP ${res.status}) ${describeError(parsed)}`,
                res.status,
                parsed,
            );
        return parsed as T;
    }

    syncCases(cases: RelayCaseSyncItem[]): Promise<{ results: RelayCaseSyncResult[]; failed: number }> {
        return this.call('POST', '/v1/cases/sync', { cases });
    }

    agentSession(userId: string, name: string): Promise<RelaySession> {
        return this.call('POST', '/v1/agents/session', { userId, name });
    }

    /** `POST /v1/agents/voice-session`, as `TimRelayClient.getVoiceSession` calls it. */
    voiceSession(userId: string): Promise<unknown> {
        return this.call('POST', '/v1/agents/voice-session', { userId });
    }

    messages(groupId: string, before: number | null, limit: number): Promise<RelayMessagesPage> {
        const q = new URLSearchParams({ limit: String(limit) });
        if (before !== null) q.set('before', String(before));
        return this.call('GET', `/v1/groups/${encodeURIComponent(groupId)}/messages?${q.toString()}`);
    }
}
