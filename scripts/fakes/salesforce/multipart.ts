/**
 * Salesforce's multipart insert of a blob record (`POST …/sobjects/ContentVersion` with
 * `Content-Type: multipart/form-data; boundary=…`): a JSON part named `entity_content` with the record's fields,
 * then one binary part named after the blob field (`VersionData`) with a `filename`. Unlike the JSON form, whose
 * base64 value inflates the body by a third and is limited to 50 MB, the binary part carries the bytes as they are.
 */
import { SalesforceError } from './errors.js';
import type { SfRecord } from './record-store.js';

export interface MultipartPart {
    name: string;
    filename?: string;
    contentType?: string;
    data: Buffer;
}

const malformed = (message: string): SalesforceError => new SalesforceError(400, 'INVALID_MULTIPART_REQUEST', message);

/** The boundary of a `multipart/form-data` content type (quoted or not), or undefined. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
    if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
    const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
    return match ? (match[1] ?? match[2]) : undefined;
}

/** Splits a multipart body into its parts (RFC 7578: CRLF line ends, `--boundary` delimiters, a closing `--`). */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
    const delimiter = Buffer.from(`--${boundary}`);
    const parts: MultipartPart[] = [];
    let at = body.indexOf(delimiter);
    if (at < 0) throw malformed('The multipart body has no boundary delimiter');
    for (;;) {
        at += delimiter.length;
        if (body.subarray(at, at + 2).toString('latin1') === '--') break; // closing delimiter
        if (body.subarray(at, at + 2).toString('latin1') !== '\r\n') throw malformed('Malformed multipart delimiter');
        at += 2;
        const headerEnd = body.indexOf('\r\n\r\n', at);
        if (headerEnd < 0) throw malformed('A multipart part has no header end');
        const headers = new Map<string, string>();
        for (const line of body.subarray(at, headerEnd).toString('utf8').split('\r\n')) {
            const colon = line.indexOf(':');
            if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        }
        const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
        if (next < 0) throw malformed('The multipart body is not closed');
        const disposition = headers.get('content-disposition') ?? '';
        const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
        if (!/^form-data\b/i.test(disposition) || name === undefined)
            throw malformed('Each part needs Content-Disposition: form-data; name="…"');
        const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
        const contentType = headers.get('content-type');
        parts.push({
            name,
            ...(filename !== undefined ? { filename } : {}),
            ...(contentType !== undefined ? { contentType } : {}),
            data: body.subarray(headerEnd + 4, next),
        });
        at = next + 2;
    }
    return parts;
}

/**
 * The record fields of a multipart blob insert: `entity_content` (JSON, first) plus the blob part, base64-encoded
 * into `blobField` as the store keeps blobs.
 */
export function multipartRecord(parts: MultipartPart[], blobField: string): SfRecord {
    const [entity, ...rest] = parts;
    if (!entity || entity.name !== 'entity_content')
        throw malformed('The first part must be the JSON record, named entity_content');
    if (entity.contentType && !/^application\/json\b/i.test(entity.contentType))
        throw malformed('The entity_content part must be application/json');
    let fields: unknown;
    try {
        fields = JSON.parse(entity.data.toString('utf8'));
    } catch (error) {
        throw new SalesforceError(
            400,
            'JSON_PARSER_ERROR',
            `Unexpected character in JSON: ${(error as Error).message}`,
        );
    }
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
        throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of sObject');
    const blob = rest.filter((p) => p.name.toLowerCase() === blobField.toLowerCase());
    if (blob.length !== 1 || rest.length !== 1)
        throw malformed(`Exactly one binary part named ${blobField} must follow entity_content`);
    if (blob[0]!.filename === undefined) throw malformed(`The ${blobField} part needs a filename`);
    const record = fields as SfRecord;
    if (Object.keys(record).some((k) => k.toLowerCase() === blobField.toLowerCase()))
        throw malformed(`${blobField} must be sent as the binary part, not in entity_content`);
    return { ...record, [blobField]: blob[0]!.data.toString('base64') };
}
