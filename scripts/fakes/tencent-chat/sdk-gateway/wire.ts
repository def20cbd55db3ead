import { TencentError, TencentErrorCode } from '../errors.js';

/**
 * Frames of the Tencent Chat Web SDK's WebSocket protocol (docs/fakes.md "SDK gateway"): one JSON document per frame,
 * `{head:{servcmd, seq, …}, body:{…}}`. On `/binfo` the SDK sends UTF-8 JSON in binary frames, on `/info` text frames;
 * the gateway answers in the same form. Replies repeat `servcmd` and `seq`; a frame no request waits for is a push.
 */
export interface RequestHead {
    servcmd: string;
    seq: number;
    identifier?: string;
    usersig?: string;
    a2?: string;
    tinyid?: string;
    sdkappid?: number;
}

export interface RequestFrame {
    head: RequestHead;
    body: Record<string, unknown>;
}

export type Body = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const MAX_FRAME_BYTES = 1024 * 1024;

function optionalString(head: Record<string, unknown>, key: string): string | undefined {
    const value = head[key];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Parses and validates one client frame; throws TencentError for anything that is not a request. */
export function parseRequestFrame(data: Buffer | string): RequestFrame {
    const text = typeof data === 'string' ? data : data.toString('utf8');
    if (Buffer.byteLength(text, 'utf8') > MAX_FRAME_BYTES)
        throw new TencentError(TencentErrorCode.HTTP_PARSE, 'frame too large');
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw new TencentError(TencentErrorCode.JSON_PARSE, 'frame is not JSON');
    }
    if (!isRecord(parsed) || !isRecord(parsed['head']))
        throw new TencentError(TencentErrorCode.HTTP_PARSE, 'frame has no head');
    const head = parsed['head'];
    const servcmd = head['servcmd'];
    const seq = head['seq'];
    if (typeof servcmd !== 'string' || !/^[A-Za-z_]+\.[A-Za-z0-9_]+$/.test(servcmd))
        throw new TencentError(TencentErrorCode.HTTP_PARSE, 'head.servcmd must be "<service>.<command>"');
    if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0)
        throw new TencentError(TencentErrorCode.HTTP_PARSE, 'head.seq must be a non-negative integer');
    const body = parsed['body'] === undefined ? {} : parsed['body'];
    if (!isRecord(body)) throw new TencentError(TencentErrorCode.HTTP_PARSE, 'body must be a JSON object');
    const sdkAppId = head['sdkappid'];
    const result: RequestHead = { servcmd, seq };
    const identifier = optionalString(head, 'identifier');
    const usersig = optionalString(head, 'usersig');
    const a2 = optionalString(head, 'a2');
    const tinyid = typeof head['tinyid'] === 'number' ? String(head['tinyid']) : optionalString(head, 'tinyid');
    if (identifier !== undefined) result.identifier = identifier;
    if (usersig !== undefined) result.usersig = usersig;
    if (a2 !== undefined) result.a2 = a2;
    if (tinyid !== undefined) result.tinyid = tinyid;
    if (typeof sdkAppId === 'number' || (typeof sdkAppId === 'string' && /^\d+$/.test(sdkAppId)))
        result.sdkappid = Number(sdkAppId);
    return { head: result, body };
}

/** A reply to `head`: same servcmd and seq, `ErrorCode` 0 unless the body says otherwise. */
export function replyFrame(head: RequestHead, body: Body): string {
    return JSON.stringify({
        head: { servcmd: head.servcmd, seq: head.seq },
        body: { ErrorCode: 0, ErrorInfo: '', ...body },
    });
}

export function errorReplyFrame(head: RequestHead, code: number, info: string): string {
    return JSON.stringify({
        head: { servcmd: head.servcmd, seq: head.seq },
        body: { ErrorCode: code, ErrorInfo: info },
    });
}

/** A server-initiated frame. `seq` is the gateway's own counter, so it never answers a pending request. */
export function pushFrame(servcmd: string, seq: number, body: Body): string {
    return JSON.stringify({ head: { servcmd, seq }, body: { ErrorCode: 0, ErrorInfo: '', ...body } });
}
