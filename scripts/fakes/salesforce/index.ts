import { FaultQueue } from '../shared/fault-queue.js';
import { StandaloneServer, type FakeServer } from '../shared/standalone-server.js';
import { IdFactory, KEY_PREFIX } from './ids.js';
import { OAuthServer } from './oauth.js';
import { createSalesforcePlugin } from './plugin.js';
import type { RecordedSalesforceCall, SalesforceFault } from './plugin.js';
import { RecordStore } from './record-store.js';
import { SoqlExecutor } from './soql-executor.js';

export type { RecordedSalesforceCall, SalesforceFault } from './plugin.js';
export type { SfRecord } from './record-store.js';
export { idChecksum, to18, isWellFormedId, KEY_PREFIX } from './ids.js';

export interface FakeSalesforceOptions {
    clientId: string;
    clientSecret?: string;
    jwtPublicKeyPem?: string;
    /** username the JWT `sub` must name; a User with this Username is seeded */
    jwtUsername?: string;
    /** default 2 hours */
    tokenTtlMs?: number;
    /** default '66.0' */
    apiVersion?: string;
    /** clock in epoch ms; default Date.now */
    now?: () => number;
}

export interface FakeSalesforce extends FakeServer<SalesforceFault, RecordedSalesforceCall> {
    /** the next API call with a token issued before this → 401 INVALID_SESSION_ID */
    expireAllTokens(): void;
    /** live (not deleted) records */
    records(sobject: string): ReadonlyArray<Record<string, unknown>>;
    /** a live record by 15- or 18-char id */
    getRecord(sobject: string, id: string): Record<string, unknown> | undefined;
    /** seeding: validated like the API, but read-only fields such as CreatedDate may be set */
    insert(sobject: string, fields: Record<string, unknown>): string;
    /**
     * The platform's own change of a record (e.g. Omni-Channel moving an AgentWork to Opened): validated like the
     * API, but read-only fields may be set. What API clients cannot do themselves.
     */
    platformUpdate(sobject: string, id: string, fields: Record<string, unknown>): void;
    /** records in the recycle bin */
    deletedRecords(sobject: string): ReadonlyArray<Record<string, unknown>>;
    /** restores a deleted record (the demo's "undelete") */
    undelete(sobject: string, id: string): void;
    /** the seeded API user (client-credentials run-as user and default Case owner) */
    readonly integrationUserId: string;
    /** a seeded queue (Group of Type Queue) that Cases can be assigned to */
    readonly queueId: string;
    readonly orgId: string;
    /** forgets all records (then re-seeds the users/queue with the same ids), tokens, calls and faults */
    reset(): void;
}

const DEFAULT_TTL_MS = 2 * 60 * 60 * 1000;

export function createFakeSalesforce(opts: FakeSalesforceOptions): FakeSalesforce {
    const now = opts.now ?? Date.now;
    const apiVersion = opts.apiVersion ?? '66.0';
    const ids = new IdFactory();
    const seeded = { orgId: '', integrationUserId: '', queueId: '' };
    const store = new RecordStore(ids, now, () => seeded.integrationUserId);
    const oauth = new OAuthServer({
        clientId: opts.clientId,
        clientSecret: opts.clientSecret,
        jwtPublicKeyPem: opts.jwtPublicKeyPem,
        jwtUsername: opts.jwtUsername,
        tokenTtlMs: opts.tokenTtlMs ?? DEFAULT_TTL_MS,
        now,
    });
    const faults = new FaultQueue<SalesforceFault>();
    const calls: RecordedSalesforceCall[] = [];
    let apiCalls = 0;

    const seed = (): void => {
        ids.reset();
        seeded.orgId = ids.next(KEY_PREFIX.Organization);
        const system = { userId: '', trusted: true };
        seeded.integrationUserId = store.create(
            'User',
            {
                Username: opts.jwtUsername ?? 'integration@fake-salesforce.example',
                FirstName: 'Integration',
                LastName: 'User',
                Email: 'integration@fake-salesforce.example',
                Alias: 'integ',
            },
            system,
        );
        const integration = store.get('User', seeded.integrationUserId)!;
        integration['CreatedById'] = seeded.integrationUserId;
        integration['LastModifiedById'] = seeded.integrationUserId;
        seeded.queueId = store.create(
            'Group',
            { Name: 'Chat Support Queue', DeveloperName: 'Chat_Support_Queue', Type: 'Queue' },
            { ...system, userId: seeded.integrationUserId },
        );
    };
    seed();

    const plugin = createSalesforcePlugin({
        apiVersion,
        now,
        store,
        soql: new SoqlExecutor(store, now),
        oauth,
        faults,
        calls,
        orgId: () => seeded.orgId,
        integrationUserId: () => seeded.integrationUserId,
        countApiCall: () => {
            apiCalls += 1;
        },
        apiCallCount: () => apiCalls,
    });
    const server = new StandaloneServer(plugin);

    return {
        plugin,
        listen: (port, host) => server.listen(port, host),
        close: () => server.close(),
        faults: { inject: (f) => faults.inject(f), clear: () => faults.clear() },
        calls,
        expireAllTokens: () => oauth.expireAll(),
        records: (sobject) => store.all(sobject).map((r) => ({ ...r })),
        getRecord: (sobject, id) => {
            const record = store.get(sobject, id);
            return record ? { ...record } : undefined;
        },
        insert: (sobject, fields) => store.create(sobject, fields, { userId: seeded.integrationUserId, trusted: true }),
        platformUpdate: (sobject, id, fields) =>
            store.update(sobject, id, fields, { userId: seeded.integrationUserId, trusted: true }),
        deletedRecords: (sobject) =>
            store
                .all(sobject, true)
                .filter((r) => r['IsDeleted'] === true)
                .map((r) => ({ ...r })),
        undelete: (sobject, id) => store.undelete(sobject, id),
        get integrationUserId() {
            return seeded.integrationUserId;
        },
        get queueId() {
            return seeded.queueId;
        },
        get orgId() {
            return seeded.orgId;
        },
        reset: () => {
            store.reset();
            oauth.reset();
            faults.clear();
            calls.length = 0;
            apiCalls = 0;
            seed();
        },
    };
}
