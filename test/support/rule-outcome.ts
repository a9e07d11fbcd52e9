import { DomainError } from '../../src/common/errors/domain-error';

/** The error a rule throws (code and details), or null when it passes. */
export function outcome(fn: () => void): { code: string; details?: Record<string, unknown> } | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { code: e.code, details: e.details };
  }
}

/** The code a rule throws, or 'OK' when it passes (for table-driven rule specs). */
export const codeOf = (fn: () => void) => outcome(fn)?.code ?? 'OK';
