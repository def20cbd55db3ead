/**
 * Salesforce REST access through jsforce. One Connection per access token (instanceUrl + accessToken);
 * a call that fails with an invalid/expired session (401) refreshes the token once and is retried once.
 */
import { randomBytes } from 'node:crypto';
import { Connection } from 'jsforce';
import type { SalesforceToken, TokenProvider } from './token-provider.js';
import { SalesforceAuthError } from './token-provider.js';
import type { RelayMetrics } from '../metrics/registry.js';
import { currentDeadline } from '../http/deadline.js';

/** Upper bound of one binary upload/download (a transcript of many MB on a slow link). */
const RAW_TIMEOUT_MS = 60_000;

export class SalesforceApiError extends Error {
    override readonly name = 'SalesforceApiError';
    constructor(
        readonly op: string,
        readonly upstreamCode: string,
        message: string,
        readonly retryable: boolean,
    ) {
        super(message);
    }
}

interface JsforceError {
    errorCode?: string;
    name?: string;
    message?: string;
}

const SESSION_EXPIRED = new Set(['INVALID_SESSION_ID', 'ERROR_HTTP_401']);
const RETRYABLE_PREFIX =
    /^(ERROR_HTTP_5\d\d|ECONN|ETIMEDOUT|UND_ERR|SERVER_UNAVAILABLE|UNABLE_TO_LOCK_ROW|REQUEST_LIMIT_EXCEEDED)/;

function errorCodeOf(err: unknown): string {
    const e = err as JsforceError;
    if (typeof e?.errorCode === 'string') return e.errorCode;
    const code = (err as { code?: unknown })?.code;
    if (typeof code === 'string') return code;
    return 'UNKNOWN';
}

export interface SaveResult {
    id?: string;
    success: boolean;
    created?: boolean;
}

export class SalesforceClient {
    private conn: { token: SalesforceToken; connection: Connection } | null = null;

    constructor(
        private readonly tokens: TokenProvider,
        private readonly apiVersion: string,
        private readonly metrics?: RelayMetrics,
    ) {}

    private connectionFor(token: SalesforceToken): Connection {
        if (this.conn?.token !== token) {
            this.conn = {
                token,
                connection: new Connection({
                    instanceUrl: token.instanceUrl,
                    accessToken: token.accessToken,
                    version: this.apiVersion,
                }),
            };
        }
        return this.conn.connection;
    }

    /** The current token; a failed token request becomes a SalesforceApiError (op `oauth_token`). */
    private async token(): Promise<SalesforceToken> {
        try {
            return await this.tokens.get();
        } catch (err) {
            if (err instanceof SalesforceAuthError)
                throw new SalesforceApiError('oauth_token', err.upstreamCode, err.message, err.retryable);
            throw err;
        }
    }

    /** Runs `fn` with a connection; on an expired session refreshes the token and retries exactly once. */
    private async run<T>(op: string, fn: (conn: Connection) => Promise<T>): Promise<T> {
        for (let attempt = 1; ; attempt++) {
            currentDeadline()?.check(0); // no call starts after the request's deadline
            const token = await this.token();
            const started = performance.now();
            try {
                const result = await fn(this.connectionFor(token));
                this.observe(op, started, 'ok');
                return result;
            } catch (err) {
                const code = errorCodeOf(err);
                this.observe(op, started, 'error', code);
                if (SESSION_EXPIRED.has(code) && attempt === 1) {
                    this.tokens.invalidate(token);
                    this.metrics?.upstreamRetries.inc({ service: 'salesforce', op, reason: 'token_refresh' });
                    continue;
                }
                const message = (err as JsforceError)?.message ?? 'Salesforce request failed';
                throw new SalesforceApiError(
                    op,
                    code,
                    `Salesforce ${op} failed: ${message.slice(0, 300)}`,
                    RETRYABLE_PREFIX.test(code),
                );
            }
        }
    }

    private observe(op: string, started: number, outcome: string, code?: string): void {
        this.metrics?.upstreamDuration.observe({ service: 'salesforce', op }, (performance.now() - started) / 1000);
        this.metrics?.upstreamCalls.inc({ service: 'salesforce', op, outcome });
        if (code) this.metrics?.upstreamErrors.inc({ service: 'salesforce', op, code });
    }

    async query<T extends Record<string, unknown>>(soql: string): Promise<T[]> {
        return this.run('query', async (conn) => (await conn.query<T>(soql)).records);
    }

    /**
     * A query that also returns deleted rows (`queryAll`: the recycle bin), fetching every batch (the caller keeps
     * IN-lists short enough that this is one batch in practice).
     */
    async queryAll<T extends Record<string, unknown>>(soql: string): Promise<T[]> {
        return this.run('query_all', async (conn) => {
            const res = await conn.query<T>(soql, { scanAll: true, autoFetch: true, maxFetch: 50_000 });
            return res.records;
        });
    }

    /**
     * Inserts a record with a blob field as multipart/form-data (Salesforce's "insert blob data" form: the JSON
     * record as `entity_content`, the bytes as a binary part). No base64 inflation and no 50 MB JSON limit, so large
     * transcripts upload as they are. Returns the new record's id.
     */
    async insertWithBlob(
        sobject: string,
        fields: Record<string, unknown>,
        blobField: string,
        fileName: string,
        data: Buffer,
    ): Promise<string> {
        return this.run(`create_${sobject}`, async (conn) => {
            const boundary = `tim_${randomBytes(16).toString('hex')}`;
            const safeName = fileName.replace(/["\r\n]/g, '_');
            const body = Buffer.concat([
                Buffer.from(
                    `--${boundary}\r\nContent-Disposition: form-data; name="entity_content"\r\n` +
                        `Content-Type: application/json\r\n\r\n${JSON.stringify(fields)}\r\n` +
                        `--${boundary}\r\nContent-Disposition: form-data; name="${blobField}"; filename="${safeName}"\r\n` +
                        `Content-Type: application/octet-stream\r\n\r\n`,
                    'utf8',
                ),
                data,
                Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
            ]);
            const res = await this.rawFetch(conn, 'POST', `/sobjects/${sobject}`, body, {
                'content-type': `multipart/form-data; boundary="${boundary}"`,
            });
            const parsed = JSON.parse(res.toString('utf8')) as SaveResult;
            if (!parsed.success || !parsed.id)
                throw Object.assign(new Error(`${sobject} was not created`), { errorCode: 'CREATE_FAILED' });
            return parsed.id;
        });
    }

    /** The bytes of a blob field (e.g. ContentVersion VersionData). */
    async blob(sobject: string, id: string, field: string): Promise<Buffer> {
        return this.run(`blob_${sobject}`, (conn) =>
            this.rawFetch(conn, 'GET', `/sobjects/${sobject}/${encodeURIComponent(id)}/${field}`),
        );
    }

    /** A REST call outside jsforce (binary bodies); a non-2xx answer throws with Salesforce's errorCode. */
    private async rawFetch(
        conn: Connection,
        method: string,
        path: string,
        body?: Buffer,
        headers: Record<string, string> = {},
    ): Promise<Buffer> {
        let res: Response;
        let bytes: Buffer;
        try {
            res = await fetch(`${conn.instanceUrl}/services/data/v${this.apiVersion}${path}`, {
                method,
                headers: { authorization: `Bearer ${conn.accessToken ?? ''}`, accept: 'application/json', ...headers },
                ...(body ? { body: new Uint8Array(body) } : {}),
                signal: AbortSignal.timeout(RAW_TIMEOUT_MS),
            });
            bytes = Buffer.from(await res.arrayBuffer());
        } catch (err) {
            // Network failures and timeouts are worth a retry (the caller decides when).
            const cause = (err as { cause?: { code?: unknown } }).cause?.code;
            throw Object.assign(new Error(`Salesforce unreachable: ${(err as Error).message}`), {
                errorCode: typeof cause === 'string' ? cause : 'ETIMEDOUT',
            });
        }
        if (res.ok) return bytes;
        let errorCode = `ERROR_HTTP_${res.status}`;
        let message = `HTTP ${res.status}`;
        try {
            const first = (JSON.parse(bytes.toString('utf8')) as Array<{ errorCode?: string; message?: string }>)[0];
            if (res.status !== 401 && first?.errorCode) errorCode = first.errorCode;
            if (first?.message) message = first.message;
        } catch {
            /* not a Salesforce error body */
        }
        throw Object.assign(new Error(message), { errorCode });
    }

    async create(sobject: string, fields: Record<string, unknown>): Promise<string> {
        return this.run(`create_${sobject}`, async (conn) => {
            const res = (await conn.sobject(sobject).create(fields)) as SaveResult;
            if (!res.success || !res.id)
                throw Object.assign(new Error(`${sobject} was not created`), { errorCode: 'CREATE_FAILED' });
            return res.id;
        });
    }

    async update(sobject: string, id: string, fields: Record<string, unknown>): Promise<void> {
        await this.run(`update_${sobject}`, async (conn) => {
            const res = (await conn.sobject(sobject).update({ Id: id, ...fields })) as SaveResult;
            if (!res.success)
                throw Object.assign(new Error(`${sobject} was not updated`), { errorCode: 'UPDATE_FAILED' });
        });
    }

    /** Upsert by external id (PATCH /sobjects/{sobject}/{field}/{value}). */
    async upsert(
        sobject: string,
        externalIdField: string,
        externalId: string,
        fields: Record<string, unknown>,
    ): Promise<SaveResult> {
        return this.run(`upsert_${sobject}`, async (conn) => {
            const res = (await conn
                .sobject(sobject)
                .upsert({ ...fields, [externalIdField]: externalId }, externalIdField)) as SaveResult;
            if (!res.success)
                throw Object.assign(new Error(`${sobject} was not saved`), { errorCode: 'UPSERT_FAILED' });
            return res;
        });
    }
}
