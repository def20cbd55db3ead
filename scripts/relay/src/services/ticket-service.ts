/**
 * POST /v1/tickets (and the tutorial's /createticket): Contact-matched Case + chat group, idempotent.
 *
 * Order of work, so that a retry with the same Idempotency-Key finishes a half-done job:
 *   1. Case by key exists? → replay (200). Otherwise find/create the Contact and upsert the Case (201).
 *   2. Case has no Chat_Group_Id__c? → import the customer, create the group (10025 = already ours),
 *      post the first message, then set Chat_Group_Id__c. A set Chat_Group_Id__c therefore means "all done".
 *      The group's name, the customer's Nick and the first message come from the stored Case, never from a
 *      retry's body. When the group already existed (a retry), the first message is posted only if the group's
 *      history has no message from the customer with the key's Random: Tencent's own duplicate check only spans
 *      5 minutes, a retry may come much later.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { CaseService, ChatCase } from '../salesforce/cases.js';
import type { ChatGroups } from '../tencent/chat-groups.js';
import type { TencentAccounts } from '../tencent/accounts.js';
import { genUserSig } from '../tencent/usersig.js';
import { caseGroupProfile } from '../tencent/case-group-profile.js';
import { AppError } from '../http/app-error.js';
import { MINTED_CUSTOMER_PREFIX } from '../validation/fields.js';
import type { Log } from '../logger.js';
import { silentLog } from '../logger.js';

export interface TicketInput {
    name: string;
    email: string;
    subject: string;
    message?: string;
    customerId?: string;
    idempotencyKey?: string;
}

export interface TicketResult {
    replayed: boolean;
    caseId: string;
    caseNumber: string;
    groupId: string;
    customerId: string;
    sdkAppId: number;
    userSig?: string;
    userSigExpiresAt?: number;
}

export interface TicketServiceOptions {
    sdkAppId: number;
    secretKey: string;
    userSigTtlSeconds: number;
}

/**
 * The one answer to a key that does not fit the request, whatever the reason (another body, an older Case without a
 * fingerprint): it confirms nothing about the key or its ticket.
 */
export const idempotencyConflict = () =>
    new AppError(409, 'IDEMPOTENCY_CONFLICT', 'This Idempotency-Key cannot be used for this request; use a new key', {
        field: 'Idempotency-Key',
    });

/** SHA-256 of the normalised ticket request: a replay with the same key must carry the same request. */
export function requestFingerprint(input: TicketInput): string {
    const normalised = [
        input.name.trim(),
        input.email.trim().toLowerCase(),
        input.subject.trim(),
        input.message ?? '',
        input.customerId ?? '',
    ];
    return createHash('sha256').update(JSON.stringify(normalised), 'utf8').digest('hex');
}

/** Random uint32 derived from the idempotency key: the same ticket always posts with the same Random. */
export function messageRandomFor(key: string): number {
    return createHash('sha256').update(`first-message:${key}`).digest().readUInt32BE(0);
}

export class TicketService {
    constructor(
        private readonly cases: CaseService,
        private readonly accounts: TencentAccounts,
        private readonly groups: ChatGroups,
        private readonly opts: TicketServiceOptions,
        private readonly log: Log = silentLog,
    ) {}

    /** Minted ids are derived from the key (HMAC with the app secret), so concurrent first attempts agree. */
    private mintCustomerId(key: string): string {
        return (
            MINTED_CUSTOMER_PREFIX +
            createHmac('sha256', this.opts.secretKey).update(`customer-id:${key}`).digest('hex').slice(0, 24)
        );
    }

    async create(input: TicketInput): Promise<TicketResult> {
        const key = input.idempotencyKey ?? `gen_${randomBytes(18).toString('base64url')}`;
        const mintedId = this.mintCustomerId(key);
        const fingerprint = requestFingerprint(input);
        let chatCase: ChatCase | null = await this.cases.findCaseByIdempotencyKey(key);
        let replayed = chatCase !== null;

        if (!chatCase) {
            const customerId = input.customerId ?? mintedId;
            const contactId = await this.cases.findOrCreateContact(input.email, input.name);
            const saved = await this.cases.upsertCase({
                idempotencyKey: key,
                requestFingerprint: fingerprint,
                subject: input.subject,
                description: input.message ?? '',
                name: input.name,
                email: input.email,
                contactId,
                customerId,
            });
            chatCase = saved.chatCase;
            // Concurrent first requests with one key: the one whose upsert created the Case answers 201, the others
            // are replays of it.
            replayed = !saved.created;
        }
        // The key alone is not enough to get the ticket (and a UserSig) back: the request must be the same one.
        if (chatCase.requestFingerprint !== fingerprint) throw idempotencyConflict();

        const customerId = chatCase.customerId ?? input.customerId ?? mintedId;
        // Only the id derived from this key is the relay's own; anything else (caller-chosen, or set on the Case by
        // someone else) may be an account the relay must not touch beyond what the ticket needs.
        const minted = customerId === mintedId;
        if (!chatCase.groupId) {
            const groupId = chatCase.id;
            const name = chatCase.suppliedName ?? input.name;
            const subject = chatCase.subject ?? input.subject;
            const message = replayed ? (chatCase.description ?? '') : (input.message ?? '');
            // Nick = the customer's name, so live messages carry it. A caller-chosen id may already be someone's
            // account: it is imported (with the Nick) only when it does not exist; an existing profile is left alone.
            if (minted) await this.accounts.importOne(customerId, name);
            else await this.accounts.importIfMissing(customerId, name);
            const profile = caseGroupProfile({
                groupId,
                caseNumber: chatCase.caseNumber,
                subject,
                customerName: name,
                customerId,
            });
            const { created } = await this.groups.create(groupId, profile, customerId);
            if (message) await this.postFirstMessage(groupId, customerId, message, messageRandomFor(key), created);
            await this.cases.setGroupId(chatCase.id, groupId);
            chatCase = { ...chatCase, groupId };
        }

        const result: TicketResult = {
            replayed,
            caseId: chatCase.id,
            caseNumber: chatCase.caseNumber,
            groupId: chatCase.groupId as string,
            customerId,
            sdkAppId: this.opts.sdkAppId,
        };
        // A UserSig only for ids the relay minted: a caller-chosen id could be someone else's.
        if (minted) {
            const sig = genUserSig({
                sdkAppId: this.opts.sdkAppId,
                secretKey: this.opts.secretKey,
                identifier: customerId,
                expireSeconds: this.opts.userSigTtlSeconds,
            });
            result.userSig = sig.userSig;
            result.userSigExpiresAt = sig.expiresAtMs;
        }
        return result;
    }

    /**
     * Posts the ticket's first message once. A group this call created is empty, so the message is posted. A group
     * that already existed (a retry or replay) is checked first: a message from the customer with this Random means a
     * previous attempt posted it. When the history is too long to tell, nothing is posted (the conversation has moved on).
     */
    private async postFirstMessage(
        groupId: string,
        customerId: string,
        text: string,
        random: number,
        groupCreatedNow: boolean,
    ): Promise<void> {
        if (!groupCreatedNow) {
            const seen = await this.groups.findMessage(groupId, (m) => m.from === customerId && m.random === random);
            if (seen === 'found') return;
            if (seen === 'unknown') {
                this.log.warn(
                    { groupId },
                    'first message not found in the recent history of an existing group; not posting it again',
                );
                return;
            }
        }
        await this.groups.sendText(groupId, customerId, text, random);
    }
}
