import { ValidateBy } from 'class-validator';

/** `YYYY-MM-DD` naming a day that exists (no 30 February), from 1900 on. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** DTO field: a calendar day (`YYYY-MM-DD`) that exists. */
export const IsCalendarDate = () =>
  ValidateBy(
    { name: 'isCalendarDate', validator: { validate: (v: unknown) => typeof v === 'string' && isCalendarDate(v) } },
    { message: 'date invalide (format AAAA-MM-JJ attendu)' },
  );
