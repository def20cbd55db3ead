/** Tencent account import (accounts must exist before they can own or join a group). */
import type { TencentRestClient } from './tencent-rest-client.js';
import { TencentApiError, classifyTencentError } from './tencent-errors.js';
import { truncateUtf8 } from '../validation/fields.js';

const IMPORT_ONE = 'im_open_login_svc/account_import';
const IMPORT_MANY = 'im_open_login_svc/multiaccount_import';
export const MULTI_IMPORT_BATCH = 100;

export class TencentAccounts {
  constructor(private readonly client: TencentRestClient) {}

  /** Imports (or updates) one account with a nickname. Repeatable. */
  async importOne(userId: string, nick?: string): Promise<void> {
    const body: Record<string, string> = { UserID: userId };
    if (nick) body['Nick'] = truncateUtf8(nick, 64);
    const res = await this.client.call(IMPORT_ONE, body);
    if (res.ErrorCode !== 0) {
      throw new TencentApiError(IMPORT_ONE, res.ErrorCode, `could not import account: ${res.ErrorInfo}`, classifyTencentError(IMPORT_ONE, res.ErrorCode));
    }
  }

  /** Imports many accounts in batches of ≤ 100. Throws if any account failed to import. */
  async importMany(userIds: readonly string[]): Promise<void> {
    const unique = [...new Set(userIds)];
    for (let i = 0; i < unique.length; i += MULTI_IMPORT_BATCH) {
      const batch = unique.slice(i, i + MULTI_IMPORT_BATCH);
      const res = await this.client.call(IMPORT_MANY, { Accounts: batch });
      if (res.ErrorCode !== 0) {
        throw new TencentApiError(IMPORT_MANY, res.ErrorCode, `could not import accounts: ${res.ErrorInfo}`, classifyTencentError(IMPORT_MANY, res.ErrorCode));
      }
      const failed = Array.isArray(res['FailAccounts']) ? (res['FailAccounts'] as unknown[]).map(String) : [];
      if (failed.length > 0) {
        throw new TencentApiError(IMPORT_MANY, 'IMPORT_FAILED', `${failed.length} account(s) could not be imported`, 'permanent');
      }
    }
  }
}
