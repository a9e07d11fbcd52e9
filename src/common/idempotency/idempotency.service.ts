import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { CommandScope } from '../command/command-runner.service';
import { DomainError, validationFailed } from '../errors/domain-error';
import { canonicalJson } from '../util/canonical-json';
import { SqlParams } from '../util/sql-params';

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

const scopeKeyOf = (req: Pick<IdempotentRequest, 'operation' | 'key'>) => `${req.operation} ${req.key}`;

/**
 * `Idempotency-Key` (P9), inside the command's transaction: replays of one key by one user
 * are serialized by a transaction-scoped advisory lock, then either get the stored answer
 * or run the command and store its answer in the same transaction (in its last statement).
 * A command that rolls back leaves no record, so its replay runs again. The answer is stored
 * as the JSON text sent (`json`, not `jsonb`), so a replay is byte-identical to the first.
 */
@Injectable()
export class IdempotencyService {
  /**
   * The key's advisory lock as an SQL expression, for a read the caller makes before `run`
   * (one round trip less); then `run(…, { locked: true })`. The lookup stays a statement of
   * its own after that read, so that it sees a replay that committed while this one waited.
   */
  lockSql(req: Pick<IdempotentRequest, 'userId' | 'operation' | 'key'>, params: SqlParams): string {
    assertIdempotencyKey(req.key);
    return `pg_advisory_xact_lock(hashtext(${params.add(req.userId)}::text || ':' || ${params.add(scopeKeyOf(req))}::text))`;
  }

  async run<T>(
    scope: CommandScope,
    req: IdempotentRequest,
    execute: () => Promise<{ status: number; body: T }>,
    { locked = false }: { locked?: boolean } = {},
  ): Promise<IdempotentResponse<T>> {
    const { em } = scope;
    assertIdempotencyKey(req.key);
    const scopeKey = scopeKeyOf(req);
    const requestHash = createHash('sha256')
      .update(canonicalJson({ operation: req.operation, request: req.request }))
      .digest('hex');
    if (!locked) {
      const params = new SqlParams();
      await em.query(`SELECT ${this.lockSql(req, params)}`, params.values);
    }
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
    scope.writeAtCommit({
      sql: `INSERT INTO idempotency_record (user_id, scope_key, request_hash, response_status, response_body)
            VALUES ($1, $2, $3, $4, $5::json)`,
      params: [req.userId, scopeKey, requestHash, status, JSON.stringify(body)],
    });
    return { status, body, replayed: false };
  }
}
