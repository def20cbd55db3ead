/**
 * The engagement record's rules, pure (no I/O): which events a chat case's current truth adds to its log, and the
 * chat timings from the group's history. Level-triggered: every event has a deterministic external id derived from
 * what is already logged (case id, kind, ordinal or the Salesforce record it comes from), so a repeated or
 * concurrent sync proposes the same ids and the upsert writes nothing new.
 */
import type { HistoryMessage } from '../tencent/message-mapping.js';

export const EVENT_TYPES = [
    'Ticket Created',
    'Assigned',
    'Accepted',
    'Agent Joined',
    'Agent Left',
    'First Response',
    'Reassigned',
    'Closed',
    'Reopened',
    'Transcript Archived',
    'Rating Requested',
    'Rating Received',
    'Call Ringing',
    'Call Answered',
    'Call Transferred',
    'Call Ended',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Events that change the case's chat state (the others happen within a state). */
const STATE_EVENTS: ReadonlySet<EventType> = new Set([
    'Ticket Created',
    'Assigned',
    'Reassigned',
    'Accepted',
    'Closed',
    'Reopened',
]);

/** A Salesforce user id (agents write with their 005… id). */
export const AGENT_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

/** An event already in Tim_Engagement__c. */
export interface LoggedEvent {
    externalId: string;
    type: EventType;
    /** epoch ms */
    at: number;
    userId: string | null;
}

/** An event to write. */
export interface EngagementEvent extends LoggedEvent {
    actorName: string;
    previousState: string | null;
    secondsInPreviousState: number | null;
    details: string;
}

export interface ChatTimings {
    firstCustomerAt: number | null;
    firstResponseAt: number | null;
    firstResponderId: string | null;
    lastCustomerAt: number | null;
    lastAgentAt: number | null;
    customerCount: number;
    agentCount: number;
}

/** What a sync knows about one case, for its engagement events. */
export interface EngagementFacts {
    caseId: string;
    /** epoch ms of Case.CreatedDate */
    createdAt: number;
    ownerId: string;
    isClosed: boolean;
    closedAt: number | null;
    /** Opened AgentWork: the record id, the agent and when they accepted */
    accepted: { workId: string; userId: string; at: number | null }[];
    /** agents in the group after this sync; null when the group was not applied (membership unknown) */
    agentsInGroup: string[] | null;
    /** the transcript is archived (now or earlier), and when */
    archivedAt: number | null;
    timings: ChatTimings | null;
    /** display names of users */
    names: ReadonlyMap<string, string>;
    now: number;
}

/** Timings of a conversation from its history: customer = the case's customer id, agents = 005… ids. */
export function chatTimings(messages: readonly HistoryMessage[], customerId: string): ChatTimings {
    const t: ChatTimings = {
        firstCustomerAt: null,
        firstResponseAt: null,
        firstResponderId: null,
        lastCustomerAt: null,
        lastAgentAt: null,
        customerCount: 0,
        agentCount: 0,
    };
    const ordered = [...messages].sort((a, b) => a.time - b.time || a.seq - b.seq);
    for (const m of ordered) {
        if (m.from === customerId) {
            t.customerCount += 1;
            t.firstCustomerAt ??= m.time;
            t.lastCustomerAt = m.time;
        } else if (AGENT_ID.test(m.from)) {
            t.agentCount += 1;
            t.lastAgentAt = m.time;
            if (t.firstCustomerAt !== null && t.firstResponseAt === null) {
                t.firstResponseAt = m.time;
                t.firstResponderId = m.from;
            }
        }
    }
    return t;
}

const ownerOf = (e: LoggedEvent): string | null => {
    const m = /:assigned:\d+:([A-Za-z0-9]{15,18})$/.exec(e.externalId);
    return m ? m[1]! : null;
};

/**
 * The events the current truth adds to the log (none when everything is logged already), each with the state it
 * leaves and how long the case was in it.
 */
export function newEngagementEvents(f: EngagementFacts, logged: readonly LoggedEvent[]): EngagementEvent[] {
    const have = new Set(logged.map((e) => e.externalId));
    const ofType = (...types: EventType[]) =>
        logged.filter((e) => types.includes(e.type)).sort((a, b) => a.at - b.at || cmp(a.externalId, b.externalId));
    const out: Omit<EngagementEvent, 'previousState' | 'secondsInPreviousState'>[] = [];
    const add = (e: Omit<EngagementEvent, 'previousState' | 'secondsInPreviousState' | 'actorName'>) => {
        if (have.has(e.externalId)) return;
        have.add(e.externalId);
        out.push({ ...e, actorName: e.userId ? (f.names.get(e.userId) ?? '') : '' });
    };
    const id = f.caseId;

    add({ externalId: `${id}:created`, type: 'Ticket Created', at: f.createdAt, userId: null, details: '' });

    const assignments = ofType('Assigned', 'Reassigned');
    const lastAssignment = assignments.at(-1);
    const lastOwner = lastAssignment ? ownerOf(lastAssignment) : null;
    if (lastOwner !== f.ownerId) {
        const isUser = f.ownerId.startsWith('005');
        const type: EventType = lastOwner?.startsWith('005') ? 'Reassigned' : 'Assigned';
        add({
            externalId: `${id}:assigned:${assignments.length}:${f.ownerId}`,
            type,
            at: Math.max(f.now, f.createdAt),
            userId: isUser ? f.ownerId : null,
            details: isUser ? `To user ${f.ownerId}` : `To queue ${f.ownerId}`,
        });
    }

    for (const w of f.accepted)
        add({
            externalId: `${id}:accepted:${w.workId}`,
            type: 'Accepted',
            at: w.at ?? f.now,
            userId: w.userId,
            details: 'Accepted through Omni-Channel',
        });

    if (f.agentsInGroup) {
        const inGroup = new Set(f.agentsInGroup);
        const lastMembership = new Map<string, LoggedEvent>();
        for (const e of ofType('Agent Joined', 'Agent Left')) if (e.userId) lastMembership.set(e.userId, e);
        const count = (userId: string) =>
            logged.filter((e) => e.userId === userId && (e.type === 'Agent Joined' || e.type === 'Agent Left')).length;
        for (const userId of [...inGroup].sort())
            if (lastMembership.get(userId)?.type !== 'Agent Joined')
                add({
                    externalId: `${id}:member:${userId}:${count(userId)}`,
                    type: 'Agent Joined',
                    at: f.now,
                    userId,
                    details: '',
                });
        for (const [userId, e] of [...lastMembership].sort(([a], [b]) => cmp(a, b)))
            if (e.type === 'Agent Joined' && !inGroup.has(userId))
                add({
                    externalId: `${id}:member:${userId}:${count(userId)}`,
                    type: 'Agent Left',
                    at: f.now,
                    userId,
                    details: '',
                });
    }

    const first = f.timings ? firstResponseEvent(id, f.timings) : null;
    if (first) add(first);

    const closes = ofType('Closed', 'Reopened');
    const lastClose = closes.at(-1);
    // The ordinal of the current close: the archive of this close shares it, so it is logged once per close.
    const closeOrdinal = lastClose?.type === 'Closed' ? closes.length - 1 : closes.length;
    if (f.isClosed && lastClose?.type !== 'Closed')
        add({
            externalId: `${id}:closed:${closeOrdinal}`,
            type: 'Closed',
            at: f.closedAt ?? f.now,
            userId: null,
            details: '',
        });
    if (!f.isClosed && lastClose?.type === 'Closed')
        add({ externalId: `${id}:reopened:${closes.length}`, type: 'Reopened', at: f.now, userId: null, details: '' });

    if (f.isClosed && f.archivedAt !== null && (f.closedAt === null || f.archivedAt >= f.closedAt))
        add({
            externalId: `${id}:archived:${closeOrdinal}`,
            type: 'Transcript Archived',
            at: f.archivedAt,
            userId: null,
            details: '',
        });

    return withPreviousStates(out, logged);
}

/** The first agent response of these timings, as an event (without names and states). */
function firstResponseEvent(
    caseId: string,
    t: ChatTimings,
): Omit<EngagementEvent, 'previousState' | 'secondsInPreviousState' | 'actorName'> | null {
    if (t.firstResponseAt === null) return null;
    return {
        externalId: `${caseId}:first-response`,
        type: 'First Response',
        at: t.firstResponseAt,
        userId: t.firstResponderId,
        details:
            t.firstCustomerAt !== null
                ? `${Math.round((t.firstResponseAt - t.firstCustomerAt) / 1000)} s after the customer's first message`
                : '',
    };
}

/** The First Response event, when the timings have one and it is not logged yet (live updates). */
export function newFirstResponse(
    caseId: string,
    t: ChatTimings,
    logged: readonly LoggedEvent[],
    names: ReadonlyMap<string, string>,
): EngagementEvent | null {
    const e = firstResponseEvent(caseId, t);
    if (!e || logged.some((l) => l.externalId === e.externalId)) return null;
    return withPreviousStates([{ ...e, actorName: e.userId ? (names.get(e.userId) ?? '') : '' }], logged)[0] ?? null;
}

/** The ordinal of the latest close (0 for the first), from the logged Closed / Reopened events. */
export function currentCloseOrdinal(logged: readonly LoggedEvent[]): number {
    const n = logged.filter((e) => e.type === 'Closed' || e.type === 'Reopened').length;
    return Math.max(0, n - 1);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each new event gets the state before it (the latest state event earlier in time) and the seconds spent in it. */
export function withPreviousStates(
    fresh: readonly Omit<EngagementEvent, 'previousState' | 'secondsInPreviousState'>[],
    logged: readonly LoggedEvent[],
): EngagementEvent[] {
    const states = [...logged, ...fresh]
        .filter((e) => STATE_EVENTS.has(e.type))
        .sort((a, b) => a.at - b.at || cmp(a.externalId, b.externalId));
    return fresh
        .map((e) => {
            const before = states
                .filter(
                    (s) =>
                        s !== e &&
                        (s.at < e.at ||
                            (s.at === e.at && (!STATE_EVENTS.has(e.type) || cmp(s.externalId, e.externalId) < 0))),
                )
                .at(-1);
            return {
                ...e,
                previousState: before ? before.type : null,
                secondsInPreviousState: before ? Math.max(0, Math.round((e.at - before.at) / 1000)) : null,
            };
        })
        .sort((a, b) => a.at - b.at || cmp(a.externalId, b.externalId));
}
