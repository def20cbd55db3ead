import { SalesforceError, notFound, recordError } from './errors.js';
import { coerceFieldValue, formatDateTime } from './field-values.js';
import { type IdFactory, to18 } from './ids.js';
import { OBJECTS, findField, findObject, objectForKeyPrefix } from './schema.js';
import type { FieldDef, ObjectDef } from './schema.js';

export type SfRecord = Record<string, unknown>;

export interface SaveContext {
    /** the API user doing the save */
    userId: string;
    /** seeding: allows read-only fields (except computed ones) */
    trusted?: boolean;
}

/** First CaseNumber handed out. */
const FIRST_CASE_NUMBER = 1001;

/**
 * sObject records with Salesforce's save rules: field-level validation, required fields, unique and
 * external-id fields, derived fields (CaseNumber, IsClosed, Name, ContentDocument creation...), soft delete.
 */
export class RecordStore {
    private readonly tables = new Map<string, Map<string, SfRecord>>();
    private caseNumber = FIRST_CASE_NUMBER;

    constructor(
        private readonly ids: IdFactory,
        private readonly now: () => number,
        private readonly defaultCaseOwner: () => string,
    ) {
        this.reset();
    }

    reset(): void {
        this.tables.clear();
        for (const object of OBJECTS) this.tables.set(object.name, new Map());
        this.caseNumber = FIRST_CASE_NUMBER;
    }

    requireObject(name: string): ObjectDef {
        const object = findObject(name);
        if (!object) throw notFound();
        return object;
    }

    /** Live (or also deleted) records of an object, in insertion order. */
    all(objectName: string, includeDeleted = false): SfRecord[] {
        const table = this.tables.get(this.requireObject(objectName).name)!;
        return [...table.values()].filter((r) => includeDeleted || r['IsDeleted'] !== true);
    }

    get(objectName: string, id: string, includeDeleted = false): SfRecord | undefined {
        const object = this.requireObject(objectName);
        const id18 = to18(id);
        if (!id18) return undefined;
        const record = this.tables.get(object.name)!.get(id18);
        return record && (includeDeleted || record['IsDeleted'] !== true) ? record : undefined;
    }

    /** Any live record by id, with its object. */
    findById(id: string): { object: ObjectDef; record: SfRecord } | undefined {
        const id18 = to18(id);
        if (!id18) return undefined;
        const object = objectForKeyPrefix(id18.slice(0, 3));
        if (!object) return undefined;
        const record = this.tables.get(object.name)!.get(id18);
        return record && record['IsDeleted'] !== true ? { object, record } : undefined;
    }

    create(objectName: string, input: SfRecord, ctx: SaveContext): string {
        const object = this.requireObject(objectName);
        if (!object.createable && !ctx.trusted) {
            throw new SalesforceError(
                400,
                'INVALID_TYPE_FOR_OPERATION',
                `entity type ${object.name} does not support insert`,
            );
        }
        const values = this.validateInput(object, input, 'create', ctx);
        const id = this.ids.next(object.keyPrefix);
        const record: SfRecord = {};
        for (const field of object.fields) record[field.name] = field.defaultValue ?? null;
        Object.assign(record, values);
        record['Id'] = id;
        this.applySystemFields(object, record, ctx.userId, true);
        this.applyDerivedFields(object, record, undefined, ctx);
        this.checkRequired(object, record);
        this.checkReferences(object, values);
        this.checkUnique(object, record);
        this.tables.get(object.name)!.set(id, record);
        this.afterInsert(object, record, ctx);
        return id;
    }

    update(objectName: string, id: string, input: SfRecord, ctx: SaveContext): void {
        const object = this.requireObject(objectName);
        const existing = this.requireLive(object, id);
        const values = this.validateInput(object, input, 'update', ctx);
        const next: SfRecord = { ...existing, ...values };
        this.applySystemFields(object, next, ctx.userId, false);
        this.applyDerivedFields(object, next, existing, ctx);
        this.checkRequired(object, next);
        this.checkReferences(object, values);
        this.checkUnique(object, next);
        Object.assign(existing, next);
    }

    /** Upsert by an external id field: 'created' true when a new record was inserted. */
    upsert(
        objectName: string,
        fieldName: string,
        value: string,
        input: SfRecord,
        ctx: SaveContext,
    ): { id: string; created: boolean } {
        const object = this.requireObject(objectName);
        const field = findField(object, fieldName);
        if (!field || (!field.externalId && field.name !== 'Id')) {
            throw new SalesforceError(
                404,
                'NOT_FOUND',
                `Provided external ID field does not exist or is not accessible: ${fieldName}`,
            );
        }
        const matches = this.matchExternalId(object, field, value);
        if (matches.length > 1) {
            throw new SalesforceError(
                300,
                'MULTIPLE_CHOICES',
                `More than one record found for external id field ${field.name}`,
            );
        }
        const body: SfRecord = {};
        for (const [key, v] of Object.entries(input)) {
            if (findField(object, key)?.name !== field.name) body[key] = v;
        }
        const match = matches[0];
        if (match) {
            this.update(object.name, match['Id'] as string, body, ctx);
            return { id: match['Id'] as string, created: false };
        }
        if (field.name === 'Id') throw notFound();
        return { id: this.create(object.name, { ...body, [field.name]: value }, ctx), created: true };
    }

    findByExternalId(objectName: string, fieldName: string, value: string): SfRecord | undefined {
        const object = this.requireObject(objectName);
        const field = findField(object, fieldName);
        if (!field || (!field.externalId && field.name !== 'Id')) {
            throw new SalesforceError(
                404,
                'NOT_FOUND',
                `Provided external ID field does not exist or is not accessible: ${fieldName}`,
            );
        }
        return this.matchExternalId(object, field, value)[0];
    }

    delete(objectName: string, id: string): void {
        const object = this.requireObject(objectName);
        if (!object.deletable)
            throw new SalesforceError(
                400,
                'INVALID_TYPE_FOR_OPERATION',
                `entity type ${object.name} does not support delete`,
            );
        const record = this.requireLive(object, id);
        record['IsDeleted'] = true;
        record['SystemModstamp'] = formatDateTime(this.now());
    }

    /** Brings a deleted record back from the recycle bin. */
    undelete(objectName: string, id: string): void {
        const object = this.requireObject(objectName);
        const record = this.get(object.name, id, true);
        if (!record) throw notFound();
        if (record['IsDeleted'] !== true) throw recordError('UNDELETE_FAILED', 'Entity is not in the recycle bin');
        this.checkUnique(object, record);
        record['IsDeleted'] = false;
        record['SystemModstamp'] = formatDateTime(this.now());
    }

    private requireLive(object: ObjectDef, id: string): SfRecord {
        const id18 = to18(id);
        if (!id18 || id18.slice(0, 3) !== object.keyPrefix) {
            throw new SalesforceError(400, 'MALFORMED_ID', `${object.name} ID: id value of incorrect type: ${id}`);
        }
        const record = this.tables.get(object.name)!.get(id18);
        if (!record) throw notFound();
        if (record['IsDeleted'] === true) throw new SalesforceError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
        return record;
    }

    private validateInput(object: ObjectDef, input: SfRecord, mode: 'create' | 'update', ctx: SaveContext): SfRecord {
        const values: SfRecord = {};
        for (const [key, raw] of Object.entries(input)) {
            if (key === 'attributes') continue;
            const field = findField(object, key);
            if (!field)
                throw recordError('INVALID_FIELD', `No such column '${key}' on sobject of type ${object.name}`, [key]);
            const allowed = mode === 'create' ? field.createable : field.updateable;
            if (!allowed && !(ctx.trusted && field.name !== 'Id' && field.name !== 'Name')) {
                throw recordError(
                    'INVALID_FIELD_FOR_INSERT_UPDATE',
                    `Unable to create/update fields: ${field.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
                    [field.name],
                );
            }
            values[field.name] = coerceFieldValue(field, raw);
        }
        return values;
    }

    private checkRequired(object: ObjectDef, record: SfRecord): void {
        const missing = object.fields
            .filter((f) => f.required && (record[f.name] === null || record[f.name] === undefined))
            .map((f) => f.name);
        if (missing.length > 0)
            throw recordError(
                'REQUIRED_FIELD_MISSING',
                `Required fields are missing: [${missing.join(', ')}]`,
                missing,
            );
    }

    private checkReferences(object: ObjectDef, values: SfRecord): void {
        for (const [name, value] of Object.entries(values)) {
            const field = findField(object, name)!;
            if (field.type !== 'reference' || value === null) continue;
            const target = this.findById(value as string);
            if (!target || !field.referenceTo?.includes(target.object.name)) {
                throw recordError('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [field.name]);
            }
        }
    }

    private sameUniqueValue(field: FieldDef, a: unknown, b: unknown): boolean {
        if (typeof a !== 'string' || typeof b !== 'string') return false;
        return field.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
    }

    private checkUnique(object: ObjectDef, record: SfRecord): void {
        for (const field of object.fields) {
            if (!field.unique || record[field.name] === null || record[field.name] === undefined) continue;
            const clash = this.all(object.name).find(
                (other) =>
                    other['Id'] !== record['Id'] && this.sameUniqueValue(field, other[field.name], record[field.name]),
            );
            if (clash) {
                throw recordError(
                    'DUPLICATE_VALUE',
                    `duplicate value found: ${field.name} duplicates value on record with id: ${String(clash['Id'])}`,
                    [],
                );
            }
        }
    }

    private matchExternalId(object: ObjectDef, field: FieldDef, value: string): SfRecord[] {
        if (field.name === 'Id') {
            const record = this.get(object.name, value);
            return record ? [record] : [];
        }
        return this.all(object.name).filter((r) => {
            const stored = r[field.name];
            if (typeof stored !== 'string') return false;
            return field.caseSensitive ? stored === value : stored.toLowerCase() === value.toLowerCase();
        });
    }

    private applySystemFields(object: ObjectDef, record: SfRecord, userId: string, creating: boolean): void {
        const stamp = formatDateTime(this.now());
        const has = (name: string): boolean => object.fields.some((f) => f.name === name);
        if (creating) {
            record['IsDeleted'] = false;
            if (has('CreatedDate') && record['CreatedDate'] === null) record['CreatedDate'] = stamp;
            if (has('CreatedById') && record['CreatedById'] === null) record['CreatedById'] = userId;
        }
        if (has('LastModifiedDate')) record['LastModifiedDate'] = stamp;
        if (has('LastModifiedById')) record['LastModifiedById'] = userId;
        record['SystemModstamp'] = stamp;
        if (creating && has('OwnerId') && record['OwnerId'] === null) {
            record['OwnerId'] = object.name === 'Case' ? this.defaultCaseOwner() : userId;
        }
    }

    private applyDerivedFields(
        object: ObjectDef,
        record: SfRecord,
        before: SfRecord | undefined,
        ctx: SaveContext,
    ): void {
        switch (object.name) {
            case 'Case': {
                if (!before && record['CaseNumber'] === null) {
                    record['CaseNumber'] = String(this.caseNumber).padStart(8, '0');
                    this.caseNumber += 1;
                }
                if (record['Status'] === null) record['Status'] = 'New';
                const closed = record['Status'] === 'Closed';
                const wasClosed = before?.['IsClosed'] === true;
                record['IsClosed'] = closed;
                if (closed && !wasClosed && !(ctx.trusted && record['ClosedDate'] !== null && !before))
                    record['ClosedDate'] = formatDateTime(this.now());
                if (!closed) record['ClosedDate'] = null;
                return;
            }
            case 'Contact':
            case 'User':
                record['Name'] = [record['FirstName'], record['LastName']]
                    .filter((part) => typeof part === 'string' && part !== '')
                    .join(' ');
                return;
            case 'ContentVersion':
                if (!before) {
                    const path = String(record['PathOnClient'] ?? '');
                    const dot = path.lastIndexOf('.');
                    const extension = dot > 0 ? path.slice(dot + 1).toLowerCase() : '';
                    if (record['Title'] === null) record['Title'] = dot > 0 ? path.slice(0, dot) : path;
                    record['FileExtension'] = extension || null;
                    record['FileType'] = extension ? extension.toUpperCase() : 'UNKNOWN';
                    record['ContentSize'] = Buffer.from(String(record['VersionData'] ?? ''), 'base64').length;
                    record['IsLatest'] = true;
                }
                return;
            default:
                return;
        }
    }

    private afterInsert(object: ObjectDef, record: SfRecord, ctx: SaveContext): void {
        if (object.name !== 'ContentVersion') return;
        const documents = this.tables.get('ContentDocument')!;
        const existingDocumentId = record['ContentDocumentId'] as string | null;
        if (existingDocumentId) {
            // a new version of an existing document
            const versions = this.all('ContentVersion').filter(
                (v) => v['ContentDocumentId'] === existingDocumentId && v['Id'] !== record['Id'],
            );
            for (const v of versions) v['IsLatest'] = false;
            record['VersionNumber'] = String(versions.length + 1);
            const document = documents.get(existingDocumentId)!;
            Object.assign(document, {
                LatestPublishedVersionId: record['Id'],
                Title: record['Title'],
                FileExtension: record['FileExtension'],
                FileType: record['FileType'],
                ContentSize: record['ContentSize'],
            });
            return;
        }
        record['VersionNumber'] = '1';
        const documentId = this.create(
            'ContentDocument',
            {
                Title: record['Title'],
                LatestPublishedVersionId: record['Id'],
                FileExtension: record['FileExtension'],
                FileType: record['FileType'],
                ContentSize: record['ContentSize'],
                OwnerId: record['OwnerId'],
            },
            { userId: ctx.userId, trusted: true },
        );
        record['ContentDocumentId'] = documentId;
        this.create(
            'ContentDocumentLink',
            { ContentDocumentId: documentId, LinkedEntityId: record['OwnerId'], ShareType: 'I' },
            { userId: ctx.userId, trusted: true },
        );
        const location = record['FirstPublishLocationId'];
        if (typeof location === 'string' && location !== record['OwnerId']) {
            this.create(
                'ContentDocumentLink',
                { ContentDocumentId: documentId, LinkedEntityId: location, ShareType: 'V' },
                { userId: ctx.userId, trusted: true },
            );
        }
    }
}
