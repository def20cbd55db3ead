/**
 * POST /v1/tickets (and the tutorial's /createticket): Contact-matched Case + chat group, idempotent.
 *
 * Order of work, so that a retry with the same Idempotency-Key finishes a half-done job:
 *   1. Case by key exists? → replay (200). Otherwise find/create the Contact and upsert the Case (201).
 *   2. Case has no Chat_Group_Id__c? → import the customer, create the group (10025 = already ours),
 *      post the first message with a Random derived from the key (a retry is dropped as duplicate),
 *      then set Chat_Group_Id__c. A set Chat_Group_Id__c therefore means "all done".
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { CaseService, ChatCase } from '../salesforce/cases.js';
import type { ChatGroups } from '../tencent/chat-groups.js';
import type { TencentAccounts } from '../tencent/accounts.js';
import { genUserSig } from '../tencent/usersig.js';
import { caseGroupProfile } from '../tencent/case-group-profile.js';
import { conflict } from '../http/app-error.js';
import { MINTED_CUSTOMER_PREFIX } from '../validation/fields.js';

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
  ) {}

  /** Minted ids are derived from the key (HMAC with the app secret), so concurrent first attempts agree. */
  private mintCustomerId(key: string): string {
    return MINTED_CUSTOMER_PREFIX + createHmac('sha256', this.opts.secretKey).update(`customer-id:${key}`).digest('hex').slice(0, 24);
  }

  async create(input: TicketInput): Promise<TicketResult> {
    const key = input.idempotencyKey ?? `gen_${randomBytes(18).toString('base64url')}`;
    let chatCase: ChatCase | null = await this.cases.findCaseByIdempotencyKey(key);
    const replayed = chatCase !== null;

    if (chatCase) {
      // The key is a bearer of the ticket: a replay must describe the same customer.
      if ((chatCase.suppliedEmail ?? '').toLowerCase() !== input.email.toLowerCase()) {
        throw conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for a different ticket', 'Idempotency-Key');
      }
      if (input.customerId !== undefined && input.customerId !== chatCase.customerId) {
        throw conflict('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different customerId', 'customerId');
      }
    } else {
      const customerId = input.customerId ?? this.mintCustomerId(key);
      const contactId = await this.cases.findOrCreateContact(input.email, input.name);
      chatCase = await this.cases.upsertCase({
        idempotencyKey: key,
        subject: input.subject,
        description: input.message ?? '',
        name: input.name,
        email: input.email,
        contactId,
        customerId,
      });
    }

    const customerId = chatCase.customerId ?? input.customerId ?? this.mintCustomerId(key);
    if (!chatCase.groupId) {
      const groupId = chatCase.id;
      // Nick = the customer's name, so live messages carry it; the group profile lets the widget list the case.
      await this.accounts.importOne(customerId, input.name);
      const profile = caseGroupProfile({ groupId, caseNumber: chatCase.caseNumber, subject: input.subject, customerName: input.name, customerId });
      await this.groups.create(groupId, profile, customerId);
      if (input.message) await this.groups.sendText(groupId, customerId, input.message, messageRandomFor(key));
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
    if (customerId.startsWith(MINTED_CUSTOMER_PREFIX)) {
      const sig = genUserSig({ sdkAppId: this.opts.sdkAppId, secretKey: this.opts.secretKey, identifier: customerId, expireSeconds: this.opts.userSigTtlSeconds });
      result.userSig = sig.userSig;
      result.userSigExpiresAt = sig.expiresAtMs;
    }
    return result;
  }
}
