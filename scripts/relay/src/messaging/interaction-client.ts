/**
 * Client of Salesforce's Interaction Service API (Bring Your Own Channel, inbound): `POST /api/v1/interactions`
 * (multipart: a `json` part and at most one `attachments` file) and `POST /api/v1/acknowledgement`.
 *
 * - Every call carries `Authorization: Bearer`, `OrgId`, `AuthorizationContext` and `RequestId` (one UUID per logical
 *   request, kept across its retries).
 * - The token comes from the JWT bearer flow (TokenProvider: cached, refreshed at max age and after a 401).
 * - Retries with full-jitter backoff on network errors, timeouts, 429, 5xx and the codes ERRORCODES.md says to retry
 *   (10019 read-only org migration, 10055/10056 conversation precondition/aborted, 10094 downstream timeout).
 * - Idempotency: entry ids are derived from the Tencent message, so a repeat is answered 10073 ("provide a unique ID
 *   for each message entry"): that means "already delivered" and counts as success.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { TokenProvider } from '../salesforce/token-provider.js';
import type { RelayMetrics } from '../metrics/registry.js';
import { silentLog, type Log } from '../logger.js';

export const RETRYABLE_INTERACTION_CODES = new Set([10019, 10055, 10056, 10094]);
export const DUPLICATE_ENTRY_CODE = 10073;

export interface Participant {
    appType: 'custom';
    subject: string;
    role: 'EndUser';
}

export type InboundEntry =
    | { entryType: 'Message'; id: string; text: string }
    | { entryType: 'TypingStartedIndicator' | 'TypingStoppedIndicator'; id: string; timestamp: number };

export interface AttachmentUpload {
    id: string;
    text?: string;
    file: { name: string; mimeType: string; bytes: Buffer };
}

export interface PostInteractionResult {
    conversationIdentifier: string | null;
    workItemIds: string[];
    /** true when Salesforce already had this entry (a repeat) */
    duplicate: boolean;
}

export class InteractionApiError extends Error {
    override readonly name = 'InteractionApiError';
    constructor(
        readonly status: number | 'NETWORK' | 'TIMEOUT',
        readonly code: number | string,
        message: string,
        readonly retryable: boolean,
    ) {
        super(message);
    }
}

export interface InteractionClientOptions {
    /** https://<my-domain>.my.salesforce-scrt.com, read on each call */
    baseUrl: () => string;
    orgId: () => string;
    authorizationContext: () => string;
    channelAddressId: () => string;
    tokens: TokenProvider;
    timeoutMs?: number;
    maxAttempts?: number;
    backoffBaseMs?: number;
    backoffCapMs?: number;
    metrics?: RelayMetrics;
    log?: Log;
    sleep?: (ms: number) => Promise<void>;
}

/** A stable UUID (v5 layout) for `key`: the same Tencent message always maps to the same entry id. */
export function entryIdFor(key: string): string {
    const h = createHash('sha256').update(key, 'utf8').digest();
    h[6] = (h[6]! & 0x0f) | 0x50;
    h[8] = (h[8]! & 0x3f) | 0x80;
    const hex = h.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class InteractionClient {
    private readonly log: Log;
    private readonly sleep: (ms: number) => Promise<void>;
    private lastOkAt = 0;

    constructor(private readonly opts: InteractionClientOptions) {
        this.log = opts.log ?? silentLog;
        this.sleep = opts.sleep ?? defaultSleep;
    }

    /** epoch ms of the last successful call (0 = none yet) */
    get lastSuccessAt(): number {
        return this.lastOkAt;
    }

    /** Sends one EntryInteraction (a message or a typing indicator) from the end user. */
    async sendEntry(from: string, entry: InboundEntry, timestampMs: number): Promise<PostInteractionResult> {
        const payload =
            entry.entryType === 'Message'
                ? {
                      id: entry.id,
                      entryType: 'Message',
                      abstractMessage: {
                          messageType: 'StaticContentMessage',
                          id: entry.id,
                          staticContent: { formatType: 'Text', text: entry.text },
                      },
                  }
                : { id: entry.id, entryType: entry.entryType, timestamp: entry.timestamp };
        return this.postInteraction('entry', from, {
            interactionType: 'EntryInteraction',
            timestamp: timestampMs,
            payload,
        });
    }

    /** Sends one AttachmentInteraction with its file (≤ 25 MB: the caller checks before downloading it all). */
    async sendAttachment(from: string, upload: AttachmentUpload, timestampMs: number): Promise<PostInteractionResult> {
        return this.postInteraction(
            'attachment',
            from,
            {
                interactionType: 'AttachmentInteraction',
                timestamp: timestampMs,
                id: upload.id,
                attachmentIndex: 0,
                contentLength: upload.file.bytes.length,
                ...(upload.text ? { text: upload.text } : {}),
            },
            upload.file,
        );
    }

    /** Read receipts from the end user for agent entries (at most 25 per call). */
    async acknowledgeRead(
        conversationIdentifier: string,
        customer: string,
        entryIds: string[],
        atMs: number,
    ): Promise<void> {
        for (let i = 0; i < entryIds.length; i += 25) {
            const acknowledgements = entryIds.slice(i, i + 25).map((entryId) => ({
                acknowledgementTimestamp: String(atMs),
                acknowledgementType: 'Read',
                acknowledgedConversationEntryIdentifier: entryId,
                acknowledgmentCreatedConversationEntryIdentifier: entryIdFor(
                    `read:${conversationIdentifier}:${entryId}`,
                ),
            }));
            const body = JSON.stringify({
                conversationIdentifier,
                sender: { appType: 'custom', subject: customer, role: 'EndUser' },
                acknowledgements,
            });
            await this.call('acknowledgement', '/api/v1/acknowledgement', () => ({
                body,
                contentType: 'application/json',
            }));
        }
    }

    private async postInteraction(
        kind: string,
        from: string,
        interaction: Record<string, unknown>,
        file?: AttachmentUpload['file'],
    ): Promise<PostInteractionResult> {
        const json = JSON.stringify({ to: this.opts.channelAddressId(), from, interactions: [interaction] });
        const result = await this.call(`interactions_${kind}`, '/api/v1/interactions', () => {
            const form = new FormData();
            form.append('json', new Blob([json], { type: 'application/json' }));
            if (file)
                form.append('attachments', new Blob([new Uint8Array(file.bytes)], { type: file.mimeType }), file.name);
            return { body: form };
        });
        if (result === 'duplicate') return { conversationIdentifier: null, workItemIds: [], duplicate: true };
        return {
            conversationIdentifier:
                typeof result['conversationIdentifier'] === 'string' ? result['conversationIdentifier'] : null,
            workItemIds: Array.isArray(result['workItemIds']) ? result['workItemIds'].map(String) : [],
            duplicate: false,
        };
    }

    private async call(
        op: string,
        path: string,
        makeBody: () => { body: string | FormData; contentType?: string },
    ): Promise<Record<string, unknown> | 'duplicate'> {
        const requestId = randomUUID();
        const maxAttempts = this.opts.maxAttempts ?? 4;
        let tokenRenewed = false;
        for (let attempt = 1; ; attempt++) {
            const started = performance.now();
            const token = await this.opts.tokens.get();
            const { body, contentType } = makeBody();
            let status: number | 'NETWORK' | 'TIMEOUT';
            let parsed: Record<string, unknown> = {};
            try {
                const res = await fetch(`${this.opts.baseUrl()}${path}`, {
                    method: 'POST',
                    headers: {
                        authorization: `Bearer ${token.accessToken}`,
                        orgid: this.opts.orgId(),
                        authorizationcontext: this.opts.authorizationContext(),
                        requestid: requestId,
                        accept: 'application/json',
                        ...(contentType ? { 'content-type': contentType } : {}),
                    },
                    body,
                    signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
                });
                status = res.status;
                const text = await res.text();
                try {
                    const value: unknown = text ? JSON.parse(text) : {};
                    if (typeof value === 'object' && value !== null) parsed = value as Record<string, unknown>;
                } catch {
                    parsed = {};
                }
            } catch (err) {
                status = err instanceof Error && err.name === 'TimeoutError' ? 'TIMEOUT' : 'NETWORK';
            }
            this.opts.metrics?.upstreamDuration.observe(
                { service: 'interaction_api', op },
                (performance.now() - started) / 1000,
            );
            const code =
                typeof parsed['code'] === 'number' || typeof parsed['code'] === 'string' ? parsed['code'] : status;
            if (typeof status === 'number' && status >= 200 && status < 300) {
                this.opts.metrics?.upstreamCalls.inc({ service: 'interaction_api', op, outcome: 'ok' });
                this.lastOkAt = Date.now();
                return parsed;
            }
            if (Number(code) === DUPLICATE_ENTRY_CODE) {
                this.opts.metrics?.upstreamCalls.inc({ service: 'interaction_api', op, outcome: 'duplicate' });
                this.lastOkAt = Date.now();
                return 'duplicate';
            }
            this.opts.metrics?.upstreamErrors.inc({ service: 'interaction_api', op, code });
            if ((status === 401 || Number(code) === 10004) && !tokenRenewed) {
                tokenRenewed = true;
                this.opts.tokens.invalidate(token);
                this.log.warn({ op, requestId }, 'interaction api rejected the access token; fetching a new one');
                attempt--;
                continue;
            }
            const retryable =
                status === 'NETWORK' ||
                status === 'TIMEOUT' ||
                status === 429 ||
                (typeof status === 'number' && status >= 500) ||
                RETRYABLE_INTERACTION_CODES.has(Number(code));
            const message = typeof parsed['message'] === 'string' ? parsed['message'] : `HTTP ${status}`;
            if (!retryable || attempt >= maxAttempts) {
                this.opts.metrics?.upstreamCalls.inc({ service: 'interaction_api', op, outcome: 'error' });
                this.log.warn({ op, requestId, status, code, attempts: attempt }, 'interaction api call failed');
                throw new InteractionApiError(
                    status,
                    code,
                    `Interaction API ${op} failed (${code}): ${message}`,
                    retryable,
                );
            }
            this.opts.metrics?.upstreamRetries.inc({ service: 'interaction_api', op, reason: String(code) });
            const cap = this.opts.backoffCapMs ?? 4_000;
            await this.sleep(
                Math.floor(Math.random() * Math.min(cap, (this.opts.backoffBaseMs ?? 200) * 2 ** (attempt - 1))),
            );
        }
    }
}
