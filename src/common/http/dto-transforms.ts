import { Transform } from 'class-transformer';
import { normalizeEmail } from '../../users/email-identity';

/** Trims strings; e-mail addresses in their normal form (NFKC, lower case: see users/email-identity.ts). */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
export const NormalizeEmail = () =>
  Transform(({ value }) => (typeof value === 'string' ? normalizeEmail(value) : value));
