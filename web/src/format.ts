// Québec formats: money « 52 173,91 $ », dates and times in Montréal time, in the page's language.
import type { Lang } from './i18n';

export const TIME_ZONE = 'America/Montreal';

const locale = (lang: Lang) => (lang === 'fr' ? 'fr-CA' : 'en-CA');

export function money(cents: number | null | undefined, lang: Lang): string {
  if (cents === null || cents === undefined) return '—';
  return new Intl.NumberFormat(locale(lang), { style: 'currency', currency: 'CAD' }).format(cents / 100);
}

export function dateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(lang), {
    // dateStyle/timeStyle cannot be combined with timeZoneName: the parts are spelt out.
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: TIME_ZONE,
    timeZoneName: 'short',
  }).format(new Date(iso));
}

export function date(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  // A calendar date (YYYY-MM-DD) is a Montréal day: format it at noon there so no zone shifts it.
  const d = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? new Date(`${iso}T12:00:00-05:00`) : new Date(iso);
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: 'long', timeZone: TIME_ZONE }).format(d);
}

/** Time left until an instant, in days/hours/minutes (null once passed). */
export function timeLeft(iso: string | null | undefined, now: number, lang: Lang): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso) - now;
  if (ms <= 0) return null;
  const minutes = Math.floor(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const units = lang === 'fr' ? { d: 'j', h: 'h', m: 'min' } : { d: 'd', h: 'h', m: 'min' };
  if (d > 0) return `${d} ${units.d} ${h} ${units.h}`;
  if (h > 0) return `${h} ${units.h} ${m} ${units.m}`;
  return `${m} ${units.m}`;
}

/** Dollars typed by a person (« 52 173,91 » or « 52173.91 ») to integer cents; null when unreadable. */
export function parseMoney(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0\u202f$]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

/** Cents to the text a money field shows (« 52173,91 » in French). */
export function moneyInput(cents: number | null | undefined, lang: Lang): string {
  if (cents === null || cents === undefined) return '';
  const s = (cents / 100).toFixed(2);
  return lang === 'fr' ? s.replace('.', ',') : s;
}

/** An ISO instant to the value of an <input type="datetime-local"> in Montréal time. */
export function toMontrealLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** A Montréal wall-clock time (datetime-local value) to an ISO instant with its offset. */
export function fromMontrealLocalInput(local: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return null;
  for (const offset of ['-05:00', '-04:00']) {
    const iso = `${local}:00${offset}`;
    if (toMontrealLocalInput(iso) === local) return iso;
  }
  return `${local}:00-05:00`;
}
