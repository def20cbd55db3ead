/** Tencent account import and profile (Nick) operations. Accounts must exist before they can own or join a group. */
import type { TencentRestClient } from './tencent-rest-client.js';
import { TencentApiError, classifyTencentError } from './tencent-errors.js';
import { truncateUtf8 } from '../validation/fields.js';

const IMPORT_ONE = 'im_open_login_svc/account_import';
const IMPORT_MANY = 'im_open_login_svc/multiaccount_import';
const CHECK = 'im_open_login_svc/account_check';
const PROFILE_GET = 'profile/portrait_get';
const PROFILE_SET = 'profile/portrait_set';
export const MULTI_IMPORT_BATCH = 100;
export const PROFILE_GET_BATCH = 100;
export const NICK_TAG = 'Tag_Profile_IM_Nick';
/** The relay keeps Nicks short (Tencent allows more): they are shown in a narrow widget. */
export const MAX_NICK_BYTES = 64;

export const nickFor = (name: string): string => truncateUtf8(name.trim(), MAX_NICK_BYTES);

function check(command: string, res: { ErrorCode: number; ErrorInfo: string }, what: string): void {
    if (res.ErrorCode !== 0)
        throw new TencentApiError(
            command,
            res.ErrorCode,
            `${what}: ${res.ErrorInfo}`,
            classifyTencentError(command, res.ErrorCode),
        );
}

export class TencentAccounts {
    constructor(private readonly client: TencentRestClient) {}

    /** Imports (or updates) one account, with a nickname when given. Repeatable. Only for accounts the relay owns. */
    async importOne(userId: string, nick?: string): Promise<void> {
        const body: Record<string, string> = { UserID: userId };
        if (nick) body['Nick'] = nickFor(nick);
        check(IMPORT_ONE, await this.client.call(IMPORT_ONE, body), 'could not import account');
    }

    /** True when the account exists (account_check). */
    async exists(userId: string): Promise<boolean> {
        const res = await this.client.call(CHECK, { CheckItem: [{ UserID: userId }] });
        check(CHECK, res, 'could not check account');
        const items = Array.isArray(res['ResultItem']) ? (res['ResultItem'] as Record<string, unknown>[]) : [];
        return items.some((i) => i['UserID'] === userId && i['AccountStatus'] === 'Imported');
    }

    /**
     * For accounts the relay does not own (caller-chosen customer ids): imports the account with the nickname only
     * when it does not exist yet, so an existing account's profile is never overwritten. Returns true when imported.
     */
    async importIfMissing(userId: string, nick?: string): Promise<boolean> {
        if (await this.exists(userId)) return false;
        await this.importOne(userId, nick);
        return true;
    }

    /** Imports many accounts (no profile) in batches of ≤ 100. Throws if any account failed to import. */
    async importMany(userIds: readonly string[]): Promise<void> {
        const unique = [...new Set(userIds)];
        for (let i = 0; i < unique.length; i += MULTI_IMPORT_BATCH) {
            const batch = unique.slice(i, i + MULTI_IMPORT_BATCH);
            const res = await this.client.call(IMPORT_MANY, { Accounts: batch });
            check(IMPORT_MANY, res, 'could not import accounts');
            const failed = Array.isArray(res['FailAccounts']) ? (res['FailAccounts'] as unknown[]).map(String) : [];
            if (failed.length > 0) {
                throw new TencentApiError(
                    IMPORT_MANY,
                    'IMPORT_FAILED',
                    `${failed.length} account(s) could not be imported`,
                    'permanent',
                );
            }
        }
    }

    /** Current Nicks of existing accounts (portrait_get, ≤ 100 per call). */
    async getNicks(userIds: readonly string[]): Promise<Map<string, string>> {
        const nicks = new Map<string, string>();
        const unique = [...new Set(userIds)];
        for (let i = 0; i < unique.length; i += PROFILE_GET_BATCH) {
            const res = await this.client.call(PROFILE_GET, {
                To_Account: unique.slice(i, i + PROFILE_GET_BATCH),
                TagList: [NICK_TAG],
            });
            check(PROFILE_GET, res, 'could not read profiles');
            for (const item of Array.isArray(res['UserProfileItem'])
                ? (res['UserProfileItem'] as Record<string, unknown>[])
                : []) {
                if (Number(item['ResultCode'] ?? 0) !== 0) continue;
                const profile = Array.isArray(item['ProfileItem'])
                    ? (item['ProfileItem'] as Record<string, unknown>[])
                    : [];
                const nick = profile.find((p) => p['Tag'] === NICK_TAG)?.['Value'];
                nicks.set(String(item['To_Account']), typeof nick === 'string' ? nick : '');
            }
        }
        return nicks;
    }

    /** Sets the Nick of an existing account (portrait_set). */
    async setNick(userId: string, nick: string): Promise<void> {
        const res = await this.client.call(PROFILE_SET, {
            From_Account: userId,
            ProfileItem: [{ Tag: NICK_TAG, Value: nickFor(nick) }],
        });
        check(PROFILE_SET, res, 'could not set the nickname');
    }
}
