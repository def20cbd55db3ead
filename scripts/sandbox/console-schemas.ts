/**
 * The JSON schemas the sandbox console's routes (chat and voice) validate their input with: which agent acts, and
 * which Case a path names.
 */
import { CASE_ID } from './console-service.js';

/** The acting agent's user id. */
export const AGENT_ID = { type: 'string', maxLength: 18 } as const;

/** A Case id (15 or 18 characters, prefix 500). */
export const CASE_ID_FIELD = { type: 'string', pattern: CASE_ID.source } as const;

/** A body or query string that names only the acting agent. */
export const AGENT_ONLY = {
    type: 'object',
    required: ['agent'],
    properties: { agent: AGENT_ID },
} as const;

/** Path parameters that name only a Case. */
export const CASE_ID_PARAMS = {
    type: 'object',
    required: ['caseId'],
    properties: { caseId: CASE_ID_FIELD },
} as const;
