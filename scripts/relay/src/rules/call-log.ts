/**
 * A call's engagement-log entries (pure, no I/O). Each TCCC call event the phone page reports becomes one
 * Tim_Engagement__c row whose external id comes from the TCCC session id, so a repeated report writes nothing new:
 * `tccc:<session>:ringing|answered|ended`, and `tccc:<session>:transferred:<epoch ms>` (a call may move more than
 * once). Ring and talk seconds and who ended the call go to Details__c.
 */
import { createHash } from 'node:crypto';
import type { EngagementEvent, EventType, LoggedEvent } from './engagement.js';

export const CALL_EVENTS = ['ringing', 'answered', 'transferred', 'ended'] as const;
export type CallEventKind = (typeof CALL_EVENTS)[number];
export const CALL_CLOSE_BY = ['seat', 'client', 'admin'] as const;
export type CallCloseBy = (typeof CALL_CLOSE_BY)[number];

export const CALL_EVENT_TYPES: Record<CallEventKind, EventType> = {
    ringing: 'Call Ringing',
    answered: 'Call Answered',
    transferred: 'Call Transferred',
    ended: 'Call Ended',
};

/** What the phone page reports (POST /v1/voice/call-events). */
export interface CallEventReport {
    caseId: string;
    sessionId: string;
    event: CallEventKind;
    /** epoch ms */
    occurredAt: number;
    callerNumber?: string;
    durationSeconds?: number;
    closeBy?: CallCloseBy;
    transferTarget?: string;
}

const CLOSED_BY_TEXT: Record<CallCloseBy, string> = {
    seat: 'the agent',
    client: 'the caller',
    admin: 'an administrator',
};

/** External ids hold at most 120 characters: a long session id is replaced by its hash. */
export function callKey(sessionId: string): string {
    if (/^[A-Za-z0-9._:-]{1,80}$/.test(sessionId)) return `tccc:${sessionId}`;
    return `tccc:h${createHash('sha256').update(sessionId, 'utf8').digest('hex').slice(0, 40)}`;
}

export function callExternalId(r: Pick<CallEventReport, 'sessionId' | 'event' | 'occurredAt'>): string {
    const base = `${callKey(r.sessionId)}:${r.event}`;
    return r.event === 'transferred' ? `${base}:${r.occurredAt}` : base;
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

/** The row for one reported call event; `logged` is what the Case's log has already (for ring/talk times). */
export function callLogEvent(
    r: CallEventReport,
    agent: { userId: string; name: string },
    logged: readonly LoggedEvent[],
): EngagementEvent {
    const at = (kind: CallEventKind) =>
        logged.find((e) => e.externalId === callExternalId({ ...r, event: kind }))?.at ?? null;
    const ringingAt = at('ringing');
    const answeredAt = at('answered');
    let details = '';
    switch (r.event) {
        case 'ringing':
            details = r.callerNumber ? `Incoming call from ${r.callerNumber}` : 'Incoming call';
            break;
        case 'answered':
            details = ringingAt !== null ? `Answered after ${seconds(r.occurredAt - ringingAt)} s ringing` : 'Answered';
            break;
        case 'transferred':
            details = r.transferTarget ? `Transferred to ${r.transferTarget}` : 'Transferred';
            break;
        case 'ended': {
            const parts: string[] = [];
            if (answeredAt !== null) {
                const talk = r.durationSeconds ?? seconds(r.occurredAt - answeredAt);
                parts.push(`Talk time ${Math.round(talk)} s`);
                if (ringingAt !== null) parts.push(`ring time ${seconds(answeredAt - ringingAt)} s`);
            } else {
                parts.push(
                    ringingAt !== null ? `Not answered (rang ${seconds(r.occurredAt - ringingAt)} s)` : 'Not answered',
                );
            }
            if (r.closeBy) parts.push(`ended by ${CLOSED_BY_TEXT[r.closeBy]}`);
            details = parts.join('; ');
            break;
        }
    }
    return {
        externalId: callExternalId(r),
        type: CALL_EVENT_TYPES[r.event],
        at: r.occurredAt,
        userId: agent.userId,
        actorName: agent.name,
        previousState: null,
        secondsInPreviousState: null,
        details: `${details} (TCCC session ${r.sessionId})`,
    };
}
