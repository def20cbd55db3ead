/**
 * Speaks to customers in Tencent Chat as the support account (MESSAGING_SERVICE_USER_ID) through the REST API:
 * `openim/sendmsg` (From_Account = the support account) and `openim/admin_set_msg_read`.
 *
 * What the customer's app receives (docs/messaging-mode.md, "What the customer's app receives"):
 * - agent messages: TIMTextElem / TIMImageElem / TIMFileElem, `CloudCustomData` = {"tim":"messaging","senderDisplayName","role":"Agent"};
 * - typing: an online-only TIMCustomElem {"businessID":"user_typing_status","typingStatus":1|0} (the TUIKit convention);
 * - notices (agent joined / left, transfer, session ended, delivery failures): TIMCustomElem
 *   {"businessID":"tim_messaging_notice","kind","text"} with Desc = the text;
 * - agent read receipts: the support account marks the conversation read (the customer's SDK shows the peer read).
 * Every send forbids Tencent's after-send callback for itself (no echo back to Salesforce) and uses a MsgRandom derived
 * from the Salesforce entry id, so a repeat of the same entry is the same Tencent message.
 */
import { createHash } from 'node:crypto';
import type { TencentRestClient } from '../tencent/tencent-rest-client.js';
import { TencentApiError } from '../tencent/tencent-errors.js';

export const NOTICE_BUSINESS_ID = 'tim_messaging_notice';
export const TYPING_BUSINESS_ID = 'user_typing_status';

export type NoticeKind = 'agentJoined' | 'agentLeft' | 'transferred' | 'sessionEnded' | 'deliveryFailed';

interface RestElement {
    MsgType: string;
    MsgContent: Record<string, unknown>;
}

export function randomFor(key: string): number {
    return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0);
}

export class ServiceAccountMessenger {
    constructor(
        private readonly tencent: TencentRestClient,
        private readonly serviceUserId: () => string,
    ) {}

    async sendAgentMessage(
        customer: string,
        key: string,
        body: RestElement[],
        senderDisplayName: string,
    ): Promise<void> {
        await this.send(customer, key, body, {
            CloudCustomData: JSON.stringify({ tim: 'messaging', senderDisplayName, role: 'Agent' }),
        });
    }

    async sendTyping(customer: string, key: string, typing: boolean): Promise<void> {
        await this.send(
            customer,
            key,
            [
                {
                    MsgType: 'TIMCustomElem',
                    MsgContent: {
                        Data: JSON.stringify({
                            businessID: TYPING_BUSINESS_ID,
                            typingStatus: typing ? 1 : 0,
                            version: 1,
                        }),
                    },
                },
            ],
            { MsgLifeTime: 0, SendMsgControl: ['NoUnread', 'NoLastMsg'] },
        );
    }

    async sendNotice(customer: string, key: string, kind: NoticeKind, text: string): Promise<void> {
        await this.send(customer, key, [
            {
                MsgType: 'TIMCustomElem',
                MsgContent: { Data: JSON.stringify({ businessID: NOTICE_BUSINESS_ID, kind, text }), Desc: text },
            },
        ]);
    }

    /** The support account has read the customer's messages up to `atMs`. */
    async markRead(customer: string, atMs: number): Promise<void> {
        const command = 'openim/admin_set_msg_read';
        const res = await this.tencent.call(command, {
            Report_Account: this.serviceUserId(),
            Peer_Account: customer,
            MsgReadTime: String(Math.floor(atMs / 1000)),
        });
        if (res.ErrorCode !== 0)
            throw new TencentApiError(
                command,
                res.ErrorCode,
                `Tencent ${command} failed: ${res.ErrorInfo}`,
                'permanent',
            );
    }

    private async send(
        customer: string,
        key: string,
        msgBody: RestElement[],
        extra: Record<string, unknown> = {},
    ): Promise<void> {
        const command = 'openim/sendmsg';
        const res = await this.tencent.call(command, {
            SyncOtherMachine: 1,
            From_Account: this.serviceUserId(),
            To_Account: customer,
            MsgRandom: randomFor(key),
            MsgBody: msgBody,
            ForbidCallbackControl: ['ForbidBeforeSendMsgCallback', 'ForbidAfterSendMsgCallback'],
            ...extra,
        });
        if (res.ErrorCode !== 0)
            throw new TencentApiError(
                command,
                res.ErrorCode,
                `Tencent ${command} failed: ${res.ErrorInfo}`,
                'permanent',
            );
    }
}
