/** One period of the public tender threshold (Conseil du trésor), bounds inclusive. */
export interface ThresholdPeriod {
  from: string; // YYYY-MM-DD
  to: string; // YYYY-MM-DD
  cents: number;
}

const PERIOD = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})=(\d+)$/;

/** Parses `2024-01-01..2025-12-31=13380000;2026-01-01..2027-12-31=13900000`. */
export function parseThresholdTable(text: string): ThresholdPeriod[] {
  const periods = text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const m = PERIOD.exec(entry);
      if (!m) throw new Error(`période illisible « ${entry} » (attendu AAAA-MM-JJ..AAAA-MM-JJ=cents)`);
      const [, from, to, cents] = m;
      if (from > to) throw new Error(`période inversée « ${entry} »`);
      return { from, to, cents: Number(cents) };
    });
  if (periods.length === 0) throw new Error('table vide');
  return periods;
}

/** The threshold in force on a calendar day (America/Montreal). */
export function thresholdInForce(periods: ThresholdPeriod[], at: Date): ThresholdPeriod | undefined {
  const day = montrealDate(at);
  return periods.find((p) => p.from <= day && day <= p.to);
}

export function montrealDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Montreal',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
