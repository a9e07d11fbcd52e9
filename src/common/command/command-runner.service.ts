import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AuditSealer } from '../../audit/audit-sealer.service';
import { AuditEntry, AuditService } from '../../audit/audit.service';
import { JobRequest } from '../../jobs/job.types';
import { OutboxRelay } from '../../jobs/outbox-relay.service';
import { OutboxRepository } from '../../jobs/outbox.repository';
import { CommandContext } from '../auth/actor';
import { runWrites, SqlWrite } from '../util/sql-writes';
import { ReleaseRequest, ReleaseTag, ReleaseWriter } from './release-seam';

/** What a command body gets: its transaction, and the audit and job records it must write. */
export class CommandScope {
  readonly auditEntries: AuditEntry[] = [];
  readonly jobs: JobRequest[] = [];
  readonly releases: ReleaseRequest[] = [];
  readonly lastWrites: SqlWrite[] = [];

  constructor(
    readonly em: EntityManager,
    readonly context: CommandContext,
  ) {}

  audit(entry: AuditEntry): void {
    this.auditEntries.push(entry);
  }

  enqueue(job: JobRequest): void {
    this.jobs.push(job);
  }

  /**
   * A write run in the command's last statement, with its releases, jobs and audit events
   * (one round trip less): only a row that nothing in the command reads afterwards and whose
   * values are known now (a history row, the idempotency record). It sees the database as
   * the statements before left it, and the other writes of that statement do not see it.
   */
  writeAtCommit(write: SqlWrite): void {
    this.lastWrites.push(write);
  }

  /** The release seam: a state change of `entityType`/`entityId` that the OCDS release of `ocid` describes. */
  release(ocid: string, tags: readonly ReleaseTag[], entityType: string, entityId: string): void {
    this.releases.push({ ocid, tags, entityType, entityId });
  }
}

/**
 * Runs one command as one transaction: the body's writes, its audit events (unsealed: the
 * sealer chains them after commit, AuditSealer) and its jobs (outbox rows) commit or roll
 * back together. Jobs are relayed and events sealed only after commit.
 */
@Injectable()
export class CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly sealer: AuditSealer,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelay,
    private readonly releaseWriter: ReleaseWriter,
  ) {}

  async run<T>(context: CommandContext, body: (scope: CommandScope) => Promise<T>): Promise<T> {
    let recordedJobs = false;
    const work = async (em: EntityManager) => {
      const scope = new CommandScope(em, context);
      const value = await body(scope);
      if (scope.auditEntries.length === 0) {
        throw new Error('A command must record at least one audit event');
      }
      const releases = await this.releaseWriter.insertions(em, scope.releases);
      // The releases, the writes left for the end, the jobs and the audit events in one
      // statement: none reads what the others write.
      const actor = {
        actorId: context.actor?.id ?? null,
        actorRole: context.actor?.role ?? null,
        requestId: context.requestId,
      };
      await runWrites(em, [
        ...releases,
        ...scope.lastWrites,
        this.outbox.insertion(scope.jobs),
        this.audit.appending(actor, scope.auditEntries),
      ]);
      recordedJobs = scope.jobs.length > 0;
      return value;
    };
    // The request's transaction when it opened one on arrival (early-transaction.ts), else a new one.
    const early = context.early?.claim();
    const result = early ? await this.inTransaction(early, work) : await this.dataSource.transaction(work);
    this.sealer.nudge();
    if (recordedJobs) this.relay.nudge();
    return result;
  }

  /** What DataSource.transaction does, on a transaction already begun: commit, or roll back; release. */
  private async inTransaction<T>(runner: QueryRunner, work: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      const value = await work(runner.manager);
      await runner.commitTransaction();
      return value;
    } catch (e) {
      try {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
      } catch {
        // The connection failed; the original error is the one to report.
      }
      throw e;
    } finally {
      await runner.release();
    }
  }
}
