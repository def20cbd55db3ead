/** Builds the relay's upstream clients and services from resolved settings (live or sandbox). */
import type { HttpConfig, RelayMode, SalesforceConfig, TencentConfig } from '../config.js';
import { AdminSigCache } from '../tencent/admin-sig-cache.js';
import { TencentRestClient } from '../tencent/tencent-rest-client.js';
import { TencentAccounts } from '../tencent/accounts.js';
import { ChatGroups } from '../tencent/chat-groups.js';
import { AgentNicks } from '../tencent/agent-nicks.js';
import { CustomerIdPolicy } from '../validation/customer-id-policy.js';
import { TokenProvider } from '../salesforce/token-provider.js';
import { SalesforceClient } from '../salesforce/salesforce-client.js';
import { CaseService } from '../salesforce/cases.js';
import { TicketService } from './ticket-service.js';
import { GroupSyncService } from './group-sync-service.js';
import { CaseSyncService } from './case-sync-service.js';
import { TranscriptArchiver } from './transcript-archiver.js';
import { EngagementRecorder } from './engagement-recorder.js';
import { LiveEngagement, MemoryPendingGroups } from './live-engagement.js';
import { Ratings } from './ratings.js';
import { RatingTokens } from '../rules/rating-token.js';
import { EngagementRecords } from '../salesforce/engagement-records.js';
import { ConversationRestorer } from './conversation-restorer.js';
import { CaseSyncReads } from '../salesforce/case-sync-reads.js';
import { TranscriptFiles } from '../salesforce/transcript-files.js';
import { RelayMetrics } from '../metrics/registry.js';
import type { Log } from '../logger.js';
import { CallbackDispatcher } from '../tencent/callback-dispatcher.js';
import type { CallbackConfig, MessagingConfig } from '../messaging/messaging-config.js';
import type { MessagingRuntime } from '../messaging/messaging-plugin.js';
import type { VoiceConfig } from '../voice/voice-config.js';
import { VoiceService } from '../voice/voice-service.js';
import { PhoneCredentials } from '../voice/phone-credentials.js';

/** Everything buildApp needs. Upstream URLs are read on each call (sandbox mode learns its port late). */
export interface RelaySettings {
    mode: RelayMode;
    http: HttpConfig;
    userSigTtlSeconds: number;
    tencent: TencentConfig;
    salesforce: SalesforceConfig & { instanceUrlOverride?: string };
    /** Salesforce Messaging mode (messaging/); absent = off */
    messaging?: MessagingConfig;
    /** Tencent callback receiver; absent = off */
    callbacks?: CallbackConfig;
    /** Voice through Tencent Cloud Contact Center (voice/); absent = off */
    voice?: VoiceConfig;
    /** Tuning, mostly for tests. */
    tuning?: {
        tencentTimeoutMs?: number;
        tencentMaxAttempts?: number;
        tencentBackoffBaseMs?: number;
        syncConcurrency?: number;
        salesforceTokenMaxAgeMs?: number;
        /** How long a /readyz result is served (routes/health.ts READY_CACHE_MS). */
        readyCacheMs?: number;
        /** How often live chat timings are flushed to Salesforce (services/live-engagement.ts). */
        engagementFlushMs?: number;
    };
}

export interface RelayServices {
    settings: RelaySettings;
    metrics: RelayMetrics;
    adminSig: AdminSigCache;
    tencent: TencentRestClient;
    accounts: TencentAccounts;
    groups: ChatGroups;
    agentNicks: AgentNicks;
    customerIds: CustomerIdPolicy;
    tokens: TokenProvider;
    salesforce: SalesforceClient;
    cases: CaseService;
    tickets: TicketService;
    groupSync: GroupSyncService;
    caseSync: CaseSyncService;
    /** CSAT: rating requests on close and the customer's answers (services/ratings.ts) */
    ratings: Ratings;
    /** live chat timings from Group.CallbackAfterSendMsg (services/live-engagement.ts) */
    liveEngagement: LiveEngagement;
    /** Tencent webhooks by CallbackCommand (features register handlers) */
    callbacks: CallbackDispatcher;
    /** the Messaging mode's parts once started (messaging/messaging-plugin.ts); null when off */
    messaging: MessagingRuntime | null;
    /** voice: TCCC login tokens, the phone page's tickets and credentials, the call log (voice/voice-service.ts) */
    voice: VoiceService;
}

export function createRelayServices(settings: RelaySettings, log: Log): RelayServices {
    const metrics = new RelayMetrics();
    const t = settings.tencent;
    const sf = settings.salesforce;
    const adminSig = new AdminSigCache({
        sdkAppId: t.sdkAppId,
        secretKey: t.secretKey,
        adminIdentifier: t.adminIdentifier,
    });
    const tencent = new TencentRestClient({
        baseUrl: () => t.apiBaseUrl,
        sdkAppId: t.sdkAppId,
        adminIdentifier: t.adminIdentifier,
        adminSig,
        metrics,
        log,
        ...(settings.tuning?.tencentTimeoutMs !== undefined ? { timeoutMs: settings.tuning.tencentTimeoutMs } : {}),
        ...(settings.tuning?.tencentMaxAttempts !== undefined
            ? { maxAttempts: settings.tuning.tencentMaxAttempts }
            : {}),
        ...(settings.tuning?.tencentBackoffBaseMs !== undefined
            ? { backoffBaseMs: settings.tuning.tencentBackoffBaseMs }
            : {}),
    });
    const accounts = new TencentAccounts(tencent);
    const groups = new ChatGroups(tencent, accounts, {
        groupType: t.groupType,
        groupOwner: t.groupOwner,
        adminIdentifier: t.adminIdentifier,
    });
    const tokens = new TokenProvider({
        loginUrl: () => sf.loginUrl,
        authFlow: sf.authFlow,
        clientId: sf.clientId,
        clientSecret: sf.clientSecret,
        username: sf.username,
        privateKeyPem: sf.privateKeyPem,
        jwtAudience: () => sf.jwtAudience || sf.loginUrl,
        metrics,
        ...(sf.instanceUrlOverride !== undefined
            ? { instanceUrlOverride: () => sf.instanceUrlOverride as string }
            : {}),
        ...(settings.tuning?.salesforceTokenMaxAgeMs !== undefined
            ? { maxAgeMs: settings.tuning.salesforceTokenMaxAgeMs }
            : {}),
    });
    const salesforce = new SalesforceClient(tokens, sf.apiVersion, metrics);
    const cases = new CaseService(salesforce);
    const tickets = new TicketService(
        cases,
        accounts,
        groups,
        { sdkAppId: t.sdkAppId, secretKey: t.secretKey, userSigTtlSeconds: settings.userSigTtlSeconds },
        log,
    );
    const agentNicks = new AgentNicks(accounts);
    const groupSync = new GroupSyncService(
        groups,
        accounts,
        cases,
        log,
        settings.tuning?.syncConcurrency ?? 5,
        agentNicks,
    );
    const caseSyncReads = new CaseSyncReads(salesforce);
    const transcriptFiles = new TranscriptFiles(salesforce);
    const syncConcurrency = settings.tuning?.syncConcurrency ?? 5;
    const engagementRecords = new EngagementRecords(salesforce);
    const ratings = new Ratings(groups, engagementRecords, new RatingTokens(settings.http.apiKey), t.adminIdentifier);
    const engagement = new EngagementRecorder(engagementRecords, groups, log, syncConcurrency, ratings);
    const liveEngagement = new LiveEngagement(engagementRecords, engagement, new MemoryPendingGroups(), log, {
        adminIdentifier: t.adminIdentifier,
        flushMs: settings.tuning?.engagementFlushMs ?? 1_000,
        batch: 100,
    });
    const callbacks = new CallbackDispatcher(log, metrics);
    callbacks.register('Group.CallbackAfterSendMsg', (body) => liveEngagement.onGroupMessage(body));
    const caseSync = new CaseSyncService(
        caseSyncReads,
        new TranscriptArchiver(groups, transcriptFiles, caseSyncReads, syncConcurrency),
        groupSync,
        new ConversationRestorer(groups, transcriptFiles, t.adminIdentifier, log, syncConcurrency),
        log,
        engagement,
    );
    const customerIds = new CustomerIdPolicy({
        adminIdentifier: t.adminIdentifier,
        groupOwner: t.groupOwner,
        ...(settings.http.customerIdPattern ? { pattern: settings.http.customerIdPattern } : {}),
        ...(settings.http.customerIdSecret ? { secret: settings.http.customerIdSecret } : {}),
    });
    const voice = new VoiceService(
        () => settings.voice,
        salesforce,
        engagementRecords,
        new PhoneCredentials(settings.http.apiKey),
        log,
    );
    return {
        settings,
        metrics,
        adminSig,
        tencent,
        accounts,
        groups,
        agentNicks,
        customerIds,
        tokens,
        salesforce,
        cases,
        tickets,
        groupSync,
        caseSync,
        liveEngagement,
        ratings,
        callbacks,
        messaging: null,
        voice,
    };
}
