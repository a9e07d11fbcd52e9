import type { Pool, PoolClient } from 'pg';

/** Bytes per buffer handed on: what PostgreSQL sends is copied into buffers of this size. */
export const COPY_BATCH_BYTES = 256 * 1024;

interface CopyDataMessage {
  chunk: Buffer;
}

/**
 * Runs one `COPY (…) TO STDOUT` on a connection of the pool and returns what PostgreSQL sent,
 * as Buffers of about COPY_BATCH_BYTES, then gives the connection back.
 *
 * Why not rows: node-postgres turns every field of every row into a JavaScript string, and at
 * export volume those strings, referenced from the driver's row objects, outlive young-
 * generation collections and fill the old generation with garbage that only a full GC frees
 * (200 000 releases: ~440 MB of RSS growth under Jest). COPY data arrives as bytes (CopyData
 * messages, `Buffer` views of the socket data), copied here into off-heap buffers: no string per
 * row, nothing for the V8 heap to promote. The caller bounds the statement (a keyset segment),
 * so the whole answer is held briefly and the connection is never held while a slow client reads.
 *
 * A "submittable" of node-postgres (an object with `submit` and the `handle*` callbacks the
 * client calls for the active query).
 */
export async function copyOut(pool: Pool, sql: string): Promise<Buffer[]> {
  const client: PoolClient = await pool.connect();
  let broken: Error | undefined;
  try {
    return await new Promise<Buffer[]>((resolve, reject) => {
      const buffers: Buffer[] = [];
      let batch = Buffer.allocUnsafe(COPY_BATCH_BYTES);
      let used = 0;
      let failure: Error | undefined;
      const flush = () => {
        if (used === 0) return;
        buffers.push(batch.subarray(0, used));
        batch = Buffer.allocUnsafe(COPY_BATCH_BYTES);
        used = 0;
      };
      const submittable = {
        submit(connection: { query(text: string): void }) {
          connection.query(sql);
        },
        handleCopyData(message: CopyDataMessage) {
          // The chunk is a view of the driver's parse buffer, which it reuses: copy it now.
          const chunk = message.chunk;
          if (used + chunk.length > COPY_BATCH_BYTES) flush();
          if (chunk.length > COPY_BATCH_BYTES) buffers.push(Buffer.from(chunk));
          else used += chunk.copy(batch, used);
        },
        handleError(error: Error & { severity?: string }) {
          failure = error;
          // A server error is followed by ReadyForQuery; a connection error is not.
          if (!error.severity) {
            broken = error;
            reject(error);
          }
        },
        handleReadyForQuery() {
          flush();
          if (failure) reject(failure);
          else resolve(buffers);
        },
        handleCommandComplete() {},
        handleRowDescription() {},
        handleDataRow() {},
        handleEmptyQuery() {},
        handlePortalSuspended() {},
        handleCopyInResponse() {},
      };
      client.query(submittable as never);
    });
  } finally {
    client.release(broken);
  }
}
