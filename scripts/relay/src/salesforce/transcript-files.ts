/** Transcript files on Cases (ContentVersion published to the Case) and the Case's archive stamp. */
import type { SalesforceClient } from './salesforce-client.js';
import { soqlString } from './soql.js';
import { toId18 } from '../validation/salesforce-id.js';
import { IN_CHUNK } from './case-sync-reads.js';
import { TRANSCRIPT_TITLE_PREFIX } from '../transcripts/transcript-text.js';

export const ARCHIVED_AT_FIELD = 'Chat_Transcript_Archived_At__c';

export interface TranscriptFile {
    contentVersionId: string;
    caseId: string;
    createdDate: string;
}

export class TranscriptFiles {
    constructor(private readonly sf: SalesforceClient) {}

    /** Transcript files of these cases, newest first per case (one query per 100 cases). */
    async list(caseIds: readonly string[]): Promise<Map<string, TranscriptFile[]>> {
        const out = new Map<string, TranscriptFile[]>();
        const ids = [...new Set(caseIds)];
        for (let i = 0; i < ids.length; i += IN_CHUNK) {
            const rows = await this.sf.query<{ Id: string; FirstPublishLocationId: string; CreatedDate: string }>(
                'SELECT Id, FirstPublishLocationId, CreatedDate FROM ContentVersion ' +
                    `WHERE FirstPublishLocationId IN (${ids
                        .slice(i, i + IN_CHUNK)
                        .map(soqlString)
                        .join(', ')}) ` +
                    `AND Title LIKE ${soqlString(`${TRANSCRIPT_TITLE_PREFIX}%`)} ORDER BY CreatedDate DESC`,
            );
            for (const r of rows) {
                const caseId = toId18(r.FirstPublishLocationId);
                const file = { contentVersionId: toId18(r.Id), caseId, createdDate: r.CreatedDate };
                out.set(caseId, [...(out.get(caseId) ?? []), file]);
            }
        }
        return out;
    }

    /** Uploads the transcript (multipart, UTF-8 text) published to the Case; returns the ContentVersion id. */
    upload(caseId: string, title: string, fileName: string, text: string): Promise<string> {
        return this.sf.insertWithBlob(
            'ContentVersion',
            { Title: title, PathOnClient: fileName, FirstPublishLocationId: caseId },
            'VersionData',
            fileName,
            Buffer.from(text, 'utf8'),
        );
    }

    async stamp(caseId: string, atIso: string): Promise<void> {
        await this.sf.update('Case', caseId, { [ARCHIVED_AT_FIELD]: atIso });
    }

    async text(contentVersionId: string): Promise<string> {
        return (await this.sf.blob('ContentVersion', contentVersionId, 'VersionData')).toString('utf8');
    }
}
