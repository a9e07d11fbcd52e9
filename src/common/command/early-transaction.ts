import { Injectable, NestMiddleware } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { DataSource, QueryRunner } from 'typeorm';

/**
 * What must happen before the early transaction opens because it may call the network: the
 * request-rate counter (Redis). Provided by the auth module (ApiRateLimitGuard), which then
 * does not count the request a second time. Throws the refusal (RATE_LIMITED).
 */
export interface BeforeEarlyTransaction {
  countBeforeTransaction(req: Request, res: Response): Promise<void>;
}
export const BEFORE_EARLY_TRANSACTION = Symbol('BEFORE_EARLY_TRANSACTION');

const EARLY = Symbol('early command transaction');

type WithEarly = Request & { [EARLY]?: EarlyTransaction };

/**
 * A command's transaction opened when its request arrives, before authentication: its
 * `now()` (the time of its BEGIN) is then the request's arrival on the database clock, and
 * everything before the command body (the account and session lookup, validation) happens
 * inside it, holding no row lock. The request-rate counter, a Redis call, runs just before
 * BEGIN (no network call inside a transaction). Used where that time decides the rule:
 * a submission racing the deadline (P2, docs/benchmarks.md § deadline-surge). The command
 * (CommandRunner) takes it over once; whatever it did not commit is rolled back and the
 * connection returned when the response ends, whatever happened.
 */
export class EarlyTransaction {
  private claimed = false;
  private ending = false;

  constructor(readonly runner: QueryRunner) {}

  /** Still usable before the command (the account lookup): not taken by a command, not ending. */
  get open(): boolean {
    return !this.claimed && !this.ending && !this.runner.isReleased && this.runner.isTransactionActive;
  }

  /**
   * The transaction for the command, which then commits or rolls it back and releases it;
   * null once taken (a second command gets its own) or once the response has ended.
   */
  claim(): QueryRunner | null {
    if (!this.open) return null;
    this.claimed = true;
    return this.runner;
  }

  /** The response has ended: rolls back what no command took over, and returns the connection. */
  async end(): Promise<void> {
    this.ending = true;
    if (this.claimed) return; // the command's own runner ends it
    try {
      if (!this.runner.isReleased && this.runner.isTransactionActive) await this.runner.rollbackTransaction();
    } finally {
      if (!this.runner.isReleased) await this.runner.release();
    }
  }
}

/** The request's early transaction, if one was opened and is not finished. */
export function earlyTransactionOf(req: Request | undefined): EarlyTransaction | undefined {
  return req ? (req as WithEarly)[EARLY] : undefined;
}

/** The routes whose command decides on its arrival time: POST …/proposals/:id/submit. */
const EARLY_ROUTES = /\/proposals\/[^/]+\/submit\/?$/;

/**
 * Opens the early transaction for the routes above (Nest middleware: before the guards).
 * Other requests pass untouched.
 */
@Injectable()
export class EarlyTransactionMiddleware implements NestMiddleware {
  constructor(
    private readonly dataSource: DataSource,
    private readonly modules: ModuleRef,
  ) {}

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    if (req.method !== 'POST' || !EARLY_ROUTES.test(req.path)) return next();
    const runner = this.dataSource.createQueryRunner();
    try {
      await this.modules
        .get<BeforeEarlyTransaction>(BEFORE_EARLY_TRANSACTION, { strict: false })
        .countBeforeTransaction(req, res);
    } catch (e) {
      return next(e);
    }
    try {
      await runner.connect();
      await runner.startTransaction();
    } catch (e) {
      if (!runner.isReleased) await runner.release();
      return next(e);
    }
    const early = new EarlyTransaction(runner);
    (req as WithEarly)[EARLY] = early;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      delete (req as WithEarly)[EARLY];
      early.end().catch(() => undefined);
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  }
}
