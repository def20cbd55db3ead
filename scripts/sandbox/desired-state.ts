/**
 * The sandbox's copy of the Salesforce package's sync rules (TimDesiredStateBuilder.cls): what the group of a
 * chat case should look like right now. The sandbox console calls the relay with these states exactly as the
 * Apex job does, so the demo exercises the same relay contract.
 */
import { MAX_AGENTS_PER_GROUP } from '../relay/src/routes/group-sync.js';
import type { DesiredState } from '../relay/src/services/group-sync-service.js';

export type CloseAction = 'Mute' | 'Dismiss' | 'None';

export interface AgentRef {
    userId: string;
    name: string;
}

/** One entry of `POST /v1/groups/sync` (docs/contracts.md). */
export interface GroupState {
    groupId: string;
    customerId?: string;
    customerName?: string;
    agents: AgentRef[];
    state: DesiredState;
}

/** What the sync job reads about a case when it runs. */
export interface CaseTruth {
    id: string;
    chatGroupId: string | null;
    chatCustomerId: string | null;
    ownerId: string;
    isClosed: boolean;
    isDeleted: boolean;
    customerName: string | null;
}

export interface UserInfo {
    name: string;
    isActive: boolean;
}

const isUserId = (id: string): boolean => id.startsWith('005');

/**
 * Desired state of a chat case's group, or null for a case without a group.
 * Open: owner (when a user) + users with Opened AgentWork, active only, owner first, no duplicates.
 * Closed: Mute keeps the agents and mutes; Dismiss dismisses; None keeps it open. Deleted: dismissed.
 */
export function desiredState(
    c: CaseTruth,
    openedAgentIds: readonly string[],
    users: ReadonlyMap<string, UserInfo>,
    closeAction: CloseAction,
): GroupState | null {
    if (!c.chatGroupId) return null;
    const base = {
        groupId: c.chatGroupId,
        ...(c.chatCustomerId ? { customerId: c.chatCustomerId } : {}),
        ...(c.customerName ? { customerName: c.customerName } : {}),
    };
    if (c.isDeleted || (c.isClosed && closeAction === 'Dismiss')) {
        return { ...base, agents: [], state: 'dismissed' };
    }
    const state: DesiredState = c.isClosed && closeAction === 'Mute' ? 'muted' : 'open';
    return { ...base, agents: agentsOf(c, openedAgentIds, users), state };
}

function agentsOf(c: CaseTruth, openedAgentIds: readonly string[], users: ReadonlyMap<string, UserInfo>): AgentRef[] {
    const ordered = [...(isUserId(c.ownerId) ? [c.ownerId] : []), ...openedAgentIds];
    const agents: AgentRef[] = [];
    const seen = new Set<string>();
    for (const id of ordered) {
        const user = users.get(id);
        if (seen.has(id) || !user?.isActive) continue;
        seen.add(id);
        agents.push({ userId: id, name: user.name });
        if (agents.length === MAX_AGENTS_PER_GROUP) break; // the relay's per-group agent limit
    }
    return agents;
}
