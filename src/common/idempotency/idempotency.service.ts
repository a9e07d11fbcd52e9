import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DomainError, validationFailed } from '../errors/domain-error';
import { canonicalJson } from '../util/canonical-json';

export interface IdempotentRequest {
  userId: string;
  /** The operation the key belongs to, e.g. `POST /proposals/:id/submit`. */
  operation: string;
  key: string;
  /** Everything that identifies the request (route parameters, body). */
  request: unknown;
}

export interface IdempotentResponse<T> {
  status: number;
  body: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

const KEY = /^[\x21-\x7e]{1,200}$/;

/** Checks the header value of `Idempotency-Key` (printable ASCII, 1–200 characters). */
export function assertIdempotencyKey(key: string): void {
  if (!KEY.test(key)) {
    throw validationFailed([{ path: 'Idempotency-Key', message: 'de 1 à 200 caractères ASCII imprimables' }]);
  }
}

/**
 * `Idempotency-Key` (P9), inside the command's transaction: replays of one key by one user
 * are serialized by a transaction-scoped advisory lock, then either get the stored answer
 * or run the command and store its answer in the same transaction. A command that rolls
 * back leaves no record, so its replay runs again.
 */
@Injectable()
export class IdempotencyService {
  async run<T>(
    em: EntityManager,
    req: IdempotentRequest,
    execute: () => Promise<{ status: number; body: T }>,
  ): Promise<IdempotentResponse<T>> {
    assertIdempotencyKey(req.key);
    const scopeKey = `${req.operation} ${req.key}`;
    const requestHash = createHash('sha256')
      .update(canonicalJson({ operation: req.operation, request: req.request }))
      .digest('hex');
    await em.query(`SELECT pg_advisory_xact_lock(hashtext($1 || ':' || $2))`, [req.userId, scopeKey]);
    // A statement of its own after the lock (READ COMMITTED: it sees a replay that committed while this one waited).
    const [previous] = await em.query<{ request_hash: string; response_status: number; response_body: T }[]>(
      `SELECT request_hash, response_status, response_body FROM idempotency_record WHERE user_id = $1 AND scope_key = $2`,
      [req.userId, scopeKey],
    );
    if (previous) {
      if (previous.request_hash !== requestHash) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', undefined, { operation: req.operation });
      }
      return { status: previous.response_status, body: previous.response_body, replayed: true };
    }
    const { status, body } = await execute();
    // The first answer is the stored one too (jsonb normalizes key order), so replays are byte-identical.
    const [stored] = await em.query<{ response_body: T }[]>(
      `INSERT INTO idempotency_record (user_id, scope_key, request_hash, response_status, response_body)
       VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING response_body`,
      [req.userId, scopeKey, requestHash, status, JSON.stringify(body)],
    );
    return { status, body: stored.response_body, replayed: false };
  }
}
