/**
 * Per-item validation of a batch request (`/v1/groups/sync`, `/v1/cases/sync`): only the envelope is refused with 400;
 * each item is checked on its own, so one malformed item is answered `VALIDATION_FAILED` naming its field while the
 * others still apply (a 400 for the whole batch would make Salesforce's retry resend the same poisoned batch forever).
 */

type Raw = Record<string, unknown>;

export class ItemValidationError extends Error {
    constructor(
        readonly field: string,
        message: string,
    ) {
        super(`${field} ${message}`);
    }
}

/** Throws an ItemValidationError: `field` is the JSON path, `message` what is wrong with it. */
export function failItem(field: string, message: string): never {
    throw new ItemValidationError(field, message);
}

export type BatchEntry<Valid, Invalid> = { valid: Valid } | { invalid: Invalid };

/**
 * Validates each item of `items` (named `${list}[i]`), refusing an id that repeats in the request; `rejected` shapes the
 * per-item answer of an invalid one. Errors other than ItemValidationError propagate.
 */
export function validateBatchItems<Valid, Invalid>(
    items: readonly Raw[],
    spec: {
        list: string;
        idField: string;
        validate: (raw: Raw, path: string) => Valid;
        idOf: (valid: Valid) => string;
        rejected: (raw: Raw, error: ItemValidationError) => Invalid;
    },
): Array<BatchEntry<Valid, Invalid>> {
    const seen = new Set<string>();
    return items.map((raw, i) => {
        const path = `${spec.list}[${i}]`;
        try {
            const valid = spec.validate(raw, path);
            const id = spec.idOf(valid);
            if (seen.has(id)) failItem(`${path}.${spec.idField}`, 'appears more than once in this request');
            seen.add(id);
            return { valid };
        } catch (err) {
            if (!(err instanceof ItemValidationError)) throw err;
            return { invalid: spec.rejected(raw, err) };
        }
    });
}

/** A string property of a raw item, cut to `max` characters, for echoing back in an invalid item's answer. */
export function echoed(raw: Raw, key: string, max: number): string | undefined {
    const value = raw[key];
    return typeof value === 'string' ? value.slice(0, max) : undefined;
}
