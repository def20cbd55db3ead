/**
 * The sandbox console's server side: stands in for the Service Console UI (owner changes, Omni-Channel accept,
 * close/reopen/delete) and for the Salesforce package's async job that follows each change:
 *
 *   TimCaseTriggerHandler / TimAgentWorkTriggerHandler → TimGroupSyncJob:
 *     1. read the current truth (Case via queryAll, its owner, users with Opened AgentWork, user names/active);
 *     2. archive phase: closed chat cases needing a transcript (TimTranscriptArchiver.needsArchive) get all history
 *        pages from the relay → renderTranscript → Case stamp + ContentVersion on the Case;
 *     3. sync phase: desiredState() per case → `POST /v1/groups/sync` with the API key, ≤ 50 groups per call.
 *
 * The fake Salesforce has no AgentWork object, so AgentWork rows live here (in memory).
 * Every Salesforce read/write goes over the fake's REST API and every relay call over HTTP.
 */
import { desiredState, type CaseTruth, type CloseAction, type GroupState, type UserInfo } from './desired-state.js';
import { renderTranscript } from './transcript.js';
import type {
    RelayHttp,
    RelayMessage,
    RelayMessagesPage,
    RelaySession,
    RelaySyncResult,
    SalesforceRest,
} from './http-clients.js';
import { HttpFailure } from './http-clients.js';
import { MAX_GROUPS_PER_SYNC } from '../relay/src/routes/group-sync.js';

export type AgentWorkStatus = 'Opened' | 'Closed';

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

export interface SyncLogEntry {
    id: number;
    at: number;
    reason: string;
    caseNumbers: string[];
    archived: Array<{ caseNumber: string; contentVersionId: string; messages: number }>;
    request: GroupState[];
    results: RelaySyncResult[];
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

/** TimTranscriptArchiver.PAGE_SIZE / TimChatHistoryController.PAGE_SIZE; sync batches use the relay's MAX_GROUPS_PER_SYNC. */
const TRANSCRIPT_PAGE_SIZE = 100;
const HISTORY_PAGE_SIZE = 30;
const MAX_TRANSCRIPT_PAGES = 200;
const SYNC_LOG_SIZE = 30;

export const CASE_ID = /^500[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;
const soqlId = (id: string): string => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`;

interface CaseRow {
    Id: string;
    CaseNumber: string;
    Subject: string | null;
    Status: string;
    IsClosed: boolean;
    IsDeleted: boolean;
    ClosedDate: string | null;
    OwnerId: string;
    Owner: { Name?: string } | null;
    SuppliedName: string | null;
    Chat_Group_Id__c: string | null;
    Chat_Customer_Id__c: string | null;
    Chat_Transcript_Archived_At__c: string | null;
}

const CASE_FIELDS =
    'Id, CaseNumber, Subject, Status, IsClosed, IsDeleted, ClosedDate, OwnerId, Owner.Name, SuppliedName, Chat_Group_Id__c, Chat_Customer_Id__c, Chat_Transcript_Archived_At__c';

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
    relay: RelayHttp;
    agents: readonly ConsoleAgent[];
    queue: { id: string; name: string };
    integrationUser: { id: string; name: string };
    now?: () => number;
}

export class ConsoleService {
    readonly settings: ConsoleSettings = { closeAction: 'Mute', archiveTranscript: true };
    private readonly agentWork = new Map<string, Map<string, AgentWorkStatus>>();
    private readonly log: SyncLogEntry[] = [];
    private logSeq = 0;
    /** Jobs run one at a time, like a chained Queueable. */
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

    // ---- reads ----------------------------------------------------------------------------------
    async listCases(): Promise<ConsoleCase[]> {
        const res = await this.deps.sf.query<CaseRow>(
            `SELECT ${CASE_FIELDS} FROM Case WHERE Chat_Group_Id__c != null ORDER BY CaseNumber DESC LIMIT 200`,
        );
        const ids = res.records.map((r) => r.Id);
        const transcripts = await this.transcriptsOf(ids);
        return res.records.map((r) => this.toConsoleCase(r, transcripts.get(r.Id) ?? []));
    }

    async getCase(caseId: string): Promise<ConsoleCase> {
        const row = await this.caseRow(caseId, false);
        return this.toConsoleCase(row, (await this.transcriptsOf([row.Id])).get(row.Id) ?? []);
    }

    private toConsoleCase(r: CaseRow, transcripts: ConsoleCase['transcripts']): ConsoleCase {
        const work = this.agentWork.get(r.Id) ?? new Map<string, AgentWorkStatus>();
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
            agentWork: [...work].map(([userId, status]) => ({
                userId,
                name: this.agent(userId)?.name ?? userId,
                status,
            })),
            archivedAt: r.Chat_Transcript_Archived_At__c,
            transcripts,
        };
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

    private async caseRow(caseId: string, includeDeleted: boolean): Promise<CaseRow> {
        if (!CASE_ID.test(caseId)) throw new ConsoleError(400, 'BAD_CASE_ID', 'caseId must be a Case id');
        const res = await this.deps.sf.query<CaseRow>(
            `SELECT ${CASE_FIELDS} FROM Case WHERE Id = ${soqlId(caseId)}`,
            includeDeleted,
        );
        const row = res.records[0];
        if (!row || !row.Chat_Group_Id__c) throw new ConsoleError(404, 'NOT_FOUND', 'No chat case with this id');
        return row;
    }

    // ---- console actions (each followed by the job, as the triggers would enqueue it) -------------
    async changeOwner(caseId: string, ownerId: unknown): Promise<SyncLogEntry> {
        const option = this.ownerOptions().find((o) => o.id === ownerId);
        if (!option) throw new ConsoleError(400, 'BAD_OWNER', 'ownerId must be one of the listed users or the queue');
        const row = await this.caseRow(caseId, false);
        await this.deps.sf.update('Case', row.Id, { OwnerId: option.id });
        return this.enqueue([row.Id], `Owner of ${row.CaseNumber} → ${option.name}`);
    }

    /** Omni-Channel accept: the agent's AgentWork moves to Opened and Omni-Channel makes the agent the owner. */
    async accept(agentId: string, caseId: string): Promise<SyncLogEntry> {
        const agent = this.requireAgent(agentId);
        const row = await this.caseRow(caseId, false);
        if (row.IsClosed) throw new ConsoleError(409, 'CASE_CLOSED', 'A closed case cannot be accepted');
        this.workOf(row.Id).set(agent.userId, 'Opened');
        await this.deps.sf.update('Case', row.Id, { OwnerId: agent.userId });
        return this.enqueue([row.Id], `${agent.name} accepted ${row.CaseNumber} (AgentWork Opened)`);
    }

    /** The agent closes the work item (AgentWork leaves Opened). */
    async release(agentId: string, caseId: string): Promise<SyncLogEntry> {
        const agent = this.requireAgent(agentId);
        const row = await this.caseRow(caseId, false);
        const work = this.workOf(row.Id);
        if (work.get(agent.userId) !== 'Opened')
            throw new ConsoleError(409, 'NO_OPEN_WORK', `${agent.name} has no opened work on this case`);
        work.set(agent.userId, 'Closed');
        return this.enqueue([row.Id], `${agent.name} closed the work item of ${row.CaseNumber} (AgentWork Closed)`);
    }

    async close(caseId: string): Promise<SyncLogEntry> {
        const row = await this.caseRow(caseId, false);
        await this.deps.sf.update('Case', row.Id, { Status: 'Closed' });
        return this.enqueue([row.Id], `Closed ${row.CaseNumber}`);
    }

    async reopen(caseId: string): Promise<SyncLogEntry> {
        const row = await this.caseRow(caseId, false);
        await this.deps.sf.update('Case', row.Id, { Status: 'Working' });
        return this.enqueue([row.Id], `Reopened ${row.CaseNumber}`);
    }

    async remove(caseId: string): Promise<SyncLogEntry> {
        const row = await this.caseRow(caseId, false);
        await this.deps.sf.delete('Case', row.Id);
        this.agentWork.delete(row.Id);
        return this.enqueue([row.Id], `Deleted ${row.CaseNumber}`);
    }

    /** Re-sync without a change (what TimReconcileJob / "send test sync" do). */
    async resync(caseId: string): Promise<SyncLogEntry> {
        const row = await this.caseRow(caseId, false);
        return this.enqueue([row.Id], `Re-sync of ${row.CaseNumber}`);
    }

    setCloseAction(value: unknown): ConsoleSettings {
        if (value !== 'Mute' && value !== 'Dismiss' && value !== 'None')
            throw new ConsoleError(400, 'BAD_SETTING', 'closeAction must be Mute, Dismiss or None');
        this.settings.closeAction = value;
        return { ...this.settings };
    }

    private workOf(caseId: string): Map<string, AgentWorkStatus> {
        let m = this.agentWork.get(caseId);
        if (!m) {
            m = new Map();
            this.agentWork.set(caseId, m);
        }
        return m;
    }

    private openedAgentIds(caseId: string): string[] {
        return [...(this.agentWork.get(caseId) ?? new Map<string, AgentWorkStatus>())]
            .filter(([, s]) => s === 'Opened')
            .map(([id]) => id);
    }

    // ---- what the widget host needs (TimChatSessionController / TimChatHistoryController) --------
    async session(agentId: string): Promise<RelaySession> {
        const agent = this.requireAgent(agentId);
        return this.deps.relay.agentSession(agent.userId, agent.name);
    }

    /**
     * Salesforce runs the history query WITH USER_MODE: the agent must be able to read the Case. The sandbox's
     * stand-in for sharing: the agent owns the case or has Opened AgentWork on it.
     */
    async history(agentId: string, caseId: string, beforeSeq: number | null): Promise<RelayMessagesPage> {
        const agent = this.requireAgent(agentId);
        let row: CaseRow;
        try {
            row = await this.caseRow(caseId, false);
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
        const opened = this.openedAgentIds(row.Id).includes(agent.userId);
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

    // ---- the job (TimGroupSyncJob) -------------------------------------------------------------
    /** Runs the job for these cases after every earlier job finished; resolves with its log entry. */
    enqueue(caseIds: string[], reason: string): Promise<SyncLogEntry> {
        const run = this.chain.then(() => this.runJob(caseIds, reason));
        this.chain = run.catch(() => undefined);
        return run;
    }

    private async runJob(caseIds: string[], reason: string): Promise<SyncLogEntry> {
        const entry: SyncLogEntry = {
            id: ++this.logSeq,
            at: this.now(),
            reason,
            caseNumbers: [],
            archived: [],
            request: [],
            results: [],
            error: null,
        };
        try {
            // 1. Truth, read when the job runs (deleted cases too).
            const rows = (
                await this.deps.sf.query<CaseRow>(
                    `SELECT ${CASE_FIELDS} FROM Case WHERE Id IN (${caseIds.map(soqlId).join(', ')})`,
                    true,
                )
            ).records.filter((r) => r.Chat_Group_Id__c);
            entry.caseNumbers = rows.map((r) => r.CaseNumber);
            const userIds = new Set<string>();
            for (const r of rows) {
                if (r.OwnerId.startsWith('005')) userIds.add(r.OwnerId);
                for (const id of this.openedAgentIds(r.Id)) userIds.add(id);
            }
            const users = await this.users([...userIds]);

            // 2. Archive phase first: a muted/dismissed group must not lose its transcript.
            for (const r of rows.filter((c) => this.needsArchive(c))) {
                entry.archived.push(await this.archive(r, users));
            }

            // 3. Sync phase.
            const states: GroupState[] = [];
            for (const r of rows) {
                // Like TimDesiredStateBuilder: the relay needs the customer of every group; a case without one is skipped.
                if (!r.Chat_Customer_Id__c) continue;
                const truth: CaseTruth = {
                    id: r.Id,
                    chatGroupId: r.Chat_Group_Id__c,
                    chatCustomerId: r.Chat_Customer_Id__c,
                    ownerId: r.OwnerId,
                    isClosed: r.IsClosed,
                    isDeleted: r.IsDeleted,
                    customerName: r.SuppliedName,
                };
                const s = desiredState(truth, this.openedAgentIds(r.Id), users, this.settings.closeAction);
                if (s) states.push(s);
            }
            entry.request = states;
            for (let i = 0; i < states.length; i += MAX_GROUPS_PER_SYNC) {
                const res = await this.deps.relay.syncGroups(states.slice(i, i + MAX_GROUPS_PER_SYNC));
                entry.results.push(...res.results);
            }
        } catch (e) {
            entry.error = e instanceof Error ? e.message : String(e);
        }
        this.log.push(entry);
        if (this.log.length > SYNC_LOG_SIZE) this.log.splice(0, this.log.length - SYNC_LOG_SIZE);
        return entry;
    }

    private async users(ids: string[]): Promise<Map<string, UserInfo>> {
        const map = new Map<string, UserInfo>();
        if (ids.length === 0) return map;
        const res = await this.deps.sf.query<{ Id: string; Name: string; IsActive: boolean }>(
            `SELECT Id, Name, IsActive FROM User WHERE Id IN (${ids.map(soqlId).join(', ')})`,
        );
        for (const u of res.records) map.set(u.Id, { name: u.Name, isActive: u.IsActive });
        return map;
    }

    /** TimTranscriptArchiver.needsArchive. */
    private needsArchive(c: CaseRow): boolean {
        if (!this.settings.archiveTranscript || !c.IsClosed || c.IsDeleted || !c.Chat_Group_Id__c) return false;
        if (c.Chat_Transcript_Archived_At__c === null) return true;
        return c.ClosedDate !== null && Date.parse(c.Chat_Transcript_Archived_At__c) < Date.parse(c.ClosedDate);
    }

    /** All history pages (newest page first from the relay) → transcript → stamp the Case, then the file. */
    private async archive(c: CaseRow, users: Map<string, UserInfo>): Promise<SyncLogEntry['archived'][number]> {
        const groupId = c.Chat_Group_Id__c as string;
        const pages: RelayMessage[][] = [];
        let note = '';
        let before: number | null = null;
        for (let i = 0; ; i++) {
            if (i === MAX_TRANSCRIPT_PAGES) {
                note = 'Older messages were not archived: the history was too long for one run.';
                break;
            }
            let page: RelayMessagesPage;
            try {
                page = await this.deps.relay.messages(groupId, before, TRANSCRIPT_PAGE_SIZE);
            } catch (e) {
                if (e instanceof HttpFailure && e.status === 404) {
                    const code = (e.body as { error?: { code?: string } } | null)?.error?.code ?? 'NOT_FOUND';
                    note = `No chat history was available (${code}).`;
                    break;
                }
                throw e;
            }
            pages.push(page.messages);
            before = page.nextBefore;
            if (page.isFinished || before === null || page.messages.length === 0) break;
        }
        const messages = pages.reverse().flat();
        const names = new Map<string, string>();
        for (const [id, u] of users) names.set(id, u.name);
        for (const a of this.deps.agents) if (!names.has(a.userId)) names.set(a.userId, a.name);
        if (c.Chat_Customer_Id__c && c.SuppliedName) names.set(c.Chat_Customer_Id__c, c.SuppliedName);
        const at = this.now();
        const text = renderTranscript({ caseNumber: c.CaseNumber, chatGroupId: groupId }, messages, names, at, note);
        // Stamp first, then the file (the Apex order: never a file without its stamp).
        await this.deps.sf.update('Case', c.Id, { Chat_Transcript_Archived_At__c: new Date(at).toISOString() });
        const contentVersionId = await this.deps.sf.insert('ContentVersion', {
            Title: `Chat transcript ${c.CaseNumber}`,
            PathOnClient: `chat-transcript-${c.CaseNumber}.txt`,
            VersionData: Buffer.from(text, 'utf8').toString('base64'),
            FirstPublishLocationId: c.Id,
        });
        return { caseNumber: c.CaseNumber, contentVersionId, messages: messages.length };
    }
}
