/**
 * Voice through Tencent Cloud Contact Center, the relay's part:
 *  - `session(userId)`: reads the agent's seat from the configured User field, asks TCCC for an SDK login token
 *    (CreateSDKLoginToken, official Node SDK) and mints a one-time ticket for the phone page;
 *  - `openPage(ticket)`: consumes a ticket, answers who the page is for and the page's call-log credential;
 *  - `logCallEvent(...)`: writes one call event to the Case's engagement log (Tim_Engagement__c, idempotent).
 * Settings are read on each call (the sandbox learns its ports after start).
 */
import { AppError } from '../http/app-error.js';
import { currentDeadline } from '../http/deadline.js';
import type { SalesforceClient } from '../salesforce/salesforce-client.js';
import type { EngagementRecords } from '../salesforce/engagement-records.js';
import { soqlString } from '../salesforce/soql.js';
import { callLogEvent, type CallEventReport } from '../rules/call-log.js';
import type { Log } from '../logger.js';
import type { VoiceConfig } from './voice-config.js';
import { TcccApiError, TcccClient, TcccTimeoutError, type TcccClientConfig } from './tccc-client.js';
import {
    MemoryPhoneTickets,
    newPhoneTicket,
    PHONE_TICKET_TTL_MS,
    type PhoneTicket,
    type PhoneTicketStore,
} from './phone-tickets.js';
import { type PhoneCredentials } from './phone-credentials.js';
import type { VoiceSession } from './voice-session.js';

export type { VoiceSession };

/** Longest the relay waits for TCCC when the request has more time left. */
const TCCC_TIMEOUT_MS = 15_000;
/** Time kept to answer after giving up on TCCC. */
const ANSWER_RESERVE_MS = 1_000;

const voiceNotConfigured = () =>
    new AppError(
        503,
        'VOICE_NOT_CONFIGURED',
        'Voice is not configured on this relay (set TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TCCC_SDK_APP_ID and TCCC_REGION)',
    );

export class VoiceService {
    private tickets: PhoneTicketStore = new MemoryPhoneTickets();
    private client: { key: string; client: TcccClient } | null = null;

    constructor(
        private readonly config: () => VoiceConfig | undefined,
        private readonly salesforce: SalesforceClient,
        private readonly records: EngagementRecords,
        readonly credentials: PhoneCredentials,
        private readonly log: Log,
    ) {}

    /** Moves tickets to a shared store (Redis) so that any replica can serve the page. */
    useTicketStore(store: PhoneTicketStore): void {
        this.tickets = store;
    }

    settingsOrNull(): VoiceConfig | undefined {
        return this.config();
    }

    settings(): VoiceConfig {
        const c = this.config();
        if (!c) throw voiceNotConfigured();
        return c;
    }

    private tccc(c: VoiceConfig): TcccClient {
        const cfg: TcccClientConfig = {
            secretId: c.secretId,
            secretKey: c.secretKey,
            region: c.region,
            endpoint: c.endpoint,
            sdkAppId: c.sdkAppId,
        };
        const key = JSON.stringify(cfg);
        if (this.client?.key !== key) this.client = { key, client: new TcccClient(cfg) };
        return this.client.client;
    }

    /** The seat (TCCC SeatUserId) of a Salesforce user, from the configured User field. */
    async seatOf(userId: string, field: string): Promise<string> {
        const rows = await this.salesforce.query<Record<string, unknown>>(
            `SELECT Id, ${field} FROM User WHERE Id = ${soqlString(userId)} LIMIT 1`,
        );
        const value = rows[0]?.[field];
        if (typeof value !== 'string' || value.trim() === '')
            throw new AppError(
                404,
                'VOICE_USER_NOT_MAPPED',
                rows.length === 0
                    ? 'No such Salesforce user'
                    : `The user has no TCCC seat: their ${field} field is empty`,
            );
        return value.trim();
    }

    async session(userId: string): Promise<VoiceSession> {
        const c = this.settings();
        const seatUserId = await this.seatOf(userId, c.seatUserField);
        const deadline = currentDeadline();
        const budget = deadline ? deadline.remainingMs() - ANSWER_RESERVE_MS : TCCC_TIMEOUT_MS;
        if (budget <= 0) throw tcccTimeout();
        let login;
        try {
            login = await this.tccc(c).createSdkLoginToken(seatUserId, Math.min(TCCC_TIMEOUT_MS, budget));
        } catch (err) {
            throw this.tcccError(err);
        }
        const ticket = newPhoneTicket();
        await this.tickets.put(ticket, { userId, seatUserId }, PHONE_TICKET_TTL_MS);
        return {
            sdkUrl: login.sdkUrl,
            token: login.token,
            expiresAt: login.expiresAt,
            sdkAppId: c.sdkAppId,
            seatUserId,
            phonePageUrl: `${c.publicBaseUrl}/voice/phone?ticket=${ticket}`,
        };
    }

    private tcccError(err: unknown): AppError {
        if (err instanceof TcccTimeoutError) return tcccTimeout();
        if (!(err instanceof TcccApiError)) throw err;
        this.log.warn({ tcccCode: err.code, tcccRequestId: err.requestId }, 'voice: CreateSDKLoginToken failed');
        const extra = { upstreamCode: err.code, ...(err.requestId ? { requestId: err.requestId } : {}) };
        if (err.code === 'InvalidParameterValue.AccountNotExist')
            return new AppError(
                404,
                'VOICE_SEAT_NOT_FOUND',
                'Tencent Cloud Contact Center has no seat for this user (InvalidParameterValue.AccountNotExist)',
                extra,
            );
        if (err.code.startsWith('AuthFailure'))
            return new AppError(
                502,
                'TCCC_ERROR',
                `Tencent Cloud refused the relay's credentials (${err.code}): check TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY and the server clock`,
                extra,
            );
        return new AppError(502, 'TCCC_ERROR', `Tencent Cloud Contact Center answered ${err.code}`, extra);
    }

    /** The agent and seat a page ticket was minted for; null when it was used already or expired. */
    takeTicket(ticket: string): Promise<PhoneTicket | null> {
        return this.tickets.take(ticket);
    }

    /** Writes one call event on the Case (once per external id: a repeat writes nothing new). */
    async logCallEvent(report: CallEventReport, agentUserId: string): Promise<{ externalId: string }> {
        const cases = await this.salesforce.query<{ Id: string }>(
            `SELECT Id FROM Case WHERE Id = ${soqlString(report.caseId)} LIMIT 1`,
        );
        if (cases.length === 0) throw new AppError(404, 'CASE_NOT_FOUND', 'No such Case', { field: 'caseId' });
        const [logged, names] = await Promise.all([
            this.records.logged([report.caseId]),
            this.records.userNames([agentUserId]),
        ]);
        const already = logged.get(report.caseId) ?? [];
        const event = callLogEvent(report, { userId: agentUserId, name: names.get(agentUserId) ?? '' }, already);
        // Logged already (a retry, or another tab of the same agent): nothing to write. A concurrent insert of the
        // same external id loses with DUPLICATE_VALUE, which is the same outcome.
        if (!already.some((e) => e.externalId === event.externalId)) await this.records.create(report.caseId, event);
        return { externalId: event.externalId };
    }
}

const tcccTimeout = () =>
    new AppError(504, 'TCCC_TIMEOUT', 'Tencent Cloud Contact Center did not answer in time; retry', {
        headers: { 'retry-after': '1' },
    });
