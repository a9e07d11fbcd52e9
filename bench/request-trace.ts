/**
 * Where one request's time goes, from the counting proxy's round trips (bench/pg-counter.ts)
 * recorded between sending the request and reading the whole answer:
 * - SQL: time PostgreSQL spent on the request's round trips (summed over connections);
 * - before: from sending the request to its first round trip (HTTP parsing, guards,
 *   authentication before its first query, pool checkout);
 * - between: the gaps between consecutive round trips of the connection that carried most
 *   of them (the API's own work while it holds the transaction: TypeORM, hydration, rules);
 * - after: from the last round trip to the end of the answer (serialisation, the response).
 */
import type { RoundTrip } from './pg-counter';

export interface RequestSplit {
  serverMs: number;
  sqlMs: number;
  statements: number;
  roundTrips: number;
  connections: number;
  beforeMs: number;
  betweenMs: number;
  afterMs: number;
  /** The longest gap between two round trips, and the SQL text that follows it. */
  longestGapMs: number;
  longestGapBefore: string;
}

export function splitRequest(t0: number, t1: number, trips: readonly RoundTrip[]): RequestSplit {
  const mine = trips.filter((t) => t.start >= t0 && t.end <= t1);
  const perConnection = new Map<number, RoundTrip[]>();
  for (const t of mine) perConnection.set(t.connection, [...(perConnection.get(t.connection) ?? []), t]);
  const main = [...perConnection.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  let betweenMs = 0;
  let longestGapMs = 0;
  let longestGapBefore = '';
  for (let i = 1; i < main.length; i++) {
    const gap = main[i].start - main[i - 1].end;
    betweenMs += gap;
    if (gap > longestGapMs) [longestGapMs, longestGapBefore] = [gap, main[i].sql];
  }
  const first = Math.min(...mine.map((t) => t.start));
  const last = Math.max(...mine.map((t) => t.end));
  return {
    serverMs: t1 - t0,
    sqlMs: mine.reduce((a, t) => a + (t.end - t.start), 0),
    statements: mine.reduce((a, t) => a + t.statements, 0),
    roundTrips: mine.length,
    connections: perConnection.size,
    beforeMs: mine.length ? first - t0 : t1 - t0,
    betweenMs,
    afterMs: mine.length ? t1 - last : 0,
    longestGapMs,
    longestGapBefore: longestGapBefore.slice(0, 120),
  };
}

/** The mean of several requests' splits (the longest gap: the largest one seen). */
export function meanSplit(splits: readonly RequestSplit[]): RequestSplit {
  const n = splits.length;
  const mean = (k: keyof RequestSplit) => splits.reduce((a, s) => a + (s[k] as number), 0) / n;
  const worst = [...splits].sort((a, b) => b.longestGapMs - a.longestGapMs)[0];
  return {
    serverMs: mean('serverMs'),
    sqlMs: mean('sqlMs'),
    statements: mean('statements'),
    roundTrips: mean('roundTrips'),
    connections: mean('connections'),
    beforeMs: mean('beforeMs'),
    betweenMs: mean('betweenMs'),
    afterMs: mean('afterMs'),
    longestGapMs: worst.longestGapMs,
    longestGapBefore: worst.longestGapBefore,
  };
}
