/**
 * Calendar arithmetic in the America/Montreal time zone (domain.md §1: "date arithmetic in
 * days uses America/Montreal"). Pure functions over instants; DST-safe: adding N days keeps
 * the wall-clock time, whatever the offset change in between.
 */
export const MONTREAL_TZ = 'America/Montreal';

const HOUR_MS = 3_600_000;

export interface WallClock {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: MONTREAL_TZ,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall-clock reading in Montréal at an instant. */
export function montrealWallClock(instant: Date): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    millisecond: instant.getUTCMilliseconds(),
  };
}

const asUtc = (w: WallClock) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.millisecond);

/** Offset of Montréal from UTC at an instant, in ms (−5 h in winter, −4 h in summer). */
function offsetAt(instantMs: number): number {
  return asUtc(montrealWallClock(new Date(instantMs))) - instantMs;
}

const sameWallClock = (a: WallClock, b: WallClock) => asUtc(a) === asUtc(b);

/**
 * The instant at which Montréal clocks read `wall` (fields may overflow: day 32 is the next
 * month). A time that happens twice (autumn) gives the later instant; a time skipped by the
 * spring change is pushed forward by the gap (02:30 → 03:30 EDT). Both choices never shorten
 * a period counted from the result.
 */
export function fromMontrealWallClock(wall: WallClock): Date {
  const local = asUtc(wall);
  const d = new Date(local); // normalizes overflowing fields (day 32, hour 24…)
  const target: WallClock = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
  const before = offsetAt(local - 12 * HOUR_MS);
  const after = offsetAt(local + 12 * HOUR_MS);
  const candidates = [local - before, local - after].filter((ms) =>
    sameWallClock(montrealWallClock(new Date(ms)), target),
  );
  if (candidates.length > 0) return new Date(Math.max(...candidates));
  return new Date(local - before); // in the spring gap: the pre-change offset lands after it
}

/** `instant` plus `days` calendar days in Montréal, at the same wall-clock time. */
export function addMontrealDays(instant: Date, days: number): Date {
  if (days === 0) return new Date(instant.getTime());
  const wall = montrealWallClock(instant);
  return fromMontrealWallClock({ ...wall, day: wall.day + days });
}

/** The Montréal calendar date of an instant, `YYYY-MM-DD`. */
export function montrealDate(instant: Date): string {
  const w = montrealWallClock(instant);
  return `${String(w.year).padStart(4, '0')}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The Montréal calendar year of an instant (references are numbered per year). */
export function montrealYear(instant: Date): number {
  return montrealWallClock(instant).year;
}
