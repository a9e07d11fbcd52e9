/**
 * Where the time goes during a load: samples `pg_stat_activity` of one database every
 * SAMPLE_MS from its own connection and classifies each backend of the API (lock waits on
 * the audit chain head, other lock waits, WAL and commit, PostgreSQL CPU, transaction open
 * while PostgreSQL waits for the API, idle in the pool), plus how often every connection of
 * the API's pool was busy (a request arriving then waits for the pool). CPU seconds of a
 * process come from /proc (Linux), to split the machine's time between the API and
 * PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { Client } from 'pg';

const SAMPLE_MS = 20;

export type WaitClass =
  | 'verrou de tête d’audit'
  | 'autre verrou'
  | 'WAL / validation'
  | 'CPU PostgreSQL'
  | 'transaction ouverte, attente de l’API'
  | 'autre attente';

export interface ActivityReport {
  samples: number;
  /** Backend-samples per class (one backend seen once = 1). */
  byClass: Record<WaitClass, number>;
  /** Share of samples where all `poolSize` connections were in a transaction or a query. */
  poolSaturated: number;
  /** Mean busy connections. */
  meanBusy: number;
}

function classify(r: {
  state: string;
  wait_event_type: string | null;
  wait_event: string | null;
  query: string;
}): WaitClass | null {
  if (r.state === 'idle') return null;
  if (r.wait_event_type === 'Lock') return /audit_chain_head/.test(r.query) ? 'verrou de tête d’audit' : 'autre verrou';
  if (r.wait_event_type === 'IO' && /WAL/.test(r.wait_event ?? '')) return 'WAL / validation';
  if (r.wait_event_type === 'IPC' && /SyncRep|ProcArrayGroup|XactGroup/.test(r.wait_event ?? ''))
    return 'WAL / validation';
  if (r.wait_event_type === 'LWLock' && /WAL/.test(r.wait_event ?? '')) return 'WAL / validation';
  if (r.state === 'idle in transaction' && r.wait_event === 'ClientRead')
    return 'transaction ouverte, attente de l’API';
  if (r.state === 'active' && r.wait_event_type === null) return 'CPU PostgreSQL';
  return 'autre attente';
}

/** Starts sampling `database` (connection `url`); `stop()` returns the report. */
export async function sampleActivity(url: string, poolSize: number): Promise<() => Promise<ActivityReport>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const byClass: Record<WaitClass, number> = {
    'verrou de tête d’audit': 0,
    'autre verrou': 0,
    'WAL / validation': 0,
    'CPU PostgreSQL': 0,
    'transaction ouverte, attente de l’API': 0,
    'autre attente': 0,
  };
  let samples = 0;
  let saturated = 0;
  let busySum = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      const { rows } = await client.query<{
        state: string;
        wait_event_type: string | null;
        wait_event: string | null;
        query: string;
      }>(
        `SELECT state, wait_event_type, wait_event, query FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
            AND application_name NOT LIKE 'bench%'`,
      );
      samples += 1;
      let busy = 0;
      for (const r of rows) {
        const c = classify(r);
        if (c) {
          byClass[c] += 1;
          busy += 1;
        }
      }
      busySum += busy;
      if (busy >= poolSize) saturated += 1;
      await new Promise((r) => setTimeout(r, Math.max(0, SAMPLE_MS - (Date.now() - started))));
    }
  })();
  return async () => {
    running = false;
    await loop;
    await client.end();
    return {
      samples,
      byClass,
      poolSaturated: samples ? saturated / samples : 0,
      meanBusy: samples ? busySum / samples : 0,
    };
  };
}

/** User + system CPU seconds of a process (Linux /proc; 0 elsewhere). */
export function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of the line; 12 and 13 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of every other backend serving `database` now (pg_stat_activity pids, /proc): not the caller's own. */
export async function backendCpuSeconds(client: Client): Promise<Map<number, number>> {
  const { rows } = await client.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
  );
  return new Map(rows.map((r) => [r.pid, cpuSeconds(r.pid)]));
}
