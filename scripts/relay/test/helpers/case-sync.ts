/** Salesforce-side actions for the case-sync tests: what users, Omni-Channel and admins do in the org. */
import type { Harness } from './harness.js';

export type Settings = { closeAction: 'Mute' | 'Dismiss' | 'None'; archiveTranscript?: boolean; csatOnClose?: boolean };

export function caseSyncActions(h: Harness) {
    let users = 0;
    const sf = () => h.salesforce;
    const actions = {
        /** A Salesforce User (an agent). */
        user(name: string, isActive = true): string {
            users += 1;
            const [first, ...rest] = name.split(' ');
            return sf().insert('User', {
                Username: `user${users}@example.com`,
                FirstName: first,
                LastName: rest.join(' ') || 'Agent',
                IsActive: isActive,
            });
        },
        /** Deletes a Case through the REST API, as a user would (it goes to the recycle bin). */
        async deleteCase(caseId: string): Promise<number> {
            const { loginUrl, clientId, clientSecret } = h.settings.salesforce;
            const token = await fetch(`${loginUrl}/services/oauth2/token`, {
                method: 'POST',
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({
                    grant_type: 'client_credentials',
                    client_id: clientId,
                    client_secret: clientSecret,
                }).toString(),
            });
            const { access_token } = (await token.json()) as { access_token: string };
            const res = await fetch(`${loginUrl}/services/data/v66.0/sobjects/Case/${caseId}`, {
                method: 'DELETE',
                headers: { authorization: `Bearer ${access_token}` },
            });
            return res.status;
        },
        setOwner: (caseId: string, ownerId: string) => sf().platformUpdate('Case', caseId, { OwnerId: ownerId }),
        close: (caseId: string) => sf().platformUpdate('Case', caseId, { Status: 'Closed' }),
        reopen: (caseId: string) => sf().platformUpdate('Case', caseId, { Status: 'Working' }),
        /** Omni-Channel routes work to an agent and the agent accepts it. */
        opened(caseId: string, userId: string): string {
            return sf().insert('AgentWork', { WorkItemId: caseId, UserId: userId, Status: 'Opened' });
        },
        workStatus: (workId: string, status: 'Closed' | 'Transferred' | 'Opened') =>
            sf().platformUpdate('AgentWork', workId, { Status: status }),
        settings(s: Settings): void {
            sf().insert('Tim_Chat_Setting__mdt', {
                DeveloperName: 'Default',
                MasterLabel: 'Default',
                Close_Action__c: s.closeAction,
                Archive_Transcript__c: s.archiveTranscript ?? true,
                Csat_On_Close__c: s.csatOnClose ?? true,
            });
        },
        sync: (items: Array<string | { caseId: string; deleted?: { groupId: string; customerId: string } }>) =>
            h.request('POST', '/v1/cases/sync', {
                body: { cases: items.map((i) => (typeof i === 'string' ? { caseId: i } : i)) },
            }),
        /** Result of one case, expecting HTTP 200. */
        async syncOne(caseId: string): Promise<Record<string, unknown>> {
            const res = await actions.sync([caseId]);
            if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text}`);
            return (res.json as { results: Record<string, unknown>[] }).results[0]!;
        },
        members: (groupId: string) => (h.tencent.getGroup(groupId)?.members ?? []).map((m) => m.account).sort(),
        transcripts: (caseId: string) =>
            sf()
                .records('ContentVersion')
                .filter((r) => r['FirstPublishLocationId'] === caseId)
                .map((r) => ({ ...r, text: Buffer.from(String(r['VersionData']), 'base64').toString('utf8') })),
        /** Salesforce queries (query + queryAll) made since `from` calls. */
        queriesSince: (from: number) =>
            sf()
                .calls.slice(from)
                .filter((c) => /\/query(All)?\?/.test(c.path)),
        /** Tencent calls that change something, since `from` calls. */
        tencentWritesSince: (from: number) =>
            h.tencent.calls
                .slice(from)
                .map((c) => c.command)
                .filter(
                    (c) =>
                        !/get_group_info|get_group_member_info|group_msg_get_simple|portrait_get|account_check/.test(c),
                ),
    };
    return actions;
}
