/** The engagement rules (pure): which events the truth adds, once, with previous states; timings from history. */
import { describe, expect, it } from 'vitest';
import {
    chatTimings,
    EVENT_TYPES,
    newEngagementEvents,
    type EngagementFacts,
    type LoggedEvent,
} from '../src/rules/engagement.js';
import type { HistoryMessage } from '../src/tencent/message-mapping.js';
import { RatingTokens } from '../src/rules/rating-token.js';

const CASE = '500000000000001AAA';
const ALICE = '005000000000001AAA';
const BOB = '005000000000002AAA';
const QUEUE = '00G000000000001AAA';
const T0 = Date.parse('2026-12-01T10:00:00Z');

const facts = (over: Partial<EngagementFacts> = {}): EngagementFacts => ({
    caseId: CASE,
    createdAt: T0,
    ownerId: QUEUE,
    isClosed: false,
    closedAt: null,
    accepted: [],
    agentsInGroup: [],
    archivedAt: null,
    timings: null,
    names: new Map([[ALICE, 'Alice Agent']]),
    now: T0 + 60_000,
    ...over,
});

/** Runs the rules and "writes" the result, as the relay does at each sync. */
function sync(log: LoggedEvent[], f: EngagementFacts) {
    const fresh = newEngagementEvents(f, log);
    log.push(...fresh);
    return fresh;
}

const msg = (from: string, sec: number, seq: number): HistoryMessage => ({
    seq,
    random: seq,
    from,
    time: T0 + sec * 1000,
    elements: [{ type: 'TIMTextElem', text: 'x' } as never],
});

describe('engagement rules', () => {
    it('a case life: each event once, with the state it left and the seconds spent in it', () => {
        const log: LoggedEvent[] = [];
        expect(sync(log, facts()).map((e) => e.type)).toEqual(['Ticket Created', 'Assigned']);
        expect(sync(log, facts())).toEqual([]);
        const routed = sync(
            log,
            facts({
                ownerId: ALICE,
                now: T0 + 120_000,
                accepted: [{ workId: '0Bz000000000001AAA', userId: ALICE, at: T0 + 110_000 }],
                agentsInGroup: [ALICE],
            }),
        );
        expect(routed.map((e) => [e.type, e.previousState, e.secondsInPreviousState, e.actorName])).toEqual([
            ['Accepted', 'Assigned', 50, 'Alice Agent'],
            ['Assigned', 'Accepted', 10, 'Alice Agent'],
            ['Agent Joined', 'Assigned', 0, 'Alice Agent'],
        ]);
        const moved = sync(log, facts({ ownerId: BOB, agentsInGroup: [BOB], now: T0 + 180_000 }));
        expect(moved.map((e) => e.type).sort()).toEqual(['Agent Joined', 'Agent Left', 'Reassigned']);
        const closed = sync(
            log,
            facts({
                ownerId: BOB,
                agentsInGroup: [BOB],
                isClosed: true,
                closedAt: T0 + 200_000,
                archivedAt: T0 + 201_000,
            }),
        );
        expect(closed.map((e) => [e.type, e.previousState])).toEqual([
            ['Closed', 'Reassigned'],
            ['Transcript Archived', 'Closed'],
        ]);
        const again = facts({
            ownerId: BOB,
            agentsInGroup: [BOB],
            isClosed: true,
            closedAt: T0 + 200_000,
            archivedAt: T0 + 201_000,
        });
        expect(sync(log, again)).toEqual([]);
        expect(sync(log, facts({ ownerId: BOB, agentsInGroup: [BOB], now: T0 + 300_000 })).map((e) => e.type)).toEqual([
            'Reopened',
        ]);
        const reclosed = sync(
            log,
            facts({
                ownerId: BOB,
                agentsInGroup: [BOB],
                isClosed: true,
                closedAt: T0 + 400_000,
                archivedAt: T0 + 401_000,
            }),
        );
        expect(reclosed.map((e) => e.externalId)).toEqual([`${CASE}:closed:2`, `${CASE}:archived:2`]);
        expect(new Set(log.map((e) => e.externalId)).size).toBe(log.length);
    });

    it('timings: customer and agent messages from history; first response is after the first customer message', () => {
        const t = chatTimings(
            [
                msg(ALICE, 5, 1),
                msg('cust_1', 10, 2),
                msg('administrator', 20, 3),
                msg(BOB, 40, 4),
                msg('cust_1', 50, 5),
                msg(ALICE, 70, 6),
            ],
            'cust_1',
        );
        expect(t).toEqual({
            firstCustomerAt: T0 + 10_000,
            firstResponseAt: T0 + 40_000,
            firstResponderId: BOB,
            lastCustomerAt: T0 + 50_000,
            lastAgentAt: T0 + 70_000,
            customerCount: 2,
            agentCount: 3,
        });
        const first = newEngagementEvents(facts({ timings: t }), []).find((e) => e.type === 'First Response');
        expect(first).toMatchObject({
            userId: BOB,
            at: T0 + 40_000,
            details: "30 s after the customer's first message",
        });
        expect(chatTimings([], 'cust_1').firstResponseAt).toBeNull();
    });
});

describe('rating tokens', () => {
    it('bound to one case, signed, expiring', () => {
        let now = T0;
        const tokens = new RatingTokens('relay-api-key-for-tests', () => now);
        const token = tokens.issue(CASE, 60_000);
        expect(tokens.check(token)).toEqual({ ok: true, caseId: CASE });
        expect(new RatingTokens('another-key', () => now).check(token)).toEqual({ ok: false, reason: 'signature' });
        expect(tokens.check(token.replace(CASE, '500000000000002AAA'))).toMatchObject({ ok: false });
        expect(tokens.check('r1.x.1.y')).toEqual({ ok: false, reason: 'malformed' });
        now += 61_000;
        expect(tokens.check(token)).toEqual({ ok: false, reason: 'expired' });
    });
});

describe('the event types', () => {
    it('are exactly the package picklist values of Tim_Engagement__c.Event_Type__c', async () => {
        const { readFile } = await import('node:fs/promises');
        const xml = await readFile(
            new URL(
                '../../../force-app/main/default/objects/Tim_Engagement__c/fields/Event_Type__c.field-meta.xml',
                import.meta.url,
            ),
            'utf8',
        );
        const values = [...xml.matchAll(/<value>\s*<fullName>([^<]+)<\/fullName>/g)].map((m) => m[1]);
        expect(values).toEqual([...EVENT_TYPES]);
    });
});
