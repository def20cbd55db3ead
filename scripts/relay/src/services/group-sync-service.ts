/**
 * Applies desired group states (level-triggered): per group, reconcile members, mute state, existence.
 * Each group succeeds or fails on its own; the whole batch runs with bounded concurrency.
 */
import type { ChatGroups } from '../tencent/chat-groups.js';
import type { TencentAccounts } from '../tencent/accounts.js';
import { caseGroupProfile, type CaseGroupFacts } from '../tencent/case-group-profile.js';
import type { CaseGroupDetails } from '../salesforce/cases.js';
import { looksLikeUserId } from '../validation/salesforce-id.js';
import { toAppError } from '../http/upstream-errors.js';
import type { Log } from '../logger.js';

export type DesiredState = 'open' | 'muted' | 'dismissed';

export interface DesiredGroup {
  groupId: string;
  customerId: string;
  customerName?: string;
  agents: { userId: string; name?: string }[];
  state: DesiredState;
}

export type GroupSyncResult =
  | { groupId: string; ok: true; state: DesiredState; added: string[]; removed: string[]; recreated: boolean }
  | { groupId: string; ok: false; state: DesiredState; error: { code: string; message: string; upstreamCode?: number | string } };

/** Reads the Case behind a group (group id = Case id) for the profile of a recreated group. */
export interface CaseGroupDetailsReader {
  findCaseGroupDetails(caseId: string): Promise<CaseGroupDetails | null>;
}

export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return results;
}

export class GroupSyncService {
  constructor(
    private readonly groups: ChatGroups,
    private readonly accounts: TencentAccounts,
    private readonly cases: CaseGroupDetailsReader,
    private readonly log: Log,
    private readonly concurrency = 5,
  ) {}

  async syncAll(desired: readonly DesiredGroup[]): Promise<{ results: GroupSyncResult[]; failed: number }> {
    const results = await mapWithConcurrency(desired, this.concurrency, (g) => this.syncOneSafe(g));
    return { results, failed: results.filter((r) => !r.ok).length };
  }

  private async syncOneSafe(g: DesiredGroup): Promise<GroupSyncResult> {
    try {
      return await this.syncOne(g);
    } catch (err) {
      const appError = toAppError(err);
      this.log.warn({ groupId: g.groupId, code: appError.code, upstreamCode: appError.extra.upstreamCode }, 'group sync failed');
      const error: { code: string; message: string; upstreamCode?: number | string } = { code: appError.code, message: appError.message };
      if (appError.extra.upstreamCode !== undefined) error.upstreamCode = appError.extra.upstreamCode;
      return { groupId: g.groupId, ok: false, state: g.state, error };
    }
  }

  async syncOne(g: DesiredGroup): Promise<GroupSyncResult> {
    const base = { groupId: g.groupId, ok: true as const, state: g.state, added: [] as string[], removed: [] as string[], recreated: false };
    if (g.state === 'dismissed') {
      await this.groups.destroy(g.groupId);
      return base;
    }

    const agentIds = [...new Set(g.agents.map((a) => a.userId))];
    const info = await this.groups.getInfo(g.groupId);
    if (!info.exists) {
      // A missing group is recreated only when the conversation should be open (e.g. a reopened case).
      if (g.state !== 'open') return base;
      const facts = await this.recreatedGroupFacts(g);
      await this.accounts.importOne(g.customerId, facts.customerName);
      if (agentIds.length > 0) await this.accounts.importMany(agentIds);
      await this.groups.create(g.groupId, caseGroupProfile(facts), g.customerId, agentIds);
      return { ...base, added: agentIds, recreated: true };
    }

    const members = new Set(await this.groups.listMembers(g.groupId));
    const wanted = new Set(agentIds);
    const toAdd = [g.customerId, ...agentIds].filter((id) => !members.has(id));
    const protectedIds = this.groups.protectedMembers(g.customerId);
    // Only members that are Salesforce User ids (agents) are ever removed: never the customer, the admin,
    // the owner, or any other account someone else added on purpose (bots, supervisors by another id scheme).
    const toRemove = [...members].filter((m) => looksLikeUserId(m) && !wanted.has(m) && !protectedIds.has(m));

    let added: string[] = [];
    if (toAdd.length > 0) added = (await this.groups.addMembers(g.groupId, toAdd)).added;
    if (toRemove.length > 0) await this.groups.deleteMembers(g.groupId, toRemove);

    const wantMute = g.state === 'muted' ? 'On' : 'Off';
    if (info.muteAllMember !== wantMute) await this.groups.setMuteAll(g.groupId, wantMute === 'On');
    return { ...base, added, removed: toRemove };
  }

  /**
   * Case number, subject and customer name for a recreated group, read from the Case. When that read fails (or
   * finds no Case) the group is still recreated with what the request has (customer name, ids), and a warning is
   * logged: a conversation without a subject is better than no conversation.
   */
  private async recreatedGroupFacts(g: DesiredGroup): Promise<CaseGroupFacts> {
    const facts: CaseGroupFacts = { groupId: g.groupId, customerId: g.customerId };
    if (g.customerName) facts.customerName = g.customerName;
    try {
      const details = await this.cases.findCaseGroupDetails(g.groupId);
      if (!details) {
        this.log.warn({ groupId: g.groupId }, 'no Case found for the recreated group; it gets no case number or subject');
        return facts;
      }
      return { ...facts, caseNumber: details.caseNumber, subject: details.subject, customerName: details.customerName || g.customerName || '' };
    } catch (err) {
      const appError = toAppError(err);
      this.log.warn({ groupId: g.groupId, code: appError.code }, 'could not read the Case for the recreated group; recreating it without case number or subject');
      return facts;
    }
  }
}
