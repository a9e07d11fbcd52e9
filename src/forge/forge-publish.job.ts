import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ContractCommandsService } from '../contracts/contract-commands.service';
import { FORGE_PUBLISH_JOB } from '../contracts/forge-publication.seam';
import { JobRegistry } from '../jobs/job-registry';
import { backoffMs, JobContext, JobOutcome } from '../jobs/job.types';
import { ForgePublicationStore } from './forge-publication.store';
import { ForgePublisher } from './forge-publisher';
import { ForgeError } from './gitlab/forge-errors';
import { GitlabClient } from './gitlab/gitlab-client';

/** While another worker holds a contract's publication, ask again after this. */
const BUSY_RETRY_MS = 10_000;

/**
 * The `forge.publish` job (queued by acceptance, and by the admin retry). One run at a time
 * per contract, whatever the number of workers: a PostgreSQL advisory lock held by a
 * connection of its own (no transaction open), released by the database if the process
 * dies. Outcomes: done; `{ retryAfterMs }` for a throttled or unavailable forge; a
 * permanent failure (FAILED, reason stored, e-mails) when retrying cannot help.
 */
@Injectable()
export class ForgePublishJob implements OnModuleInit {
  private readonly logger = new Logger('Forge');

  constructor(
    private readonly registry: JobRegistry,
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly store: ForgePublicationStore,
    private readonly publisher: ForgePublisher,
    private readonly contracts: ContractCommandsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(FORGE_PUBLISH_JOB, { handle: (payload, context) => this.run(payload.contractId, context) });
  }

  async run(contractId: string, context: Pick<JobContext, 'attempt' | 'maxAttempts'>): Promise<JobOutcome> {
    const { FORGE_URL, FORGE_TOKEN } = this.config;
    if (!FORGE_URL || !FORGE_TOKEN) {
      // Nothing to publish to: the publication stays PENDING; an admin retries once configured.
      this.logger.warn(
        `Contrat ${contractId} : forge non configurée (FORGE_URL, FORGE_TOKEN), publication en attente.`,
      );
      return 'done';
    }
    return this.exclusively(contractId, async () => {
      const r = await this.store.record(contractId);
      if (!r) return { permanentFailure: `Contrat introuvable / contract not found: ${contractId}` };
      if (r.status !== 'ACCEPTED') {
        // Published already (a crash after the transition): the notice is idempotent.
        if (r.publicationStatus === 'DONE' && r.result) await this.store.notifyDone(r, r.result);
        return 'done';
      }
      await this.store.start(contractId);
      const client = new GitlabClient({
        baseUrl: FORGE_URL,
        token: FORGE_TOKEN,
        policy: { baseDelayMs: this.config.FORGE_RETRY_BASE_MS },
      });
      try {
        const result = await this.publisher.publish(r, client, FORGE_TOKEN);
        await this.contracts.markPublished(contractId, result);
        await this.store.notifyDone(r, result);
        return 'done';
      } catch (e) {
        const message = (e as Error).message ?? String(e);
        const permanent = e instanceof ForgeError && e.kind === 'permanent';
        if (permanent || context.attempt >= context.maxAttempts) {
          this.logger.warn(`Contrat ${r.contractReference} : publication en échec : ${message}`);
          await this.store.fail(r, message);
          return { permanentFailure: message };
        }
        await this.store.noteRetry(contractId, message);
        if (e instanceof ForgeError) return { retryAfterMs: e.retryAfterMs ?? backoffMs(context.attempt) };
        throw e;
      }
    });
  }

  private async exclusively(contractId: string, body: () => Promise<JobOutcome>): Promise<JobOutcome> {
    // PGlite is one session in one process: nothing to exclude.
    if (this.config.usesEmbeddedDatabase) return body();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(
        `SELECT pg_try_advisory_lock(hashtext('forge.publish'), hashtext($1)) AS locked`,
        [contractId],
      );
      if (!locked) return { retryAfterMs: BUSY_RETRY_MS };
      try {
        return await body();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock(hashtext('forge.publish'), hashtext($1))`, [contractId]);
      }
    } finally {
      await runner.release();
    }
  }
}
