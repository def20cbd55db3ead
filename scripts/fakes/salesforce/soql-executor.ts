import { parseDateTime } from './field-values.js';
import { to18 } from './ids.js';
import type { RecordStore, SfRecord } from './record-store.js';
import { findField, findObject, findRelationship } from './schema.js';
import type { FieldDef, ObjectDef } from './schema.js';
import { soqlError } from './soql-lexer.js';
import { parseSoql } from './soql-parser.js';
import type { Condition, FieldPath, Literal } from './soql-parser.js';

export interface QueryResult {
    totalSize: number;
    done: true;
    records: SfRecord[];
}

/** A field reference resolved against the schema. */
interface ResolvedField {
    /** the reference field on the queried object, for relationship paths */
    relationship?: FieldDef;
    /** the leaf field (on the queried object or on the first related object that has it) */
    field: FieldDef;
    /** canonical names: [field] or [relationshipName, field] */
    path: string[];
    pos: number;
}

type Category = 'text' | 'id' | 'boolean' | 'datetime' | 'date' | 'number' | 'binary';

function categoryOf(field: FieldDef): Category {
    switch (field.type) {
        case 'id':
        case 'reference':
            return 'id';
        case 'boolean':
            return 'boolean';
        case 'datetime':
            return 'datetime';
        case 'date':
            return 'date';
        case 'int':
        case 'double':
            return 'number';
        case 'base64':
            return 'binary';
        default:
            return 'text';
    }
}

const NO_SUCH_COLUMN_HINT =
    "If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.";

/** Runs the SOQL subset (docs/fakes.md) against the record store. */
export class SoqlExecutor {
    constructor(
        private readonly store: RecordStore,
        private readonly now: () => number,
    ) {}

    run(queryText: string, opts: { includeDeleted: boolean; apiVersion: string }): QueryResult {
        const query = parseSoql(queryText, this.now());
        const object = findObject(query.from.name);
        if (!object) {
            throw soqlError(
                'INVALID_TYPE',
                queryText,
                query.from.pos,
                `sObject type '${query.from.name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
            );
        }
        const resolve = (fp: FieldPath): ResolvedField => this.resolveField(queryText, object, fp);
        const selected = query.select === 'count' ? [] : query.select.map(resolve);
        if (query.where) this.checkCondition(queryText, object, query.where, resolve);
        const order = query.orderBy.map((item) => {
            const field = resolve(item.field);
            if (!field.field.filterable)
                throw soqlError(
                    'INVALID_FIELD',
                    queryText,
                    field.pos,
                    `field '${field.field.name}' can not be sorted in a query call`,
                );
            return { ...item, resolved: field };
        });
        if (object.name === 'ContentDocumentLink') this.enforceLinkFilter(queryText, query.where, resolve);

        let rows = this.store.all(object.name, opts.includeDeleted);
        if (query.where) {
            const where = query.where;
            rows = rows.filter((row) => this.matches(row, where, resolve));
        }
        if (order.length > 0) {
            rows = rows.slice().sort((a, b) => {
                for (const item of order) {
                    const result = compareForSort(
                        this.valueOf(a, item.resolved),
                        this.valueOf(b, item.resolved),
                        item.resolved.field,
                        item.nullsFirst,
                    );
                    if (result !== 0)
                        return item.descending &&
                            !isNullPair(this.valueOf(a, item.resolved), this.valueOf(b, item.resolved))
                            ? -result
                            : result;
                }
                return 0;
            });
        }
        if (query.offset !== undefined) rows = rows.slice(query.offset);
        if (query.limit !== undefined) rows = rows.slice(0, query.limit);
        if (query.select === 'count') return { totalSize: rows.length, done: true, records: [] };
        return {
            totalSize: rows.length,
            done: true,
            records: rows.map((row) => this.project(row, object, selected, opts.apiVersion)),
        };
    }

    private resolveField(query: string, object: ObjectDef, fp: FieldPath): ResolvedField {
        if (fp.path.length === 1) {
            const field = findField(object, fp.path[0]!);
            if (!field)
                throw soqlError(
                    'INVALID_FIELD',
                    query,
                    fp.pos,
                    `No such column '${fp.path[0]}' on entity '${object.name}'. ${NO_SUCH_COLUMN_HINT}`,
                );
            return { field, path: [field.name], pos: fp.pos };
        }
        if (fp.path.length > 2) {
            throw soqlError(
                'INVALID_FIELD',
                query,
                fp.pos,
                `the fake supports one relationship level only: '${fp.path.join('.')}'`,
            );
        }
        const relationship = findRelationship(object, fp.path[0]!);
        if (!relationship) {
            throw soqlError(
                'INVALID_FIELD',
                query,
                fp.pos,
                `Didn't understand relationship '${fp.path[0]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
            );
        }
        for (const targetName of relationship.referenceTo ?? []) {
            const target = findObject(targetName);
            const field = target ? findField(target, fp.path[1]!) : undefined;
            if (field) return { relationship, field, path: [relationship.relationshipName!, field.name], pos: fp.pos };
        }
        throw soqlError(
            'INVALID_FIELD',
            query,
            fp.pos,
            `No such column '${fp.path[1]}' on entity '${relationship.referenceTo?.[0] ?? ''}'. ${NO_SUCH_COLUMN_HINT}`,
        );
    }

    private related(row: SfRecord, relationship: FieldDef): { object: ObjectDef; record: SfRecord } | undefined {
        const id = row[relationship.name];
        return typeof id === 'string' ? this.store.findById(id) : undefined;
    }

    private valueOf(row: SfRecord, field: ResolvedField): unknown {
        if (!field.relationship) return row[field.field.name] ?? null;
        const target = this.related(row, field.relationship);
        if (!target) return null;
        const leaf = findField(target.object, field.field.name);
        return leaf ? (target.record[leaf.name] ?? null) : null;
    }

    private checkLiteral(query: string, field: ResolvedField, literal: Literal): void {
        if (literal.kind === 'null') return;
        const category = categoryOf(field.field);
        const name = field.field.name;
        const mismatch = (type: string, quoted: boolean): never => {
            throw soqlError(
                'INVALID_FIELD',
                query,
                literal.pos,
                `value of filter criterion for field '${name}' must be of type ${type} and should ${quoted ? '' : 'not '}be enclosed in quotes`,
            );
        };
        switch (category) {
            case 'text':
                if (literal.kind !== 'string') mismatch('string', true);
                return;
            case 'id':
                if (literal.kind !== 'string') return mismatch('id', true);
                if (!to18(literal.value))
                    throw soqlError(
                        'INVALID_QUERY_FILTER_OPERATOR',
                        query,
                        literal.pos,
                        `invalid ID field: ${literal.value}`,
                    );
                return;
            case 'boolean':
                if (literal.kind !== 'boolean') mismatch('boolean', false);
                return;
            case 'number':
                if (literal.kind !== 'number') mismatch('double', false);
                return;
            case 'datetime':
                if (literal.kind !== 'temporal' || literal.literalType === 'date') mismatch('dateTime', false);
                return;
            case 'date':
                if (literal.kind !== 'temporal' || literal.literalType === 'datetime') mismatch('date', false);
                return;
            case 'binary':
                mismatch('base64', false);
        }
    }

    private checkCondition(
        query: string,
        object: ObjectDef,
        condition: Condition,
        resolve: (fp: FieldPath) => ResolvedField,
    ): void {
        switch (condition.kind) {
            case 'and':
            case 'or':
                for (const part of condition.parts) this.checkCondition(query, object, part, resolve);
                return;
            case 'not':
                this.checkCondition(query, object, condition.inner, resolve);
                return;
            default: {
                const field = resolve(condition.field);
                if (!field.field.filterable)
                    throw soqlError(
                        'INVALID_FIELD',
                        query,
                        field.pos,
                        `field '${field.field.name}' can not be filtered in query call`,
                    );
                if (condition.kind === 'compare') this.checkLiteral(query, field, condition.value);
                if (condition.kind === 'in')
                    for (const value of condition.values) this.checkLiteral(query, field, value);
                if (condition.kind === 'like') {
                    if (categoryOf(field.field) !== 'text')
                        throw soqlError('INVALID_FIELD', query, field.pos, `invalid operator on id field`);
                    if (condition.pattern.kind !== 'string') this.checkLiteral(query, field, condition.pattern);
                }
            }
        }
    }

    /** Salesforce's rule: a ContentDocumentLink query must filter on ContentDocumentId or LinkedEntityId with = or IN. */
    private enforceLinkFilter(
        query: string,
        where: Condition | undefined,
        resolve: (fp: FieldPath) => ResolvedField,
    ): void {
        const conjuncts = where === undefined ? [] : where.kind === 'and' ? where.parts : [where];
        const ok = conjuncts.some((c) => {
            if (c.kind !== 'compare' && c.kind !== 'in') return false;
            if (c.kind === 'compare' && c.op !== '=') return false;
            if (c.kind === 'in' && c.negated) return false;
            const name = resolve(c.field).path.join('.');
            return name === 'ContentDocumentId' || name === 'LinkedEntityId';
        });
        if (!ok) {
            throw soqlError(
                'MALFORMED_QUERY',
                query,
                0,
                "Implementation restriction: ContentDocumentLink requires a filter by a single Id on ContentDocumentId or LinkedEntityId using the equals operator or multiple Id's using the IN operator.",
            );
        }
    }

    private matches(row: SfRecord, condition: Condition, resolve: (fp: FieldPath) => ResolvedField): boolean {
        switch (condition.kind) {
            case 'and':
                return condition.parts.every((part) => this.matches(row, part, resolve));
            case 'or':
                return condition.parts.some((part) => this.matches(row, part, resolve));
            case 'not':
                return !this.matches(row, condition.inner, resolve);
            case 'compare': {
                const field = resolve(condition.field);
                return compareValue(this.valueOf(row, field), field.field, condition.op, condition.value);
            }
            case 'in': {
                const field = resolve(condition.field);
                const value = this.valueOf(row, field);
                const hit = condition.values.some((literal) => compareValue(value, field.field, '=', literal));
                return condition.negated ? !hit : hit;
            }
            case 'like': {
                const field = resolve(condition.field);
                const value = this.valueOf(row, field);
                if (typeof value !== 'string' || condition.pattern.kind !== 'string') return false;
                return likeToRegExp(condition.pattern.value).test(value);
            }
        }
    }

    private project(row: SfRecord, object: ObjectDef, fields: ResolvedField[], apiVersion: string): SfRecord {
        const out: SfRecord = {
            attributes: {
                type: object.name,
                url: `/services/data/v${apiVersion}/sobjects/${object.name}/${String(row['Id'])}`,
            },
        };
        for (const field of fields) {
            if (!field.relationship) {
                out[field.field.name] = outputValue(row, field.field, apiVersion, object.name);
                continue;
            }
            const relName = field.relationship.relationshipName!;
            const target = this.related(row, field.relationship);
            if (!target) {
                out[relName] = null;
                continue;
            }
            let nested = out[relName] as SfRecord | null | undefined;
            if (!nested) {
                nested = {
                    attributes: {
                        type: target.object.name,
                        url: `/services/data/v${apiVersion}/sobjects/${target.object.name}/${String(target.record['Id'])}`,
                    },
                };
                out[relName] = nested;
            }
            const leaf = findField(target.object, field.field.name);
            nested[field.field.name] = leaf ? outputValue(target.record, leaf, apiVersion, target.object.name) : null;
        }
        return out;
    }
}

/** How a stored value appears in API output (blobs become their download URL, as in Salesforce). */
export function outputValue(record: SfRecord, field: FieldDef, apiVersion: string, objectName: string): unknown {
    const value = record[field.name] ?? null;
    if (field.type === 'base64' && value !== null)
        return `/services/data/v${apiVersion}/sobjects/${objectName}/${String(record['Id'])}/${field.name}`;
    return value;
}

function isNullPair(a: unknown, b: unknown): boolean {
    return a === null || b === null;
}

function temporalMs(value: unknown, field: FieldDef): number | undefined {
    if (typeof value !== 'string') return undefined;
    return field.type === 'date' ? Date.parse(`${value}T00:00:00Z`) : parseDateTime(value);
}

function compareForSort(a: unknown, b: unknown, field: FieldDef, nullsFirst: boolean): number {
    if (a === null && b === null) return 0;
    if (a === null) return nullsFirst ? -1 : 1;
    if (b === null) return nullsFirst ? 1 : -1;
    const category = categoryOf(field);
    if (category === 'datetime' || category === 'date')
        return (temporalMs(a, field) ?? 0) - (temporalMs(b, field) ?? 0);
    if (category === 'number') return (a as number) - (b as number);
    if (category === 'boolean') return Number(a) - Number(b);
    const left = String(a).toLowerCase();
    const right = String(b).toLowerCase();
    return left < right ? -1 : left > right ? 1 : 0;
}

function compareValue(value: unknown, field: FieldDef, op: string, literal: Literal): boolean {
    if (literal.kind === 'null') {
        if (op === '=') return value === null;
        if (op === '!=') return value !== null;
        return false;
    }
    if (value === null) return op === '!=';
    const category = categoryOf(field);
    let order: number;
    if (literal.kind === 'temporal') {
        const ms = temporalMs(value, field);
        if (ms === undefined) return false;
        // a literal is a range [start, end): equal when inside it
        switch (op) {
            case '=':
                return ms >= literal.start && ms < literal.end;
            case '!=':
                return !(ms >= literal.start && ms < literal.end);
            case '<':
                return ms < literal.start;
            case '<=':
                return ms < literal.end;
            case '>':
                return ms >= literal.end;
            case '>=':
                return ms >= literal.start;
            default:
                return false;
        }
    } else if (category === 'id') {
        const left = to18(String(value));
        const right = literal.kind === 'string' ? to18(literal.value) : undefined;
        order = left === right ? 0 : String(left) < String(right) ? -1 : 1;
    } else if (literal.kind === 'string') {
        const left = String(value).toLowerCase();
        const right = literal.value.toLowerCase();
        order = left === right ? 0 : left < right ? -1 : 1;
    } else if (literal.kind === 'number' || literal.kind === 'boolean') {
        const left = Number(value);
        const right = Number(literal.value);
        order = left === right ? 0 : left < right ? -1 : 1;
    } else {
        return false;
    }
    switch (op) {
        case '=':
            return order === 0;
        case '!=':
            return order !== 0;
        case '<':
            return order < 0;
        case '<=':
            return order <= 0;
        case '>':
            return order > 0;
        case '>=':
            return order >= 0;
        default:
            return false;
    }
}

/** SOQL LIKE: % any run, _ one char, \% and \_ literal; case-insensitive. */
function likeToRegExp(pattern: string): RegExp {
    let source = '';
    for (let i = 0; i < pattern.length; i += 1) {
        const ch = pattern.charAt(i);
        if (ch === '\\' && (pattern.charAt(i + 1) === '%' || pattern.charAt(i + 1) === '_')) {
            source += pattern.charAt(i + 1);
            i += 1;
        } else if (ch === '%') source += '[\\s\\S]*';
        else if (ch === '_') source += '[\\s\\S]';
        else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    return new RegExp(`^${source}$`, 'i');
}
