import { createSign, generateKeyPairSync } from 'node:crypto';

export const SF = {
    clientId: 'fake-consumer-key',
    clientSecret: 'fake-consumer-secret',
    username: 'relay@example.com',
} as const;

export const jwtKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const jwtPublicKeyPem = jwtKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();

/** An RS256 JWT bearer assertion. */
export function jwtAssertion(claims: Record<string, unknown>, privateKey = jwtKeys.privateKey): string {
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const unsigned = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}`;
    const signature = createSign('RSA-SHA256').update(unsigned).sign(privateKey).toString('base64url');
    return `${unsigned}.${signature}`;
}

export async function tokenRequest(
    base: string,
    form: Record<string, string>,
): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${base}/services/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function clientCredentialsToken(base: string): Promise<string> {
    const { json } = await tokenRequest(base, {
        grant_type: 'client_credentials',
        client_id: SF.clientId,
        client_secret: SF.clientSecret,
    });
    return json['access_token'] as string;
}

export type Row = Record<string, unknown>;

export interface ApiResponse {
    status: number;
    json: unknown;
}

/** The body as an object (create/upsert results, records). */
export const obj = (response: ApiResponse): Row => response.json as Row;
/** The records of a query result. */
export const rows = (response: ApiResponse): Row[] => (response.json as { records: Row[] }).records;
/** The errorCode of a Salesforce error body ([{message, errorCode, fields}]). */
export const errorCode = (response: ApiResponse): string | undefined =>
    (response.json as Array<{ errorCode?: string }>)[0]?.errorCode;

export async function sfApi(
    base: string,
    token: string,
    method: string,
    path: string,
    body?: unknown,
): Promise<ApiResponse> {
    const init: RequestInit = {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(`${base}/services/data/v66.0${path}`, init);
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

export const soql = (base: string, token: string, q: string, all = false): Promise<ApiResponse> =>
    sfApi(base, token, 'GET', `/${all ? 'queryAll' : 'query'}?q=${encodeURIComponent(q)}`);
