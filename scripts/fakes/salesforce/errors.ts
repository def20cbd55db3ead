/**
 * A Salesforce REST error, answered as `[{message, errorCode, fields?}]` with `status`.
 * `fields` is present on record (DML) errors, as Salesforce does, and absent on others.
 */
export class SalesforceError extends Error {
    constructor(
        readonly status: number,
        readonly errorCode: string,
        message: string,
        readonly fields?: string[],
    ) {
        super(message);
        this.name = 'SalesforceError';
    }

    toBody(): Array<{ message: string; errorCode: string; fields?: string[] }> {
        const entry: { message: string; errorCode: string; fields?: string[] } = {
            message: this.message,
            errorCode: this.errorCode,
        };
        if (this.fields !== undefined) entry.fields = this.fields;
        return [entry];
    }
}

export const notFound = (): SalesforceError =>
    new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const invalidSession = (): SalesforceError =>
    new SalesforceError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');

/** A DML (record) error: always 400 with a fields list. */
export const recordError = (errorCode: string, message: string, fields: string[] = []): SalesforceError =>
    new SalesforceError(400, errorCode, message, fields);
