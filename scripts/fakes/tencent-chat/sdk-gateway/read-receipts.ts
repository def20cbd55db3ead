import type { ChatState, GroupState } from '../chat-state.js';
import { TencentError, TencentErrorCode } from '../errors.js';
import type { Body } from './wire.js';

/** At most this many messages per receipt request (the fake's limit; the SDK sends what is on screen). */
const MAX_SEQS = 100;

/**
 * Group message read receipts (`group_msg_receipt`, `get_group_msg_receipt`): a member reports having read messages
 * that asked for a receipt; their sender reads how many members have and have not read them. Only where the app has
 * the feature (ChatState.readReceipts: Pro / Pro Plus / Enterprise edition and the console switch); otherwise both
 * commands fail and messages never carry the request.
 */
export class ReadReceipts {
    constructor(private readonly state: ChatState) {}

    /** group_msg_receipt `{GroupId, MsgSeqList:[{MsgSeq}]}`: the caller read these messages. */
    report(userId: string, body: Body): Body {
        const { group, seqs } = this.request(userId, body);
        this.state.markReceipts(group.groupId, userId, seqs);
        return {};
    }

    /** get_group_msg_receipt `{GroupId, MsgSeqList:[{MsgSeq}]}` → read / unread member counts per message. */
    counts(userId: string, body: Body): Body {
        const { group, seqs } = this.request(userId, body);
        return { GroupMsgReceiptList: seqs.map((seq) => receiptCount(group, seq)) };
    }

    private request(userId: string, body: Body): { group: GroupState; seqs: number[] } {
        if (!this.state.readReceipts)
            throw new TencentError(
                TencentErrorCode.PERMISSION_DENIED,
                'group read receipts are not enabled for this app (Pro, Pro Plus or Enterprise edition and the console switch)',
            );
        const groupId = body['GroupId'];
        if (typeof groupId !== 'string' || groupId === '')
            throw new TencentError(TencentErrorCode.INVALID_PARAM, 'GroupId is required');
        const group = this.state.requireLiveGroup(groupId);
        if (!group.members.has(userId))
            throw new TencentError(TencentErrorCode.PERMISSION_DENIED, `${userId} is not a member of group ${groupId}`);
        const list = body['MsgSeqList'];
        if (!Array.isArray(list) || list.length === 0 || list.length > MAX_SEQS)
            throw new TencentError(TencentErrorCode.INVALID_PARAM, `MsgSeqList must hold 1 to ${MAX_SEQS} entries`);
        const seqs = list.map((item: unknown) => {
            const seq = typeof item === 'object' && item !== null ? (item as Record<string, unknown>)['MsgSeq'] : null;
            if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1)
                throw new TencentError(
                    TencentErrorCode.INVALID_PARAM,
                    'MsgSeqList[].MsgSeq must be a positive integer',
                );
            return seq;
        });
        return { group, seqs };
    }
}

/**
 * One message's counts as get_group_msg_receipt and the receipt notice carry them. `Code` is the entry's own result
 * (the SDK reads it as `code` and keeps only entries with 0): a message that asked for no receipt gets 10004.
 */
export function receiptCount(group: GroupState, seq: number): Record<string, unknown> {
    const readers = group.readers.get(seq);
    const message = readers ? group.messages.find((m) => m.seq === seq) : undefined;
    if (!readers || !message) return { MsgSeq: seq, ReadNum: 0, UnreadNum: 0, Code: TencentErrorCode.INVALID_PARAM };
    let read = 0;
    let unread = 0;
    for (const account of group.members.keys()) {
        if (account === message.from) continue;
        if (readers.has(account)) read++;
        else unread++;
    }
    return { MsgSeq: seq, ReadNum: read, UnreadNum: unread, Code: 0 };
}
