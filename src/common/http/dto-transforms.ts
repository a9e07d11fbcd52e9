import { Transform } from 'class-transformer';

/** Trims strings; lower-cases e-mail addresses so that uniqueness ignores case. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
export const NormalizeEmail = () =>
  Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
