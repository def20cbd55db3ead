import { SalesforceError, recordError } from './errors.js';
import { to18 } from './ids.js';
import type { FieldDef } from './schema.js';

/** Salesforce's JSON datetime format: 2026-11-20T10:00:00.000+0000 */
export function formatDateTime(ms: number): string {
    return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Parses an ISO-8601 datetime the way the API accepts it (Z, ±hh:mm or ±hhmm offsets). */
export function parseDateTime(text: string): number | undefined {
    const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
    if (!match) return undefined;
    let zone = match[3] ?? 'Z';
    if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const ms = Date.parse(`${match[1]}T${match[2]}${zone}`);
    return Number.isNaN(ms) ? undefined : ms;
}

const EMAIL =
    /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function parserError(field: FieldDef, value: unknown, typeName: string): SalesforceError {
    const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
    return new SalesforceError(
        400,
        'JSON_PARSER_ERROR',
        `Cannot deserialize instance of ${typeName} from ${Array.isArray(value) ? 'START_ARRAY' : typeof value === 'object' ? 'START_OBJECT' : 'VALUE'} value ${shown} for field ${field.name}`,
    );
}

function textValue(field: FieldDef, value: unknown): string | null {
    if (typeof value === 'number' || typeof value === 'boolean') value = String(value);
    if (typeof value !== 'string') throw parserError(field, value, 'string');
    return value === '' ? null : value;
}

/**
 * Converts a JSON value sent for `field` into the stored form, enforcing type, length, email and
 * restricted-picklist rules. Returns null for null/empty values. Reference existence is checked by the store.
 */
export function coerceFieldValue(field: FieldDef, value: unknown): unknown {
    if (value === null) return null;
    switch (field.type) {
        case 'boolean':
            if (typeof value === 'boolean') return value;
            if (value === 'true' || value === 'false') return value === 'true';
            throw parserError(field, value, 'boolean');
        case 'int':
        case 'double':
            if (typeof value === 'number' && Number.isFinite(value))
                return field.type === 'int' ? Math.trunc(value) : value;
            throw parserError(field, value, field.type === 'int' ? 'int' : 'double');
        case 'datetime': {
            if (typeof value !== 'string') throw parserError(field, value, 'datetime');
            const ms = parseDateTime(value);
            if (ms === undefined) throw parserError(field, value, 'datetime');
            return formatDateTime(ms);
        }
        case 'date':
            if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
                throw parserError(field, value, 'date');
            return value;
        case 'base64': {
            if (typeof value !== 'string' || !/^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/.test(value))
                throw parserError(field, value, 'base64');
            return value.replace(/[\r\n]/g, '');
        }
        case 'id':
        case 'reference': {
            const text = textValue(field, value);
            if (text === null) return null;
            const id18 = to18(text);
            if (!id18) {
                const label = field.name.endsWith('Id') ? `${field.name.slice(0, -2)} ID` : field.name;
                throw recordError('MALFORMED_ID', `${label}: id value of incorrect type: ${text}`, [field.name]);
            }
            return id18;
        }
        case 'string':
        case 'textarea':
        case 'phone':
        case 'url':
        case 'email':
        case 'picklist':
        case 'multipicklist': {
            const text = textValue(field, value);
            if (text === null) return null;
            if (field.length !== undefined && text.length > field.length) {
                throw recordError(
                    'STRING_TOO_LONG',
                    `${field.name}: data value too large: ${text.slice(0, 40)}${text.length > 40 ? '...' : ''} (max length=${field.length})`,
                    [field.name],
                );
            }
            if (field.type === 'email' && !EMAIL.test(text)) {
                throw recordError('INVALID_EMAIL_ADDRESS', `${field.name}: invalid email address: ${text}`, [
                    field.name,
                ]);
            }
            if (field.type === 'picklist' && field.picklistValues && !field.picklistValues.includes(text)) {
                throw recordError(
                    'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                    `${field.name}: bad value for restricted picklist field: ${text}`,
                    [field.name],
                );
            }
            return text;
        }
    }
}
