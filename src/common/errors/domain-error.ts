import { ERROR_CATALOGUE, ErrorCode } from './error-codes';

/**
 * The one exception services throw. The global filter turns it into the api.md envelope;
 * services never throw HTTP exceptions.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message ?? ERROR_CATALOGUE[code].message);
    this.name = 'DomainError';
  }

  static notFound(entity?: string): DomainError {
    return new DomainError('NOT_FOUND', undefined, entity ? { entity } : undefined);
  }

  static forbidden(message?: string): DomainError {
    return new DomainError('FORBIDDEN', message);
  }
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** At most this many fields are listed in a 400 answer; `details.omittedFields` counts the rest. */
export const MAX_LISTED_FIELDS = 20;

export function validationFailed(fields: FieldProblem[], message?: string): DomainError {
  if (fields.length <= MAX_LISTED_FIELDS) return new DomainError('VALIDATION_FAILED', message, { fields });
  return new DomainError('VALIDATION_FAILED', message, {
    fields: fields.slice(0, MAX_LISTED_FIELDS),
    omittedFields: fields.length - MAX_LISTED_FIELDS,
  });
}
