import type { FieldDef, ObjectDef } from './schema.js';
import { OBJECTS } from './schema.js';

/** Salesforce describe type names (the fake's FieldType matches them except 'id'). */
function describeField(field: FieldDef): Record<string, unknown> {
    return {
        name: field.name,
        label: field.name.replace(/__c$/, '').replace(/_/g, ' '),
        type: field.type,
        length: field.length ?? 0,
        nillable: !field.required && field.type !== 'boolean' && field.name !== 'Id',
        createable: field.createable,
        updateable: field.updateable,
        filterable: field.filterable,
        sortable: field.filterable,
        unique: field.unique ?? false,
        caseSensitive: field.caseSensitive ?? false,
        externalId: field.externalId ?? false,
        idLookup: field.name === 'Id' || (field.externalId ?? false),
        custom: field.name.endsWith('__c'),
        defaultValue: field.defaultValue ?? null,
        defaultedOnCreate: field.defaultValue !== undefined || !field.createable,
        picklistValues: (field.picklistValues ?? []).map((value) => ({
            active: true,
            defaultValue: value === field.defaultValue,
            label: value,
            validFor: null,
            value,
        })),
        referenceTo: field.referenceTo ?? [],
        relationshipName: field.relationshipName ?? null,
    };
}

function objectUrls(object: ObjectDef, version: string): Record<string, string> {
    const base = `/services/data/v${version}/sobjects/${object.name}`;
    return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

/** An object without its fields: an entry of describeGlobal, and the `objectDescribe` of `GET sobjects/{object}`. */
export function objectSummary(object: ObjectDef, version: string): Record<string, unknown> {
    return {
        name: object.name,
        label: object.label,
        keyPrefix: object.keyPrefix,
        createable: object.createable,
        updateable: object.updateable,
        deletable: object.deletable,
        queryable: true,
        custom: false,
        urls: objectUrls(object, version),
    };
}

export function describeGlobal(version: string): Record<string, unknown> {
    return {
        encoding: 'UTF-8',
        maxBatchSize: 200,
        sobjects: OBJECTS.map((object) => objectSummary(object, version)),
    };
}

export function describeObject(object: ObjectDef, version: string): Record<string, unknown> {
    return { ...objectSummary(object, version), fields: object.fields.map(describeField) };
}
