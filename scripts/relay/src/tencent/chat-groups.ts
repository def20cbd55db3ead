/** Higher-level Tencent group operations built on the REST client, with per-call error classification. */
import type { TencentRestClient, TencentResponse } from './tencent-rest-client.js';
import type { TencentAccounts } from './accounts.js';
import { TencentApiError, classifyTencentError, classifyMemberResult, GROUP_MISSING_CODES } from './tencent-errors.js';
import { mapMessage, type HistoryMessage } from './message-mapping.js';
import type { GroupType } from '../config.js';
import { truncateUtf8 } from '../validation/fields.js';
import { MAX_GROUP_INTRODUCTION_BYTES, MAX_GROUP_NAME_BYTES, type CaseGroupProfile } from './case-group-profile.js';

const SVC = 'group_open_http_svc';
export const ADD_MEMBER_BATCH = 300;
export const DELETE_MEMBER_BATCH = 100;
const HISTORY_BATCH = 20;

export interface GroupSettings {
    groupType: GroupType;
    /** '' = no owner (the app admin manages the group). */
    groupOwner: string;
    adminIdentifier: string;
}

export interface GroupInfo {
    exists: boolean;
    muteAllMember?: 'On' | 'Off';
}

export interface HistoryPage {
    messages: HistoryMessage[];
    nextBefore: number | null;
    isFinished: boolean;
}

function fail(command: string, res: TencentResponse, what: string): never {
    throw new TencentApiError(
        command,
        res.ErrorCode,
        `${what}: ${res.ErrorInfo || `error ${res.ErrorCode}`}`,
        classifyTencentError(command, res.ErrorCode),
    );
}

export class ChatGroups {
    constructor(
        private readonly client: TencentRestClient,
        private readonly accounts: TencentAccounts,
        private readonly settings: GroupSettings,
    ) {}

    /** Ids that must never be removed from a group. */
    protectedMembers(customerId: string): Set<string> {
        const ids = new Set([customerId, this.settings.adminIdentifier]);
        if (this.settings.groupOwner) ids.add(this.settings.groupOwner);
        return ids;
    }

    async getInfo(groupId: string): Promise<GroupInfo> {
        const command = `${SVC}/get_group_info`;
        const res = await this.client.call(command, { GroupIdList: [groupId] });
        if (res.ErrorCode !== 0) fail(command, res, 'could not read group');
        const list = Array.isArray(res['GroupInfo']) ? (res['GroupInfo'] as Record<string, unknown>[]) : [];
        const info = list.find((g) => g['GroupId'] === groupId) ?? list[0];
        if (!info) return { exists: false };
        const code = Number(info['ErrorCode'] ?? 0);
        if (GROUP_MISSING_CODES.has(code)) return { exists: false };
        if (code !== 0)
            throw new TencentApiError(
                command,
                code,
                `could not read group: ${String(info['ErrorInfo'] ?? '')}`,
                classifyTencentError(command, code),
            );
        const mute = info['MuteAllMember'] ?? info['ShutUpAllMember'];
        return mute === 'On' || mute === 'Off' ? { exists: true, muteAllMember: mute } : { exists: true };
    }

    /**
     * Creates the group with the customer (and optional extra members) in it, with the case's name and introduction
     * (see case-group-profile.ts). Idempotent: 10025 (this app already created the GroupId) counts as success once
     * get_group_info confirms the group exists. Returns whether this call created it.
     */
    async create(
        groupId: string,
        profile: CaseGroupProfile,
        customerId: string,
        extraMembers: readonly string[] = [],
    ): Promise<{ created: boolean }> {
        const command = `${SVC}/create_group`;
        const members = [...new Set([customerId, ...extraMembers])].filter((m) => m !== this.settings.groupOwner);
        const body: Record<string, unknown> = {
            Type: this.settings.groupType,
            GroupId: groupId,
            Name: truncateUtf8(profile.name || groupId, MAX_GROUP_NAME_BYTES),
            MemberList: members.map((m) => ({ Member_Account: m })),
        };
        // Never cut here: a cut JSON would be invalid. caseGroupIntroduction() already fits it.
        if (profile.introduction && Buffer.byteLength(profile.introduction, 'utf8') <= MAX_GROUP_INTRODUCTION_BYTES)
            body['Introduction'] = profile.introduction;
        if (this.settings.groupOwner) body['Owner_Account'] = this.settings.groupOwner;
        // Nobody may ask to join by id: membership changes only through the relay. (Work/Private groups are refused
        // by the configuration: their members can invite anyone.)
        body['ApplyJoinOption'] = 'DisableApply';

        let res = await this.client.call(command, body);
        if (classifyTencentError(command, res.ErrorCode) === 'needs-import') {
            await this.accounts.importMany(this.settings.groupOwner ? [...members, this.settings.groupOwner] : members);
            res = await this.client.call(command, body);
        }
        if (res.ErrorCode === 0) return { created: true };
        if (classifyTencentError(command, res.ErrorCode) === 'verify-ownership') {
            const info = await this.getInfo(groupId);
            if (info.exists) return { created: false };
        }
        fail(command, res, 'could not create group');
    }

    async listMembers(groupId: string): Promise<string[]> {
        const command = `${SVC}/get_group_member_info`;
        const res = await this.client.call(command, { GroupId: groupId, MemberInfoFilter: ['Role'] });
        if (res.ErrorCode !== 0) fail(command, res, 'could not list group members');
        const list = Array.isArray(res['MemberList']) ? (res['MemberList'] as Record<string, unknown>[]) : [];
        return list.map((m) => String(m['Member_Account']));
    }

    /** Adds members (≤ 300 per call); imports accounts Tencent reports as missing, then retries them once. */
    async addMembers(
        groupId: string,
        userIds: readonly string[],
        silence = false,
    ): Promise<{ added: string[]; already: string[] }> {
        const command = `${SVC}/add_group_member`;
        const added: string[] = [];
        const already: string[] = [];
        const unique = [...new Set(userIds)];
        for (let i = 0; i < unique.length; i += ADD_MEMBER_BATCH) {
            let batch = unique.slice(i, i + ADD_MEMBER_BATCH);
            for (let attempt = 0; batch.length > 0; attempt++) {
                const res = await this.client.call(command, {
                    GroupId: groupId,
                    Silence: silence ? 1 : 0,
                    MemberList: batch.map((m) => ({ Member_Account: m })),
                });
                if (res.ErrorCode !== 0) {
                    if (attempt === 0 && classifyTencentError(command, res.ErrorCode) === 'needs-import') {
                        await this.accounts.importMany(batch);
                        continue;
                    }
                    fail(command, res, 'could not add group members');
                }
                const results = Array.isArray(res['MemberList'])
                    ? (res['MemberList'] as Record<string, unknown>[])
                    : [];
                const failed: string[] = [];
                for (const r of results) {
                    const id = String(r['Member_Account']);
                    const kind = classifyMemberResult(Number(r['Result']));
                    if (kind === 'added' || kind === 'pending') added.push(id);
                    else if (kind === 'already-member') already.push(id);
                    else failed.push(id);
                }
                if (failed.length === 0) break;
                if (attempt > 0)
                    throw new TencentApiError(
                        command,
                        'MEMBER_ADD_FAILED',
                        `could not add ${failed.length} member(s) to the group`,
                        'permanent',
                    );
                // Result 0 usually means the account was never imported: import, then retry just those.
                await this.accounts.importMany(failed);
                batch = failed;
            }
        }
        return { added, already };
    }

    /** Removes members (≤ 100 per call). Removing a non-member is OK. */
    async deleteMembers(groupId: string, userIds: readonly string[], silence = false): Promise<void> {
        const command = `${SVC}/delete_group_member`;
        const unique = [...new Set(userIds)];
        for (let i = 0; i < unique.length; i += DELETE_MEMBER_BATCH) {
            const res = await this.client.call(command, {
                GroupId: groupId,
                Silence: silence ? 1 : 0,
                MemberToDel_Account: unique.slice(i, i + DELETE_MEMBER_BATCH),
            });
            if (res.ErrorCode !== 0) fail(command, res, 'could not remove group members');
        }
    }

    async setMuteAll(groupId: string, on: boolean): Promise<void> {
        const command = `${SVC}/modify_group_base_info`;
        const res = await this.client.call(command, { GroupId: groupId, MuteAllMember: on ? 'On' : 'Off' });
        if (res.ErrorCode !== 0) fail(command, res, `could not ${on ? 'mute' : 'unmute'} group`);
    }

    /** Dismisses the group; a group that is already gone counts as done. Returns false when it was already gone. */
    async destroy(groupId: string): Promise<boolean> {
        const command = `${SVC}/destroy_group`;
        const res = await this.client.call(command, { GroupId: groupId });
        if (res.ErrorCode === 0) return true;
        if (classifyTencentError(command, res.ErrorCode) === 'already-done') return false;
        fail(command, res, 'could not dismiss group');
    }

    /** Posts a text message as `from`. Reusing `random` makes a retry within 5 minutes a no-op duplicate. */
    async sendText(groupId: string, from: string, text: string, random: number): Promise<void> {
        await this.send(groupId, from, { MsgType: 'TIMTextElem', MsgContent: { Text: text } }, random);
    }

    /** Posts a custom message (TIMCustomElem: Data for apps, Desc as the fallback text), e.g. a rating request. */
    async sendCustom(
        groupId: string,
        from: string,
        custom: { data: string; desc: string; ext: string },
        random: number,
    ): Promise<void> {
        const element = {
            MsgType: 'TIMCustomElem',
            MsgContent: { Data: custom.data, Desc: custom.desc, Ext: custom.ext },
        };
        await this.send(groupId, from, element, random);
    }

    /** send_group_msg with one element as `from`; reusing `random` makes a retry within 5 minutes a no-op duplicate. */
    private async send(groupId: string, from: string, element: Record<string, unknown>, random: number): Promise<void> {
        const command = `${SVC}/send_group_msg`;
        const res = await this.client.call(command, {
            GroupId: groupId,
            From_Account: from,
            Random: random,
            MsgBody: [element],
        });
        if (res.ErrorCode !== 0) fail(command, res, 'could not post message');
    }

    /**
     * Looks for a message in the newest `maxMessages` of the group's history (group_msg_get_simple, 20 per call).
     * 'unknown' when the history is longer than that and the message was not among them.
     */
    async findMessage(
        groupId: string,
        match: (m: HistoryMessage) => boolean,
        maxMessages = 100,
    ): Promise<'found' | 'absent' | 'unknown'> {
        let before: number | undefined;
        for (let scanned = 0; scanned < maxMessages;) {
            const want = Math.min(HISTORY_BATCH, maxMessages - scanned);
            const page = await this.history(groupId, before, want);
            if (page.messages.some(match)) return 'found';
            if (page.nextBefore === null) return 'absent';
            scanned += want;
            before = page.nextBefore;
        }
        return 'unknown';
    }

    /** One history page, oldest-first, of up to `limit` messages with seq ≤ `before` (latest when undefined). */
    async history(groupId: string, before: number | undefined, limit: number): Promise<HistoryPage> {
        const command = `${SVC}/group_msg_get_simple`;
        const bySeq = new Map<number, HistoryMessage>();
        let reqSeq = before;
        let finished = false;
        let lowest: number | undefined;
        let fetched = 0;
        while (fetched < limit) {
            const want = Math.min(HISTORY_BATCH, limit - fetched);
            const body: Record<string, unknown> = { GroupId: groupId, ReqMsgNumber: want };
            if (reqSeq !== undefined) body['ReqMsgSeq'] = reqSeq;
            const res = await this.client.call(command, body);
            if (res.ErrorCode !== 0) fail(command, res, 'could not read group history');
            const list = Array.isArray(res['RspMsgList']) ? (res['RspMsgList'] as Record<string, unknown>[]) : [];
            const fetchedBefore = fetched;
            for (const raw of list) {
                const seq = Number(raw['MsgSeq']);
                if (!Number.isFinite(seq) || (reqSeq !== undefined && seq > reqSeq)) continue;
                fetched++;
                lowest = lowest === undefined ? seq : Math.min(lowest, seq);
                const mapped = mapMessage(raw);
                if (mapped) bySeq.set(seq, mapped);
            }
            if (Number(res['IsFinished']) === 1 || list.length === 0 || lowest === undefined || lowest <= 1) {
                finished = true;
                break;
            }
            if (fetched === fetchedBefore) break; // no progress: stop rather than loop

            reqSeq = lowest - 1;
        }
        const messages = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
        const nextBefore = finished || lowest === undefined ? null : lowest - 1;
        return { messages, nextBefore, isFinished: nextBefore === null };
    }
}
