import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultQueue } from '../shared/fault-queue.js';
import { sleep } from '../shared/sleep.js';
import { describeGlobal, describeObject, objectSummary } from './describe.js';
import { SalesforceError, invalidSession, notFound } from './errors.js';
import { to18 } from './ids.js';
import { OAuthError } from './oauth.js';
import type { OAuthServer, Session } from './oauth.js';
import type { RecordStore, SfRecord } from './record-store.js';
import { findField } from './schema.js';
import type { ObjectDef } from './schema.js';
import { outputValue } from './soql-executor.js';
import { multipartBoundary, multipartRecord, parseMultipart } from './multipart.js';
import type { SoqlExecutor } from './soql-executor.js';

export interface SalesforceFault {
    /** regex source matched against the path after the plugin prefix (query string included), or '*' */
    path: string;
    status?: number;
    body?: unknown;
    delayMs?: number;
    times?: number;
}

export interface RecordedSalesforceCall {
    method: string;
    /** path after the plugin prefix, query string included */
    path: string;
    body: unknown;
    at: number;
}

export interface SalesforcePluginDeps {
    apiVersion: string;
    now: () => number;
    store: RecordStore;
    soql: SoqlExecutor;
    oauth: OAuthServer;
    faults: FaultQueue<SalesforceFault>;
    calls: RecordedSalesforceCall[];
    orgId: () => string;
    integrationUserId: () => string;
    countApiCall: () => void;
    apiCallCount: () => number;
}

/** API versions the fake answers: 31.0 up to the configured one. */
function supportedVersions(latest: string): string[] {
    const top = Math.floor(Number(latest));
    const versions: string[] = [];
    for (let v = 31; v <= top; v += 1) versions.push(`${v}.0`);
    return versions;
}

function parseJsonBody(raw: unknown): SfRecord {
    if (typeof raw !== 'string' || raw.trim() === '')
        throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'The request body is empty');
    let value: unknown;
    try {
        value = JSON.parse(raw);
    } catch (error) {
        throw new SalesforceError(
            400,
            'JSON_PARSER_ERROR',
            `Unexpected character in JSON body: ${(error as Error).message}`,
        );
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new SalesforceError(
            400,
            'JSON_PARSER_ERROR',
            'Cannot deserialize instance of sObject from a non-object value',
        );
    }
    return value as SfRecord;
}

function recordedBody(raw: unknown, contentType: string | undefined): unknown {
    if (Buffer.isBuffer(raw)) {
        const boundary = multipartBoundary(contentType);
        if (!boundary) return { bytes: raw.length };
        try {
            return {
                multipart: parseMultipart(raw, boundary).map((p) => ({
                    name: p.name,
                    ...(p.filename !== undefined ? { filename: p.filename } : {}),
                    ...(p.name === 'entity_content' ? { json: JSON.parse(p.data.toString('utf8')) as unknown } : {}),
                    bytes: p.data.length,
                })),
            };
        } catch {
            return { bytes: raw.length };
        }
    }
    if (typeof raw !== 'string' || raw === '') return undefined;
    if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
    try {
        return JSON.parse(raw) as unknown;
    } catch {
        return raw;
    }
}

type Params = Record<string, string>;
type Query = Record<string, string | undefined>;

interface ApiContext {
    version: string;
    session: Session;
    object?: ObjectDef;
}

function toRecordOutput(object: ObjectDef, record: SfRecord, version: string, fields?: string[]): SfRecord {
    const out: SfRecord = {
        attributes: {
            type: object.name,
            url: `/services/data/v${version}/sobjects/${object.name}/${String(record['Id'])}`,
        },
    };
    const names = fields ?? object.fields.map((f) => f.name);
    for (const name of names) {
        const field = findField(object, name);
        if (!field)
            throw new SalesforceError(
                400,
                'INVALID_FIELD',
                `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
            );
        out[field.name] = outputValue(record, field, version, object.name);
    }
    return out;
}

export function createSalesforcePlugin(deps: SalesforcePluginDeps): FastifyPluginAsync {
    return async (app: FastifyInstance) => {
        const prefix = app.prefix;
        const versions = supportedVersions(deps.apiVersion);
        const baseUrl = (request: FastifyRequest): string => `${request.protocol}://${request.host}${prefix}`;
        const relativePath = (request: FastifyRequest): string =>
            (request.url.startsWith(prefix) ? request.url.slice(prefix.length) : request.url) || '/';

        // Bodies are read as text and parsed per route, so malformed JSON gets Salesforce's error instead of fastify's.
        app.removeAllContentTypeParsers();
        app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) =>
            done(null, body),
        );
        // Multipart blob inserts carry raw bytes (Salesforce allows up to 2 GB for ContentVersion; the fake 200 MB).
        app.addContentTypeParser(
            'multipart/form-data',
            { parseAs: 'buffer', bodyLimit: 200 * 1024 * 1024 },
            (_req, body, done) => done(null, body),
        );

        app.addHook('preHandler', async (request, reply) => {
            const path = relativePath(request);
            deps.calls.push({
                method: request.method,
                path,
                body: recordedBody(request.body, request.headers['content-type']),
                at: deps.now(),
            });
            const fault = deps.faults.take((f) => f.path === '*' || new RegExp(f.path).test(path));
            if (!fault) return;
            if (fault.delayMs) await sleep(fault.delayMs);
            if (fault.status === undefined && fault.body === undefined) return;
            const status = fault.status ?? 500;
            const body = fault.body ?? [
                { message: 'injected fault', errorCode: status >= 500 ? 'SERVER_UNAVAILABLE' : 'UNKNOWN_EXCEPTION' },
            ];
            await reply.code(status).send(body);
            return reply;
        });

        const sendError = (reply: FastifyReply, error: unknown): FastifyReply => {
            if (error instanceof SalesforceError) return reply.code(error.status).send(error.toBody());
            if (error instanceof OAuthError)
                return reply.code(error.status).send({ error: error.error, error_description: error.description });
            throw error;
        };

        /** Wraps an API route: version check, bearer token, optional sObject lookup, error mapping. */
        const api =
            (
                handler: (
                    request: FastifyRequest<{ Params: Params; Querystring: Query }>,
                    reply: FastifyReply,
                    ctx: ApiContext,
                ) => unknown,
            ) =>
            async (
                request: FastifyRequest<{ Params: Params; Querystring: Query }>,
                reply: FastifyReply,
            ): Promise<unknown> => {
                try {
                    const versionParam = request.params['version'] ?? '';
                    const version = versionParam.startsWith('v') ? versionParam.slice(1) : '';
                    const auth = request.headers.authorization;
                    const token = auth?.startsWith('Bearer ')
                        ? auth.slice(7).trim()
                        : auth?.startsWith('OAuth ')
                          ? auth.slice(6).trim()
                          : undefined;
                    const session = token ? deps.oauth.session(token) : undefined;
                    if (!session) throw invalidSession();
                    if (!versions.includes(version)) throw notFound();
                    deps.countApiCall();
                    const ctx: ApiContext = { version, session };
                    const objectName = request.params['object'];
                    if (objectName !== undefined) ctx.object = deps.store.requireObject(objectName);
                    return await handler(request, reply, ctx);
                } catch (error) {
                    return sendError(reply, error);
                }
            };

        app.post('/services/oauth2/token', async (request, reply) => {
            try {
                const contentType = request.headers['content-type'] ?? '';
                if (!contentType.includes('application/x-www-form-urlencoded')) {
                    throw new OAuthError('invalid_request', 'content type must be application/x-www-form-urlencoded');
                }
                const form = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
                return deps.oauth.grant(form, {
                    baseUrl: baseUrl(request),
                    orgId: deps.orgId(),
                    integrationUserId: deps.integrationUserId(),
                    userIdForUsername: (username) => {
                        const user = deps.store
                            .all('User')
                            .find(
                                (u) =>
                                    typeof u['Username'] === 'string' &&
                                    u['Username'].toLowerCase() === username.toLowerCase(),
                            );
                        return user && user['IsActive'] !== false ? (user['Id'] as string) : undefined;
                    },
                });
            } catch (error) {
                return sendError(reply, error);
            }
        });

        app.get('/services/data', async () =>
            versions.map((v) => ({ label: `Fake v${v}`, url: `/services/data/v${v}`, version: v })),
        );

        app.get(
            '/services/data/:version',
            api((_req, _reply, ctx) => {
                const base = `/services/data/v${ctx.version}`;
                return {
                    limits: `${base}/limits`,
                    query: `${base}/query`,
                    queryAll: `${base}/queryAll`,
                    sobjects: `${base}/sobjects`,
                };
            }),
        );

        app.get(
            '/services/data/:version/limits',
            api(() => ({
                DailyApiRequests: { Max: 100000, Remaining: Math.max(0, 100000 - deps.apiCallCount()) },
                DataStorageMB: { Max: 1024, Remaining: 1000 },
                FileStorageMB: { Max: 1024, Remaining: 1000 },
            })),
        );

        app.get(
            '/services/data/:version/sobjects',
            api((_req, _reply, ctx) => describeGlobal(ctx.version)),
        );

        app.get(
            '/services/data/:version/sobjects/:object',
            api((_req, _reply, ctx) => ({ objectDescribe: objectSummary(ctx.object!, ctx.version), recentItems: [] })),
        );

        app.get(
            '/services/data/:version/sobjects/:object/describe',
            api((_req, _reply, ctx) => describeObject(ctx.object!, ctx.version)),
        );

        app.post(
            '/services/data/:version/sobjects/:object',
            api((request, reply, ctx) => {
                const object = ctx.object!;
                let body: SfRecord;
                if (Buffer.isBuffer(request.body)) {
                    const boundary = multipartBoundary(request.headers['content-type']);
                    const blobField = object.fields.find((f) => f.type === 'base64');
                    if (!boundary || !blobField)
                        throw new SalesforceError(
                            415,
                            'UNSUPPORTED_MEDIA_TYPE',
                            `multipart/form-data is accepted only for objects with a blob field, with a boundary`,
                        );
                    body = multipartRecord(parseMultipart(request.body, boundary), blobField.name);
                } else body = parseJsonBody(request.body);
                const id = deps.store.create(object.name, body, { userId: ctx.session.userId });
                return reply.code(201).send({ id, success: true, errors: [] });
            }),
        );

        app.get(
            '/services/data/:version/sobjects/:object/:id',
            api((request, _reply, ctx) => {
                const object = ctx.object!;
                const id = request.params['id']!;
                const id18 = to18(id);
                if (!id18 || id18.slice(0, 3) !== object.keyPrefix) throw notFound();
                const record = deps.store.get(object.name, id18, true);
                if (!record) throw notFound();
                if (record['IsDeleted'] === true)
                    throw new SalesforceError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
                const fieldsParam = request.query['fields'];
                const fields = fieldsParam
                    ? fieldsParam
                          .split(',')
                          .map((f) => f.trim())
                          .filter(Boolean)
                    : undefined;
                return toRecordOutput(object, record, ctx.version, fields);
            }),
        );

        app.patch(
            '/services/data/:version/sobjects/:object/:id',
            api((request, reply, ctx) => {
                const body = parseJsonBody(request.body);
                deps.store.update(ctx.object!.name, request.params['id']!, body, { userId: ctx.session.userId });
                return reply.code(204).send();
            }),
        );

        app.delete(
            '/services/data/:version/sobjects/:object/:id',
            api((request, reply, ctx) => {
                deps.store.delete(ctx.object!.name, request.params['id']!);
                return reply.code(204).send();
            }),
        );

        // Three segments after the object: a blob field of a record (…/068…/VersionData) or a record by external id.
        app.get(
            '/services/data/:version/sobjects/:object/:first/:second',
            api((request, reply, ctx) => {
                const object = ctx.object!;
                const first = request.params['first']!;
                const second = request.params['second']!;
                const blobField = findField(object, second);
                const id18 = to18(first);
                if (id18 && id18.slice(0, 3) === object.keyPrefix && blobField?.type === 'base64') {
                    const record = deps.store.get(object.name, id18);
                    if (!record) throw notFound();
                    return reply
                        .type('application/octetstream')
                        .send(Buffer.from(String(record[blobField.name] ?? ''), 'base64'));
                }
                const record = deps.store.findByExternalId(object.name, first, decodeURIComponent(second));
                if (!record) throw notFound();
                return toRecordOutput(object, record, ctx.version);
            }),
        );

        app.patch(
            '/services/data/:version/sobjects/:object/:field/:value',
            api((request, reply, ctx) => {
                const body = parseJsonBody(request.body);
                const result = deps.store.upsert(
                    ctx.object!.name,
                    request.params['field']!,
                    decodeURIComponent(request.params['value']!),
                    body,
                    { userId: ctx.session.userId },
                );
                return reply
                    .code(result.created ? 201 : 200)
                    .send({ id: result.id, success: true, errors: [], created: result.created });
            }),
        );

        const queryRoute = (includeDeleted: boolean) =>
            api((request, _reply, ctx) => {
                const q = request.query['q'];
                if (!q) throw new SalesforceError(400, 'MALFORMED_QUERY', 'The q parameter is required');
                return deps.soql.run(q, { includeDeleted, apiVersion: ctx.version });
            });
        app.get('/services/data/:version/query', queryRoute(false));
        app.get('/services/data/:version/queryAll', queryRoute(true));
    };
}
