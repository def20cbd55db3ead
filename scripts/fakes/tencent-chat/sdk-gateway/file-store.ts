import { randomBytes } from 'node:crypto';

/** Largest file the gateway's store accepts (the SDK's own limit for files is 100 MB; tests need far less). */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

interface StoredFile {
    owner: string;
    bytes: Buffer | null;
    contentType: string;
}

/**
 * The gateway's file store, standing in for Tencent's COS bucket: `im_cos_msg.simple_sig` reserves a key for a
 * logged-in user, the SDK PUTs the bytes to `<fileUploadProxy>/upload/<key>`, and anyone with the URL GETs them from
 * `<fileDownloadProxy>/files/<key>` (like COS download URLs, which carry no credentials).
 */
export class SdkFileStore {
    private readonly files = new Map<string, StoredFile>();

    /** Reserves an upload slot; the key is unguessable. */
    reserve(owner: string, fileName: string): string {
        const extension = /\.[A-Za-z0-9]{1,8}$/.exec(fileName)?.[0] ?? '';
        const key = randomBytes(16).toString('hex') + extension.toLowerCase();
        this.files.set(key, { owner, bytes: null, contentType: 'application/octet-stream' });
        return key;
    }

    /** Stores the bytes of a reserved key (once); false when the key was never reserved or is already filled. */
    put(key: string, bytes: Buffer, contentType: string | undefined): boolean {
        const file = this.files.get(key);
        if (!file || file.bytes !== null || bytes.length > MAX_FILE_BYTES) return false;
        file.bytes = bytes;
        file.contentType = contentType && /^[\w.+-]+\/[\w.+-]+$/.test(contentType) ? contentType : file.contentType;
        return true;
    }

    get(key: string): { bytes: Buffer; contentType: string } | undefined {
        const file = this.files.get(key);
        return file && file.bytes ? { bytes: file.bytes, contentType: file.contentType } : undefined;
    }

    clear(): void {
        this.files.clear();
    }
}

export const isFileKey = (key: string): boolean => /^[0-9a-f]{32}(\.[a-z0-9]{1,8})?$/.test(key);
