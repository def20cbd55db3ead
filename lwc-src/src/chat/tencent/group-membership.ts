import type { ChatConversation } from '../chat-types';
import { parseCaseMeta } from '../case-meta';

/**
 * Which groups the agent is a member of now, and their mute state, for the Tencent adapter.
 *
 * Tencent keeps a group conversation in the conversation list after the user was removed from the group (or the group
 * was dismissed), so the conversation list alone cannot say what the agent may still use. The truth comes from:
 *  - the SDK's group list (`getGroupList()` and `GROUP_LIST_UPDATED`, both the complete list of joined groups, with
 *    the group profile: `name`, `introduction`, `muteAllMembers`);
 *  - group tips in the group (`TIMGroupTipElem`): "member kicked out" naming the agent, "group profile updated" with
 *    `newGroupProfile.muteAllMembers`;
 *  - group system notices (`TIMGroupSystemNoticeElem`): kicked out, group dismissed, quit, group recycled.
 * A tip or notice can arrive before the SDK refreshes its group list; the next complete group list supersedes it.
 */

/** TencentCloudChat.TYPES.GRP_TIP_MBR_KICKED_OUT / GRP_TIP_GRP_PROFILE_UPDATED. */
export const TIP_MEMBER_KICKED_OUT = 3;
export const TIP_GROUP_PROFILE_UPDATED = 6;
/** Group system notice operation types that mean "you are no longer in this group". */
export const NOTICE_KICKED_OUT = 4;
export const NOTICE_GROUP_DISMISSED = 5;
export const NOTICE_QUIT = 8;
export const NOTICE_GROUP_RECYCLED = 11;
const LEAVING_NOTICES = new Set([NOTICE_KICKED_OUT, NOTICE_GROUP_DISMISSED, NOTICE_QUIT, NOTICE_GROUP_RECYCLED]);

export const MSG_GROUP_TIP = 'TIMGroupTipElem';
export const MSG_GROUP_SYSTEM_NOTICE = 'TIMGroupSystemNoticeElem';

/** The fields of an SDK Group object this class reads. */
export interface SdkGroupLike {
    groupID?: unknown;
    name?: unknown;
    introduction?: unknown;
    muteAllMembers?: unknown;
}

/** The fields of an SDK Message (group tip / group system notice) this class reads. */
export interface SdkControlMessageLike {
    type?: unknown;
    to?: unknown;
    payload?: unknown;
}

interface GroupProfile {
    name: string;
    introduction: string;
    muted: boolean;
}

function record(v: unknown): Record<string, unknown> {
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export class GroupMembership {
    /** Joined groups from the last complete group list; null until one arrived (then nothing is filtered out). */
    private joined: Set<string> | null = null;
    private readonly profiles = new Map<string, GroupProfile>();
    /** Groups a tip/notice said we left since the last complete group list. */
    private readonly left = new Set<string>();

    constructor(private readonly selfId: () => string) {}

    get knowsGroupList(): boolean {
        return this.joined !== null;
    }

    /** A complete list of joined groups (getGroupList / GROUP_LIST_UPDATED). */
    applyGroupList(groups: readonly SdkGroupLike[]): void {
        this.joined = new Set();
        this.profiles.clear();
        this.left.clear();
        for (const g of groups) {
            const groupId = str(g.groupID);
            if (!groupId) continue;
            this.joined.add(groupId);
            this.profiles.set(groupId, {
                name: str(g.name),
                introduction: str(g.introduction),
                muted: g.muteAllMembers === true,
            });
        }
    }

    /**
     * Reads a group tip or group system notice. Returns true when it changed membership or mute state (the caller
     * then announces the list again); false for any other message.
     */
    applyControlMessage(m: SdkControlMessageLike): boolean {
        const payload = record(m.payload);
        const operation = typeof payload.operationType === 'number' ? payload.operationType : -1;
        if (m.type === MSG_GROUP_SYSTEM_NOTICE) {
            const groupId = str(record(payload.groupProfile).groupID) || str(m.to);
            if (!groupId || !LEAVING_NOTICES.has(operation)) return false;
            return this.markLeft(groupId);
        }
        if (m.type !== MSG_GROUP_TIP) return false;
        const groupId = str(record(payload.groupProfile).groupID) || str(m.to);
        if (!groupId) return false;
        if (operation === TIP_MEMBER_KICKED_OUT) {
            const users = Array.isArray(payload.userIDList) ? payload.userIDList : [];
            return users.includes(this.selfId()) ? this.markLeft(groupId) : false;
        }
        if (operation === TIP_GROUP_PROFILE_UPDATED) {
            const changes = record(payload.newGroupProfile);
            if (typeof changes.muteAllMembers !== 'boolean') return false;
            const known = this.profiles.get(groupId);
            this.profiles.set(groupId, {
                name: known?.name ?? '',
                introduction: known?.introduction ?? '',
                muted: changes.muteAllMembers,
            });
            return known === undefined || known.muted !== changes.muteAllMembers;
        }
        return false;
    }

    /**
     * The conversations the agent may still use, with the group list's profile (mute state, and case meta when the
     * conversation's own group profile lacks it) applied.
     */
    filter(conversations: readonly ChatConversation[]): ChatConversation[] {
        const out: ChatConversation[] = [];
        for (const c of conversations) {
            if (this.left.has(c.groupId)) continue;
            if (this.joined && !this.joined.has(c.groupId)) continue;
            const profile = this.profiles.get(c.groupId);
            if (!profile) {
                out.push(c);
                continue;
            }
            const meta =
                c.caseNumber || c.customerName
                    ? {}
                    : withoutEmpty(parseCaseMeta(profile.name || c.groupName, profile.introduction));
            out.push({ ...c, ...meta, muted: profile.muted });
        }
        return out;
    }

    private markLeft(groupId: string): boolean {
        if (this.left.has(groupId)) return false;
        this.left.add(groupId);
        return true;
    }
}

function withoutEmpty<T extends object>(o: T): Partial<T> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== '')) as Partial<T>;
}
