/**
 * A counting TCP proxy in front of PostgreSQL: the API connects through it, and it counts
 * the SQL statements the API sends (simple `Query` and extended-protocol `Execute`
 * messages) and the time PostgreSQL spends answering (from the first message of a round
 * trip to its `ReadyForQuery`), so that a bench can print statements per request (an N+1
 * shows as a slope) and the server's time next to the SQL's. No SSL (the bench's URL).
 */
import net from 'node:net';

export interface PgCounter {
  port: number;
  statements: number;
  /** Milliseconds during which at least one statement of a connection was in PostgreSQL (summed over connections). */
  sqlMs: number;
  close(): Promise<void>;
}

/** Splits a byte stream into typed messages (type byte + int32 length), after an optional untyped start-up message. */
function messages(onMessage: (type: string) => void, untypedFirst: boolean) {
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
      onMessage(String.fromCharCode(buffer[0]));
      buffer = buffer.subarray(len + 1);
    }
  };
}

export async function startPgCounter(target: { host: string; port: number }): Promise<PgCounter> {
  const sockets = new Set<net.Socket>();
  const counter: PgCounter = {
    port: 0,
    statements: 0,
    sqlMs: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    sockets.add(client).add(upstream);
    let busySince: number | null = null;
    const fromClient = messages((type) => {
      if (type === 'Q' || type === 'E') counter.statements += 1;
      if ((type === 'Q' || type === 'P' || type === 'B' || type === 'E') && busySince === null)
        busySince = performance.now();
    }, true);
    const fromServer = messages((type) => {
      if (type === 'Z' && busySince !== null) {
        counter.sqlMs += performance.now() - busySince;
        busySince = null;
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
