/**
 * Customer satisfaction (CSAT): the rating request sent into a closed case's chat, and the customer's answer.
 *
 * Request: a custom message from the admin account (allowed in a muted group) whose Data is
 * `{"type":"tim-rating-request","version":1,"caseId","token","expiresAt"}` and whose Desc is a text fallback; logged
 * as a `Rating Requested` event per close (so a repeated sync asks once; the Random is derived from the case and the
 * close, so Tencent also drops a resend within its duplicate window).
 * Answer: `POST /v1/ratings` {token, score, comment}; one per case (a `Rating Received` event, external id
 * `<caseId>:rating`, exists → 409), written to Chat_CSAT_Score__c / Chat_CSAT_Comment__c and the engagement log.
 */
import { createHash } from 'node:crypto';
import type { ChatGroups } from '../tencent/chat-groups.js';
import type { EngagementRecords } from '../salesforce/engagement-records.js';
import type { RatingTokens } from '../rules/rating-token.js';
import { withPreviousStates, type EngagementEvent, type LoggedEvent } from '../rules/engagement.js';
import { AppError } from '../http/app-error.js';

export const RATING_REQUEST_TYPE = 'tim-rating-request';
export const RATING_REQUEST_TEXT = 'How did we do? Please rate this chat from 1 to 5 stars.';

export interface RatingAnswer {
    token: string;
    score: number;
    comment: string;
}

export class Ratings {
    constructor(
        private readonly groups: ChatGroups,
        private readonly records: EngagementRecords,
        private readonly tokens: RatingTokens,
        private readonly adminIdentifier: string,
        private readonly now: () => number = Date.now,
    ) {}

    /** The Rating Requested event for this close, once the request is in the group; null when already asked. */
    async request(
        caseId: string,
        groupId: string,
        closeOrdinal: number,
        logged: readonly LoggedEvent[],
    ): Promise<EngagementEvent | null> {
        const externalId = `${caseId}:rating-request:${closeOrdinal}`;
        if (logged.some((e) => e.externalId === externalId || e.type === 'Rating Received')) return null;
        const { token, expiresAt } = this.tokens.issueWithExpiry(caseId);
        const data = JSON.stringify({ type: RATING_REQUEST_TYPE, version: 1, caseId, token, expiresAt });
        const random = createHash('sha256').update(externalId).digest().readUInt32BE(0);
        await this.groups.sendCustom(
            groupId,
            this.adminIdentifier,
            { data, desc: RATING_REQUEST_TEXT, ext: RATING_REQUEST_TYPE },
            random,
        );
        const [event] = withPreviousStates(
            [
                {
                    externalId,
                    type: 'Rating Requested',
                    at: this.now(),
                    userId: null,
                    actorName: '',
                    details: 'Rating request sent to the customer',
                },
            ],
            logged,
        );
        return event ?? null;
    }

    /** Records the customer's answer; 401 for a bad token, 410 when expired, 409 when the case was rated already. */
    async answer(a: RatingAnswer): Promise<{ caseId: string }> {
        const check = this.tokens.check(a.token);
        if (!check.ok) {
            if (check.reason === 'expired')
                throw new AppError(410, 'RATING_EXPIRED', 'this rating request has expired');
            throw new AppError(401, 'RATING_TOKEN_INVALID', 'the rating token is not valid');
        }
        const caseId = check.caseId;
        const logged = (await this.records.logged([caseId])).get(caseId) ?? [];
        if (logged.some((e) => e.type === 'Rating Received'))
            throw new AppError(409, 'ALREADY_RATED', 'this chat has already been rated');
        const comment = a.comment.trim();
        const created = await this.records.create(caseId, {
            ...withPreviousStates(
                [
                    {
                        externalId: `${caseId}:rating`,
                        type: 'Rating Received',
                        at: this.now(),
                        userId: null,
                        actorName: '',
                        details: `${a.score}/5${comment ? `: ${comment}` : ''}`,
                    },
                ],
                logged,
            )[0]!,
        });
        if (!created) throw new AppError(409, 'ALREADY_RATED', 'this chat has already been rated');
        await this.records.updateCase(caseId, { Chat_CSAT_Score__c: a.score, Chat_CSAT_Comment__c: comment || null });
        return { caseId };
    }
}
