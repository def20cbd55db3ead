/**
 * The sandbox console's server side: stands in for the Service Console UI and for Omni-Channel (owner changes,
 * accept / release of work, close / reopen / delete, the settings an admin deploys). Each action changes the fake
 * Salesforce, then calls the relay's `POST /v1/cases/sync` with the changed case ids, exactly as the package's
 * Queueable does. The rules (members, mute, dismiss, transcripts) run in the relay: nothing here decides them.
 *
 * Salesforce reads and writes go over the fake's REST API. What only the platform itself can do (move an AgentWork's
 * Status, deploy the settings custom metadata record) goes through the fake's `platform` hooks.
 */
import type {
    RelayCaseSyncItem,
    RelayCaseSyncResult,
    RelayHttp,
    RelayMessagesPage,
    RelaySession,
    SalesforceRest,
} from './http-clients.js';
import { HttpFailure } from './http-clients.js';
import { numberOrNull, readEngagementEvents, soqlId } from './engagement-log.js';
import { QuickTextQueryError, searchQuickText, type QuickTextItem } from './quick-text.js';

export type AgentWorkStatus = 'Opened' | 'Closed';
export type CloseAction = 'Mute' | 'Dismiss' | 'None';

export interface ConsoleAgent {
    userId: string;
    name: string;
}

export interface OwnerOption {
    id: string;
    name: string;
    kind: 'User' | 'Queue';
}

export interface ConsoleCase {
    id: string;
    caseNumber: string;
    subject: string;
    status: string;
    isClosed: boolean;
    customerName: string;
    customerId: string;
    groupId: string;
    ownerId: string;
    ownerName: string;
    agentWork: Array<{ userId: string; name: string; status: AgentWorkStatus }>;
    archivedAt: string | null;
    transcripts: Array<{ contentVersionId: string; title: string; createdDate: string }>;
}

/** One case of a sync as the console shows it: the relay's answer, keyed by group, plus the agents now in the group. */
export interface SyncResultView {
    groupId: string;
    ok: boolean;
    state: string;
    added?: string[];
    removed?: string[];
    recreated?: boolean;
    error?: { code: string; message: string };
}

export interface SyncLogEntry {
    id: number;
    at: number;
    reason: string;
    caseNumbers: string[];
    /** Transcripts the relay archived in this sync (read back from the Case). */
    archived: Array<{ caseNumber: string; contentVersionId: string; messages: number }>;
    /** The cases sent, with the agents in each group once the relay answered. */
    request: Array<{ caseId: string; groupId: string; agents: ConsoleAgent[]; state: string }>;
    results: SyncResultView[];
    error: string | null;
}

export interface ConsoleSettings {
    closeAction: CloseAction;
    archiveTranscript: boolean;
}

/** `GET /sandbox/api/console/state`: what the console page renders. */
export interface ConsoleState {
    agent: ConsoleAgent;
    settings: ConsoleSettings;
    owners: OwnerOption[];
    cases: ConsoleCase[];
    syncs: SyncLogEntry[];
}

/** One Tim_Engagement__c row as the console shows it (oldest first). */
export interface ConsoleEngagementEvent {
    type: string;
    at: string | null;
    userId: string | null;
    actor: string;
    previousState: string | null;
    secondsInPreviousState: number | null;
    details: string;
}

/** `GET /sandbox/api/console/cases/:caseId/engagement`: the case's rating, chat timings and engagement log. */
export interface ConsoleEngagement {
    caseId: string;
    caseNumber: string;
    csat: { score: number | null; comment: string };
    timings: {
        firstCustomerMessageAt: string | null;
        firstResponseAt: string | null;
        /** Seconds from the first customer message to the first agent response. */
        firstResponseSeconds: number | null;
        lastCustomerMessageAt: string | null;
        lastAgentMessageAt: string | null;
        customerMessages: number | null;
        agentMessages: number | null;
    };
    events: ConsoleEngagementEvent[];
}

/** What only the platform does in the fake Salesforce (see scripts/fakes/salesforce/index.ts). */
export interface SandboxPlatform {
    insert(sobject: string, fields: Record<string, unknown>): string;
    platformUpdate(sobject: string, id: string, fields: Record<string, unknown>): void;
}

/** TimChatHistoryController.PAGE_SIZE. */
const HISTORY_PAGE_SIZE = 30;
const SYNC_LOG_SIZE = 30;
/** The newest events shown per case (like TimChatTimelineController.MAX_EVENTS). */
const ENGAGEMENT_EVENTS = 200;

export const CASE_ID = /^500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

interface CaseRow {
    Id: string;
    CaseNumber: string;
    Subject: string | null;
    Status: string;
    IsClosed: boolean;
    OwnerId: string;
    Owner: { Name?: string } | null;
    SuppliedName: string | null;
    Chat_Group_Id__c: string | null;
    Chat_Customer_Id__c: string | null;
    Chat_Transcript_Archived_At__c: string | null;
}

const CASE_FIELDS =
    'Id, CaseNumber, Subject, Status, IsClosed, OwnerId, Owner.Name, SuppliedName, Chat_Group_Id__c, Chat_Customer_Id__c, Chat_Transcript_Archived_At__c';

interface EngagementCaseRow {
    Id: string;
    CaseNumber: string;
    Chat_Group_Id__c: string | null;
    Chat_First_Customer_Message_At__c: string | null;
    Chat_First_Response_At__c: string | null;
    Chat_Last_Customer_Message_At__c: string | null;
    Chat_Last_Agent_Message_At__c: string | null;
    Chat_Customer_Message_Count__c: number | null;
    Chat_Agent_Message_Count__c: number | null;
    Chat_CSAT_Score__c: number | null;
    Chat_CSAT_Comment__c: string | null;
}

const ENGAGEMENT_CASE_FIELDS =
    'Id, CaseNumber, Chat_Group_Id__c, Chat_First_Customer_Message_At__c, Chat_First_Response_At__c, ' +
    'Chat_Last_Customer_Message_At__c, Chat_Last_Agent_Message_At__c, Chat_Customer_Message_Count__c, ' +
    'Chat_Agent_Message_Count__c, Chat_CSAT_Score__c, Chat_CSAT_Comment__c';

interface WorkRow {
    Id: string;
    WorkItemId: string;
    UserId: string;
    Status: string;
}

export class ConsoleError extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
    ) {
        super(message);
        this.name = 'ConsoleError';
    }
}

export interface ConsoleServiceDeps {
    sf: SalesforceRest;
    platform: SandboxPlatform;
    relay: RelayHttp;
    /** Members of a live chat group (the fake Tencent's inspection view), to show who is in it after a sync. */
    groupMembers: (groupId: string) => string[];
    agents: readonly ConsoleAgent[];
    queue: { id: string; name: string };
    integrationUser: { id: string; name: string };
    now?: () => number;
}

export class ConsoleService {
    readonly settings: ConsoleSettings = { closeAction: 'Mute', archiveTranscript: true };
    private settingsRecordId: string | null = null;
    private readonly log: SyncLogEntry[] = [];
    private logSeq = 0;
    /** Syncs run one at a time, like the package's single Queueable. */
    private chain: Promise<unknown> = Promise.resolve();
    private readonly now: () => number;

    constructor(private readonly deps: ConsoleServiceDeps) {
        this.now = deps.now ?? Date.now;
    }

    agent(userId: string): ConsoleAgent | undefined {
        return this.deps.agents.find((a) => a.userId === userId);
    }

    requireAgent(userId: unknown): ConsoleAgent {
        const a = typeof userId === 'string' ? this.agent(userId) : undefined;
        if (!a) throw new ConsoleError(400, 'UNKNOWN_AGENT', 'agent must be the id of a seeded sandbox agent');
        return a;
    }

    ownerOptions(): OwnerOption[] {
        return [
            ...this.deps.agents.map((a) => ({ id: a.userId, name: a.name, kind: 'User' as const })),
            { id: this.deps.integrationUser.id, name: this.deps.integrationUser.name, kind: 'User' },
            { id: this.deps.queue.id, name: this.deps.queue.name, kind: 'Queue' },
        ];
    }

    syncLog(): SyncLogEntry[] {
        return [...this.log].reverse();
    }

    private nameOf(userId: string): string {
        return (
            this.agent(userId)?.name ??
            (userId === this.deps.integrationUser.id ? this.deps.integrationUser.name : userId)
        );
    }

    // ---- reads ----------------------------------------------------------------------------------
    async listCases(): Promise<ConsoleCase[]> {
        const res = await this.deps.sf.query<CaseRow>(
            `SELECT ${CASE_FIELDS} FROM Case WHERE Chat_Group_Id__c != null ORDER BY CaseNumber DESC LIMIT 200`,
        );
        const ids = res.records.map((r) => r.Id);
        const [transcripts, work] = await Promise.all([this.transcriptsOf(ids), this.workOf(ids)]);
        return res.records.map((r) =>
            this.toConsoleCase(
                r,
                transcripts.get(r.Id) ?? [],
                work.filter((w) => w.WorkItemId === r.Id),
            ),
        );
    }

    async getCase(caseId: string): Promise<ConsoleCase> {
        const row = await this.caseRow(caseId);
        const [transcripts, work] = await Promise.all([this.transcriptsOf([row.Id]), this.workOf([row.Id])]);
        return this.toConsoleCase(row, transcripts.get(row.Id) ?? [], work);
    }

    /**
     * The case's rating, chat timings and engagement log, read from Salesforce the way the relay wrote them (the
     * Case fields and Tim_Engagement__c, what the Tim Chat Timeline component reads), oldest event first.
     */
    async engagement(caseId: string): Promise<ConsoleEngagement> {
        if (!CASE_ID.test(caseId)) throw new ConsoleError(400, 'BAD_CASE_ID', 'caseId must be a Case id');
        const cases = await this.deps.sf.query<EngagementCaseRow>(
            `SELECT ${ENGAGEMENT_CASE_FIELDS} FROM Case WHERE Id = ${soqlId(caseId)}`,
        );
        const c = cases.records[0];
        if (!c || !c.Chat_Group_Id__c) throw new ConsoleError(404, 'NOT_FOUND', 'No chat case with this id');
        const firstAt = c.Chat_First_Customer_Message_At__c ? Date.parse(c.Chat_First_Customer_Message_At__c) : NaN;
        const responseAt = c.Chat_First_Response_At__c ? Date.parse(c.Chat_First_Response_At__c) : NaN;
        return {
            caseId: c.Id,
            caseNumber: c.CaseNumber,
            csat: { score: numberOrNull(c.Chat_CSAT_Score__c), comment: c.Chat_CSAT_Comment__c ?? '' },
            timings: {
                firstCustomerMessageAt: c.Chat_First_Customer_Message_At__c,
                firstResponseAt: c.Chat_First_Response_At__c,
                firstResponseSeconds:
                    Number.isFinite(firstAt) && Number.isFinite(responseAt)
                        ? Math.max(0, Math.round((responseAt - firstAt) / 1000))
                        : null,
                lastCustomerMessageAt: c.Chat_Last_Customer_Message_At__c,
                lastAgentMessageAt: c.Chat_Last_Agent_Message_At__c,
                customerMessages: numberOrNull(c.Chat_Customer_Message_Count__c),
                agentMessages: numberOrNull(c.Chat_Agent_Message_Count__c),
            },
            events: await readEngagementEvents(this.deps.sf, c.Id, ENGAGEMENT_EVENTS, (id) => this.nameOf(id)),
        };
    }

    private toConsoleCase(r: CaseRow, transcripts: ConsoleCase['transcripts'], work: WorkRow[]): ConsoleCase {
        return {
            id: r.Id,
            caseNumber: r.CaseNumber,
            subject: r.Subject ?? '',
            status: r.Status,
            isClosed: r.IsClosed,
            customerName: r.SuppliedName ?? '',
            customerId: r.Chat_Customer_Id__c ?? '',
            groupId: r.Chat_Group_Id__c ?? '',
            ownerId: r.OwnerId,
            ownerName: r.Owner?.Name ?? r.OwnerId,
            agentWork: work.map((w) => ({
                userId: w.UserId,
                name: this.nameOf(w.UserId),
                status: w.Status === 'Opened' ? 'Opened' : 'Closed',
            })),
            archivedAt: r.Chat_Transcript_Archived_At__c,
            transcripts,
        };
    }

    /** The AgentWork of these cases (the newest per agent and case wins). */
    private async workOf(caseIds: string[]): Promise<WorkRow[]> {
        if (caseIds.length === 0) return [];
        const res = await this.deps.sf.query<WorkRow>(
            `SELECT Id, WorkItemId, UserId, Status FROM AgentWork WHERE WorkItemId IN (${caseIds.map(soqlId).join(', ')}) ORDER BY CreatedDate ASC`,
        );
        const latest = new Map<string, WorkRow>();
        for (const w of res.records) latest.set(`${w.WorkItemId}:${w.UserId}`, w);
        return [...latest.values()];
    }

    private async transcriptsOf(caseIds: string[]): Promise<Map<string, ConsoleCase['transcripts']>> {
        const out = new Map<string, ConsoleCase['transcripts']>();
        if (caseIds.length === 0) return out;
        const res = await this.deps.sf.query<{
            Id: string;
            Title: string;
            FirstPublishLocationId: string;
            CreatedDate: string;
        }>(
            `SELECT Id, Title, FirstPublishLocationId, CreatedDate FROM ContentVersion WHERE FirstPublishLocationId IN (${caseIds.map(soqlId).join(', ')}) ORDER BY CreatedDate ASC`,
        );
        for (const r of res.records) {
            const list = out.get(r.FirstPublishLocationId) ?? [];
            list.push({ contentVersionId: r.Id, title: r.Title, createdDate: r.CreatedDate });
            out.set(r.FirstPublishLocationId, list);
        }
        return out;
    }

    private async caseRow(caseId: string): Promise<CaseRow> {
        if (!CASE_ID.test(caseId)) throw new ConsoleError(400, 'BAD_CASE_ID', 'caseId must be a Case id');
        const res = await this.deps.sf.query<CaseRow>(`SELECT ${CASE_FIELDS} FROM Case WHERE Id = ${soqlId(caseId)}`);
        const row = res.records[0];
        if (!row || !row.Chat_Group_Id__c) throw new ConsoleError(404, 'NOT_FOUND', 'No chat case with this id');
        return row;
    }

    // ---- console actions: change Salesforce, then sync the changed case ---------------------------
    async changeOwner(caseId: string, ownerId: unknown): Promise<SyncLogEntry> {
        const option = this.ownerOptions().find((o) => o.id === ownerId);
        if (!option) throw new ConsoleError(400, 'BAD_OWNER', 'ownerId must be one of the listed users or the queue');
        const row = await this.caseRow(caseId);
        await this.deps.sf.update('Case', row.Id, { OwnerId: option.id });
        return this.enqueue([row], `Owner of ${row.CaseNumber} → ${option.name}`);
    }

    /** Omni-Channel routes the case to the agent (AgentWork), the agent accepts (Opened) and becomes the owner. */
    async accept(agentId: string, caseId: string): Promise<SyncLogEntry> {
        const agent = this.requireAgent(agentId);
        const row = await this.caseRow(caseId);
        if (row.IsClosed) throw new ConsoleError(409, 'CASE_CLOSED', 'A closed case cannot be accepted');
        const workId = await this.deps.sf.insert('AgentWork', { WorkItemId: row.Id, UserId: agent.userId });
        this.deps.platform.platformUpdate('AgentWork', workId, { Status: 'Opened' });
        await this.deps.sf.update('Case', row.Id, { OwnerId: agent.userId });
        return this.enqueue([row], `${agent.name} accepted ${row.CaseNumber} (AgentWork Opened)`);
    }

    /** The agent closes the work item (AgentWork Opened → Closed). */
    async release(agentId: string, caseId: string): Promise<SyncLogEntry> {
        const agent = this.requireAgent(agentId);
        const row = await this.caseRow(caseId);
        const opened = (await this.workOf([row.Id])).filter((w) => w.UserId === agent.userId && w.Status === 'Opened');
        if (opened.length === 0)
            throw new ConsoleError(409, 'NO_OPEN_WORK', `${agent.name} has no opened work on this case`);
        for (const w of opened) this.deps.platform.platformUpdate('AgentWork', w.Id, { Status: 'Closed' });
        return this.enqueue([row], `${agent.name} closed the work item of ${row.CaseNumber} (AgentWork Closed)`);
    }

    async close(caseId: string): Promise<SyncLogEntry> {
        const row = await this.caseRow(caseId);
        await this.deps.sf.update('Case', row.Id, { Status: 'Closed' });
        return this.enqueue([row], `Closed ${row.CaseNumber}`);
    }

    async reopen(caseId: string): Promise<SyncLogEntry> {
        const row = await this.caseRow(caseId);
        await this.deps.sf.update('Case', row.Id, { Status: 'Working' });
        return this.enqueue([row], `Reopened ${row.CaseNumber}`);
    }

    /** Deletes the case (recycle bin); the sync carries the group and customer, as the trigger's event does. */
    async remove(caseId: string): Promise<SyncLogEntry> {
        const row = await this.caseRow(caseId);
        await this.deps.sf.delete('Case', row.Id);
        return this.enqueue([row], `Deleted ${row.CaseNumber}`, true);
    }

    /** Re-sync without a change (what the scheduled reconcile / "send test sync" do). */
    async resync(caseId: string): Promise<SyncLogEntry> {
        const row = await this.caseRow(caseId);
        return this.enqueue([row], `Re-sync of ${row.CaseNumber}`);
    }

    /** The admin changes the close action: the settings custom metadata record is (re)deployed. */
    setCloseAction(value: unknown): ConsoleSettings {
        if (value !== 'Mute' && value !== 'Dismiss' && value !== 'None')
            throw new ConsoleError(400, 'BAD_SETTING', 'closeAction must be Mute, Dismiss or None');
        const fields = { Close_Action__c: value, Archive_Transcript__c: this.settings.archiveTranscript };
        if (this.settingsRecordId)
            this.deps.platform.platformUpdate('Tim_Chat_Setting__mdt', this.settingsRecordId, fields);
        else
            this.settingsRecordId = this.deps.platform.insert('Tim_Chat_Setting__mdt', {
                DeveloperName: 'Default',
                MasterLabel: 'Default',
                ...fields,
            });
        this.settings.closeAction = value;
        return { ...this.settings };
    }

    // ---- what the widget host needs (TimChatSessionController / TimChatHistoryController) --------
    async session(agentId: string): Promise<RelaySession & { userName: string; userFirstName: string | null }> {
        const agent = this.requireAgent(agentId);
        const session = await this.deps.relay.agentSession(agent.userId, agent.name);
        // what UserInfo.getName() / getFirstName() give TimChatSessionController
        const user = await this.deps.sf.query<{ Name: string; FirstName: string | null }>(
            `SELECT Name, FirstName FROM User WHERE Id = ${soqlId(agent.userId)}`,
        );
        const me = user.records[0];
        return { ...session, userName: me?.Name ?? agent.name, userFirstName: me?.FirstName ?? null };
    }

    /** TimQuickTextController.searchQuickText for this agent (sharing is the org's: the sandbox offers every record). */
    async quickText(agentId: string, query: unknown): Promise<QuickTextItem[]> {
        this.requireAgent(agentId);
        try {
            return await searchQuickText(this.deps.sf, query);
        } catch (e) {
            if (e instanceof QuickTextQueryError) throw new ConsoleError(400, 'BAD_QUERY', e.message);
            throw e;
        }
    }

    /** Chat history for the case's owner and for agents with Opened work on it (the package's access rule). */
    async history(agentId: string, caseId: string, beforeSeq: number | null): Promise<RelayMessagesPage> {
        const agent = this.requireAgent(agentId);
        let row: CaseRow;
        try {
            row = await this.caseRow(caseId);
        } catch (e) {
            if (e instanceof ConsoleError && e.status === 404)
                throw new ConsoleError(
                    403,
                    'NO_ACCESS',
                    `${agent.name} cannot read this case: it does not exist or is not a chat case.`,
                );
            throw e;
        }
        const owns = row.OwnerId === agent.userId;
        const opened = (await this.workOf([row.Id])).some((w) => w.UserId === agent.userId && w.Status === 'Opened');
        if (!owns && !opened) {
            throw new ConsoleError(
                403,
                'NO_ACCESS',
                `${agent.name} cannot read case ${row.CaseNumber}: not its owner and no opened work item on it.`,
            );
        }
        return this.deps.relay.messages(row.Chat_Group_Id__c as string, beforeSeq, HISTORY_PAGE_SIZE);
    }

    async transcriptText(contentVersionId: string): Promise<string> {
        if (!/^068[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/.test(contentVersionId))
            throw new ConsoleError(400, 'BAD_ID', 'not a ContentVersion id');
        try {
            return (await this.deps.sf.blob('ContentVersion', contentVersionId, 'VersionData')).toString('utf8');
        } catch (e) {
            if (e instanceof HttpFailure && e.status === 404)
                throw new ConsoleError(404, 'NOT_FOUND', 'No such transcript');
            throw e;
        }
    }

    // ---- the sync (the package's Queueable calling the relay) ------------------------------------
    /** Syncs these cases after every earlier sync finished; resolves with its log entry. */
    private enqueue(rows: CaseRow[], reason: string, deleted = false): Promise<SyncLogEntry> {
        const run = this.chain.then(() => this.runSync(rows, reason, deleted));
        this.chain = run.catch(() => undefined);
        return run;
    }

    private async runSync(rows: CaseRow[], reason: string, deleted: boolean): Promise<SyncLogEntry> {
        const entry: SyncLogEntry = {
            id: ++this.logSeq,
            at: this.now(),
            reason,
            caseNumbers: rows.map((r) => r.CaseNumber),
            archived: [],
            request: [],
            results: [],
            error: null,
        };
        try {
            const items: RelayCaseSyncItem[] = rows.map((r) =>
                deleted && r.Chat_Group_Id__c && r.Chat_Customer_Id__c
                    ? { caseId: r.Id, deleted: { groupId: r.Chat_Group_Id__c, customerId: r.Chat_Customer_Id__c } }
                    : { caseId: r.Id },
            );
            const res = await this.deps.relay.syncCases(items);
            res.results.forEach((result, i) => {
                const row = rows[i]!;
                const groupId = row.Chat_Group_Id__c ?? row.Id;
                entry.results.push(this.resultView(groupId, result));
                entry.request.push({
                    caseId: row.Id,
                    groupId,
                    agents: this.agentsIn(groupId, result),
                    state: result.state ?? '',
                });
            });
            for (const [i, result] of res.results.entries()) {
                if (result.ok && result.archived) entry.archived.push(await this.archivedFile(rows[i]!));
            }
        } catch (e) {
            entry.error = e instanceof Error ? e.message : String(e);
        }
        this.log.push(entry);
        if (this.log.length > SYNC_LOG_SIZE) this.log.splice(0, this.log.length - SYNC_LOG_SIZE);
        return entry;
    }

    private resultView(groupId: string, r: RelayCaseSyncResult): SyncResultView {
        return {
            groupId,
            ok: r.ok,
            state: r.state ?? 'failed',
            ...(r.added ? { added: r.added } : {}),
            ...(r.removed ? { removed: r.removed } : {}),
            ...(r.recreated !== undefined ? { recreated: r.recreated } : {}),
            ...(r.error ? { error: { code: r.error.code, message: r.error.message } } : {}),
        };
    }

    /** Agents (Salesforce User ids) in the group after the sync; none once it is dismissed. */
    private agentsIn(groupId: string, r: RelayCaseSyncResult): ConsoleAgent[] {
        if (!r.ok || r.state === 'dismissed' || r.state === 'none') return [];
        return this.deps
            .groupMembers(groupId)
            .filter((id) => /^005[A-Za-z0-9]{15}$/.test(id))
            .map((userId) => ({ userId, name: this.nameOf(userId) }));
    }

    /** The transcript the relay just wrote: the newest file on the case, with its message count. */
    private async archivedFile(row: CaseRow): Promise<SyncLogEntry['archived'][number]> {
        const files = (await this.transcriptsOf([row.Id])).get(row.Id) ?? [];
        const newest = files[files.length - 1];
        if (!newest) return { caseNumber: row.CaseNumber, contentVersionId: '', messages: 0 };
        const text = await this.transcriptText(newest.contentVersionId);
        const messages = Number(/\nMessages: (\d+)\n/.exec(text)?.[1] ?? 0);
        return { caseNumber: row.CaseNumber, contentVersionId: newest.contentVersionId, messages };
    }
}
