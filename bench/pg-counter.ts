/**
 * A counting TCP proxy in front of PostgreSQL: the API connects through it, and it counts
 * the SQL statements the API sends (simple `Query` and extended-protocol `Execute`
 * messages) and the time PostgreSQL spends answering (from the first message of a round
 * trip to its `ReadyForQuery`), so that a bench can print statements per request (an N+1
 * shows as a slope) and the server's time next to the SQL's. No SSL (the bench's URL).
 *
 * With `trace()` it also records every round trip (connection, start, end, statements,
 * the first SQL text) until `stop()`, so that a bench can split a request's time into the
 * SQL's, the API's between its statements, and the time before the first and after the last.
 */
import net from 'node:net';

/** One round trip on one connection: from its first message to PostgreSQL's `ReadyForQuery`. */
export interface RoundTrip {
  connection: number;
  start: number;
  end: number;
  statements: number;
  /** The first SQL text of the round trip (Parse or Query), for reading a trace. */
  sql: string;
}

export interface PgTrace {
  /** The round trips recorded since `trace()`, and stops recording. */
  stop(): RoundTrip[];
}

export interface PgCounter {
  port: number;
  statements: number;
  /** Milliseconds during which at least one statement of a connection was in PostgreSQL (summed over connections). */
  sqlMs: number;
  trace(): PgTrace;
  close(): Promise<void>;
}

/** Splits a byte stream into typed messages (type byte + int32 length), after an optional untyped start-up message. */
function messages(onMessage: (type: string, body: Buffer) => void, untypedFirst: boolean) {
  let buffer: Buffer = Buffer.alloc(0);
  let first = untypedFirst;
  return (chunk: Buffer) => {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
    for (;;) {
      if (first) {
        if (buffer.length < 4) return;
        const len = buffer.readInt32BE(0);
        if (buffer.length < len) return;
        buffer = buffer.subarray(len);
        first = false;
        continue;
      }
      if (buffer.length < 5) return;
      const len = buffer.readInt32BE(1);
      if (buffer.length < len + 1) return;
      onMessage(String.fromCharCode(buffer[0]), buffer.subarray(5, len + 1));
      buffer = buffer.subarray(len + 1);
    }
  };
}

/** The SQL text of a `Query` (text) or `Parse` (name, then text) message, shortened. */
function sqlOf(type: string, body: Buffer): string {
  let at = 0;
  if (type === 'P') at = body.indexOf(0) + 1;
  const end = body.indexOf(0, at);
  return body
    .subarray(at, Math.min(end < 0 ? body.length : end, at + 400))
    .toString()
    .replace(/\s+/g, ' ')
    .trim();
}

export async function startPgCounter(target: { host: string; port: number }): Promise<PgCounter> {
  const sockets = new Set<net.Socket>();
  let recording: RoundTrip[] | null = null;
  let connections = 0;
  const counter: PgCounter = {
    port: 0,
    statements: 0,
    sqlMs: 0,
    trace: () => {
      const trips: RoundTrip[] = [];
      recording = trips;
      return {
        stop: () => {
          if (recording === trips) recording = null;
          return trips;
        },
      };
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    // Both directions without Nagle's delay, as the API's own connection to PostgreSQL.
    if (process.env.PG_COUNTER_NAGLE !== '1') {
      client.setNoDelay(true);
      upstream.setNoDelay(true);
    }
    const connection = ++connections;
    sockets.add(client).add(upstream);
    let busySince: number | null = null;
    let trip: RoundTrip | null = null;
    const fromClient = messages((type, body) => {
      if (type === 'Q' || type === 'E') counter.statements += 1;
      if ((type === 'Q' || type === 'P' || type === 'B' || type === 'E') && busySince === null) {
        busySince = performance.now();
        trip = recording ? { connection, start: busySince, end: busySince, statements: 0, sql: '' } : null;
      }
      if (trip) {
        if (type === 'Q' || type === 'E') trip.statements += 1;
        if ((type === 'Q' || type === 'P') && trip.sql === '') trip.sql = sqlOf(type, body);
      }
    }, true);
    const fromServer = messages((type) => {
      if (type === 'Z' && busySince !== null) {
        const now = performance.now();
        counter.sqlMs += now - busySince;
        busySince = null;
        if (trip && recording) {
          trip.end = now;
          recording.push(trip);
        }
        trip = null;
      }
    }, false);
    client.on('data', (c: Buffer) => {
      fromClient(c);
      upstream.write(c);
    });
    upstream.on('data', (c: Buffer) => {
      fromServer(c);
      client.write(c);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  counter.port = (server.address() as net.AddressInfo).port;
  return counter;
}
