import { describe, expect, it } from 'vitest';
import {
    agentsOf,
    needsArchive,
    planCase,
    DEFAULT_SYNC_SETTINGS,
    type CaseFacts,
    type UserFacts,
} from '../src/rules/desired-group-state.js';
import { fakeId } from './helpers/harness.js';

const OWNER = fakeId('005', 1);
const AGENT = fakeId('005', 2);
const OTHER = fakeId('005', 3);
const QUEUE = fakeId('00G', 1);
const CASE = fakeId('500', 1);

const users = new Map<string, UserFacts>([
    [OWNER, { name: 'Olga Owner', isActive: true }],
    [AGENT, { name: 'Ann Agent', isActive: true }],
    [OTHER, { name: 'Gone Person', isActive: false }],
]);

const open: CaseFacts = {
    caseId: CASE,
    caseNumber: '00001001',
    subject: 'Help',
    isDeleted: false,
    isClosed: false,
    closedDate: null,
    ownerId: OWNER,
    groupId: CASE,
    customerId: 'cust_1',
    customerName: 'Ada',
    archivedAt: null,
};
const closed: CaseFacts = { ...open, isClosed: true, closedDate: '2026-12-01T10:00:00.000Z' };
const mute = DEFAULT_SYNC_SETTINGS;
const dismiss = { closeAction: 'Dismiss', archiveTranscript: true, csatOnClose: true } as const;
const leaveOpen = { closeAction: 'None', archiveTranscript: true, csatOnClose: true } as const;

describe('agents of a group', () => {
    it('owner first when an active user, then Opened work (sorted), no duplicates', () => {
        expect(agentsOf(open, [AGENT, OWNER], users).map((a) => a.userId)).toEqual([OWNER, AGENT]);
        expect(agentsOf(open, [], users)).toEqual([{ userId: OWNER, name: 'Olga Owner' }]);
    });
    it('a queue owner adds no one; inactive or unknown users are left out', () => {
        expect(agentsOf({ ownerId: QUEUE }, [AGENT], users).map((a) => a.userId)).toEqual([AGENT]);
        expect(agentsOf({ ownerId: OTHER }, [fakeId('005', 9)], users)).toEqual([]);
    });
    it('at most 20 agents', () => {
        const many = Array.from({ length: 30 }, (_, i) => fakeId('005', 100 + i));
        const all = new Map(many.map((id) => [id, { name: id, isActive: true }]));
        expect(agentsOf({ ownerId: QUEUE }, many, all)).toHaveLength(20);
    });
});

describe('plan of a case', () => {
    it('open case: open with its agents and customer; the customer name is kept', () => {
        expect(planCase(open, undefined, [AGENT], users, mute)).toEqual({
            kind: 'apply',
            archive: false,
            group: {
                groupId: CASE,
                customerId: 'cust_1',
                customerName: 'Ada',
                state: 'open',
                agents: [
                    { userId: OWNER, name: 'Olga Owner' },
                    { userId: AGENT, name: 'Ann Agent' },
                ],
            },
        });
    });
    it('closed: Mute keeps agents and mutes, Dismiss dismisses, None stays open — each archived first', () => {
        const m = planCase(closed, undefined, [], users, mute);
        expect(m).toMatchObject({
            kind: 'apply',
            archive: true,
            group: { state: 'muted', agents: [{ userId: OWNER }] },
        });
        expect(planCase(closed, undefined, [], users, dismiss)).toMatchObject({
            archive: true,
            group: { state: 'dismissed', agents: [] },
        });
        expect(planCase(closed, undefined, [], users, leaveOpen)).toMatchObject({
            archive: true,
            group: { state: 'open' },
        });
    });
    it('archive only once per close; again after a re-close; never when off (except before a Dismiss)', () => {
        const archived = { ...closed, archivedAt: '2026-12-01T10:00:05.000Z' };
        expect(needsArchive(archived, mute)).toBe(false);
        expect(needsArchive({ ...archived, closedDate: '2026-12-02T09:00:00.000Z' }, mute)).toBe(true);
        expect(needsArchive(closed, { closeAction: 'Mute', archiveTranscript: false, csatOnClose: true })).toBe(false);
        expect(needsArchive(closed, { closeAction: 'Dismiss', archiveTranscript: false, csatOnClose: true })).toBe(
            true,
        );
        expect(needsArchive(open, mute)).toBe(false);
        expect(needsArchive({ ...closed, isDeleted: true }, mute)).toBe(false);
    });
    it('deleted (in the recycle bin) → dismissed; gone for good → dismissed by the hint, or nothing to do', () => {
        expect(planCase({ ...open, isDeleted: true }, undefined, [AGENT], users, mute)).toMatchObject({
            group: { groupId: CASE, state: 'dismissed', agents: [] },
            archive: false,
        });
        expect(planCase(undefined, { groupId: 'g-1', customerId: 'c-1' }, [], users, mute)).toMatchObject({
            group: { groupId: 'g-1', customerId: 'c-1', state: 'dismissed' },
        });
        expect(planCase(undefined, undefined, [], users, mute)).toEqual({ kind: 'none' });
    });
    it('a case without a group is none; a group without a customer id cannot be synced', () => {
        expect(planCase({ ...open, groupId: null }, undefined, [], users, mute)).toEqual({ kind: 'none' });
        expect(planCase({ ...open, customerId: null }, undefined, [], users, mute)).toMatchObject({
            kind: 'invalid',
            code: 'NO_CUSTOMER_ID',
        });
    });
    it('reopened (closed → open) is open again with its agents', () => {
        const reopened = { ...open, archivedAt: '2026-12-01T10:00:05.000Z' };
        expect(planCase(reopened, undefined, [], users, dismiss)).toMatchObject({
            archive: false,
            group: { state: 'open' },
        });
    });
});
