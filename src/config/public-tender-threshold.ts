import { isCalendarDate } from '../common/util/calendar-date';
import { montrealDate } from '../common/util/montreal-time';

/** One period of the public tender threshold (Conseil du trésor), bounds inclusive. */
export interface ThresholdPeriod {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD
  cents: number;
}

const PERIOD = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})=(\d+)$/;

/**
 * Parses `2024-01-01..2025-12-31=13380000;2026-01-01..2027-12-31=13900000`. Refuses an
 * unreadable entry, an impossible date, an inverted period and overlapping periods (the
 * threshold in force on a day must be unambiguous).
 */
export function parseThresholdTable(text: string): ThresholdPeriod[] {
  const periods = text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = PERIOD.exec(entry);
      if (!m) throw new Error(`période illisible « ${entry} » (attendu AAAA-MM-JJ..AAAA-MM-JJ=cents)`);
      const [, from, to, cents] = m;
      for (const day of [from, to]) {
        if (!isCalendarDate(day)) throw new Error(`date impossible « ${day} » dans « ${entry} »`);
      }
      if (from > to) throw new Error(`période inversée « ${entry} »`);
      return { from, to, cents: Number(cents) };
    });
  if (periods.length === 0) throw new Error('table vide');
  const sorted = [...periods].sort((a, b) => a.from.localeCompare(b.from));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].from <= sorted[i - 1].to) {
      throw new Error(
        `périodes qui se chevauchent « ${sorted[i - 1].from}..${sorted[i - 1].to} » et « ${sorted[i].from}..${sorted[i].to} »`,
      );
    }
  }
  return periods;
}

/** The threshold in force on a calendar day (America/Montreal). */
export function thresholdInForce(periods: ThresholdPeriod[], at: Date): ThresholdPeriod | undefined {
  const day = montrealDate(at);
  return periods.find((p) => p.from <= day && day <= p.to);
}
