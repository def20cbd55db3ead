/**
 * Downloads a customer's file from Tencent's storage for the Interaction API, never more than the limit (25 MB): the
 * declared size is checked first, then the bytes are counted as they arrive and the download is aborted past the
 * limit. Only https URLs on the configured storage hosts are fetched (a message's URL is customer-controlled, so an
 * open fetcher would let anyone make the relay call internal addresses).
 */

export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

export class AttachmentTooLargeError extends Error {
    override readonly name = 'AttachmentTooLargeError';
}
export class AttachmentRejectedError extends Error {
    override readonly name = 'AttachmentRejectedError';
}

export interface DownloadedFile {
    bytes: Buffer;
    mimeType: string;
}

/** True when `url` is https on one of `hostSuffixes` (".myqcloud.com" matches a.b.myqcloud.com), or an exact loopback origin. */
export function attachmentUrlAllowed(
    url: string,
    hostSuffixes: readonly string[],
    loopbackOrigins: readonly string[] = [],
): boolean {
    let u: URL;
    try {
        u = new URL(url);
    } catch {
        return false;
    }
    if (loopbackOrigins.includes(u.origin)) return true;
    if (u.protocol !== 'https:' || u.username || u.password) return false;
    const host = u.hostname.toLowerCase();
    return hostSuffixes.some((suffix) => (suffix.startsWith('.') ? host.endsWith(suffix) : host === suffix));
}

export async function downloadAttachment(
    url: string,
    opts: {
        maxBytes?: number;
        timeoutMs?: number;
        hostSuffixes: readonly string[];
        loopbackOrigins?: readonly string[];
    },
): Promise<DownloadedFile> {
    const max = opts.maxBytes ?? MAX_ATTACHMENT_BYTES;
    if (!attachmentUrlAllowed(url, opts.hostSuffixes, opts.loopbackOrigins))
        throw new AttachmentRejectedError('the file is not on an allowed storage host');
    const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) });
    if (!res.ok || !res.body) throw new AttachmentRejectedError(`download failed (HTTP ${res.status})`);
    const declared = Number(res.headers.get('content-length') ?? 'NaN');
    if (Number.isFinite(declared) && declared > max) {
        await res.body.cancel();
        throw new AttachmentTooLargeError('the file is larger than 25 MB');
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const reader = res.body.getReader();
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > max) {
            await reader.cancel();
            throw new AttachmentTooLargeError('the file is larger than 25 MB');
        }
        chunks.push(Buffer.from(value));
    }
    const mimeType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim() || 'application/octet-stream';
    return { bytes: Buffer.concat(chunks), mimeType };
}
