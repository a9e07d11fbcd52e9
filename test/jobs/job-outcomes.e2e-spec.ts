import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { DataSource } from 'typeorm';
import { SYSTEM_CONTEXT } from '../../src/common/auth/actor';
import { CommandRunner } from '../../src/common/command/command-runner.service';
import { JobRegistry } from '../../src/jobs/job-registry';
import { JobOutcome } from '../../src/jobs/job.types';
import { unique } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_REDIS_URL } from '../support/test-database';
import { waitFor } from '../support/wait';

const SCRIPTED_JOB = 'testjobs.scripted';

/** What the handler answers at each attempt: 'done', 'throw', 'permanent:<reason>' or 'retry-after:<ms>'. */
type Step = 'done' | 'throw' | `permanent:${string}` | `retry-after:${number}`;

declare module '../../src/jobs/job-catalogue' {
  interface JobCatalogue {
    [SCRIPTED_JOB]: { steps: Step[] };
  }
}

interface Run {
  jobId: string;
  attempt: number;
  /** When the run started, by the database clock (not Node's). */
  at: Date;
}

/** A handler that follows its payload's script and records each run with the database time. */
function scriptedJobsModule(runs: Run[]) {
  @Module({})
  class ScriptedJobsModule implements OnModuleInit {
    constructor(
      @Inject(JobRegistry) private readonly registry: JobRegistry,
      @Inject(DataSource) private readonly dataSource: DataSource,
    ) {}

    onModuleInit(): void {
      this.registry.declare([SCRIPTED_JOB]);
      this.registry.register(SCRIPTED_JOB, {
        handle: async ({ steps }, context): Promise<JobOutcome> => {
          const [{ at }] = await this.dataSource.query<{ at: Date }[]>(`SELECT clock_timestamp() AS at`);
          runs.push({ jobId: context.jobId, attempt: context.attempt, at });
          const step = steps[Math.min(context.attempt, steps.length) - 1];
          if (step === 'throw') throw new Error(`échec voulu, tentative ${context.attempt}`);
          if (step.startsWith('permanent:')) return { permanentFailure: step.slice('permanent:'.length) };
          if (step.startsWith('retry-after:')) return { retryAfterMs: Number(step.slice('retry-after:'.length)) };
          return 'done';
        },
      });
    }
  }
  return ScriptedJobsModule;
}

interface OutboxRow {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

describe.each([
  ['BullMQ on Redis', true],
  ['in-process driver', false],
])('Handler outcomes (%s)', (_label, redis) => {
  const runs: Run[] = [];
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ label: 'joboutcomes', redis, imports: [scriptedJobsModule(runs)] });
  });

  afterAll(async () => {
    await t?.close();
  });

  const runsOf = (jobId: string) => runs.filter((r) => r.jobId === jobId);

  async function enqueue(steps: Step[], maxAttempts: number): Promise<string> {
    const jobId = `scripted:${unique('job')}`;
    await t.app.get(CommandRunner).run(SYSTEM_CONTEXT, async (scope) => {
      scope.audit({ action: 'testjobs.command', entityType: 'test', entityId: jobId });
      scope.enqueue({ name: SCRIPTED_JOB, payload: { steps }, jobId, maxAttempts });
    });
    return jobId;
  }

  async function outboxRow(jobId: string): Promise<OutboxRow> {
    const [row] = await t.dataSource.query<OutboxRow[]>(
      `SELECT id, status, attempts, last_error AS "lastError" FROM job_outbox WHERE job_id = $1`,
      [jobId],
    );
    return row;
  }

  const settled = (jobId: string, status: 'done' | 'failed') =>
    waitFor(
      `job ${jobId} to be ${status}`,
      async () => {
        const row = await outboxRow(jobId);
        return row?.status === status ? row : undefined;
      },
      { timeoutMs: 20_000 },
    );

  /** BullMQ's own record of the job (its id is the outbox row id). */
  async function bullmqJob(id: string) {
    const connection = new IORedis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('testjobs', { connection, prefix: t.config.BULLMQ_PREFIX });
    try {
      const job = await queue.getJob(id);
      return { state: await job?.getState(), failedReason: job?.failedReason };
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }

  it('waits at least the asked delay before the next attempt, then runs it', async () => {
    // 2.5 s: longer than the backoff after a first failure (1 s), so a driver ignoring it fails.
    const jobId = await enqueue(['retry-after:2500', 'done'], 5);
    await settled(jobId, 'done');
    const [first, second] = runsOf(jobId);
    expect(runsOf(jobId).map((r) => r.attempt)).toEqual([1, 2]);
    expect(second.at.getTime() - first.at.getTime()).toBeGreaterThanOrEqual(2500);
    expect(await outboxRow(jobId)).toMatchObject({ status: 'done', attempts: 2, lastError: null });
  });

  it('shows the retry in the outbox while it waits: due then, with why', async () => {
    const jobId = await enqueue(['retry-after:4000', 'done'], 5);
    const waiting = await waitFor('the first run to be recorded', async () => {
      const [row] = await t.dataSource.query(
        `SELECT status, attempts, last_error AS "lastError",
                EXTRACT(EPOCH FROM (run_at - now())) * 1000 AS "dueInMs" FROM job_outbox WHERE job_id = $1`,
        [jobId],
      );
      return row?.attempts === 1 ? row : undefined;
    });
    expect(waiting).toMatchObject({
      status: redis ? 'relayed' : 'pending',
      lastError: 'Nouvel essai demandé dans 4000 ms / retry requested in 4000 ms',
    });
    expect(Number(waiting.dueInMs)).toBeGreaterThan(2000);
    expect(runsOf(jobId)).toHaveLength(1);
    await settled(jobId, 'done');
    expect(runsOf(jobId)).toHaveLength(2);
  });

  it('fails a permanent failure at once, with its reason, and never runs it again', async () => {
    const jobId = await enqueue(['permanent:Jeton refusé (401)', 'done'], 5);
    const row = await settled(jobId, 'failed');
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: 'Jeton refusé (401)' });
    // Longer than the first backoff (1 s) and a few relay passes: no second run.
    const later = await enqueue(['done'], 1);
    await settled(later, 'done');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(runsOf(jobId)).toHaveLength(1);
    expect(await outboxRow(jobId)).toEqual(row);
    if (redis) expect(await bullmqJob(row.id)).toEqual({ state: 'failed', failedReason: 'Jeton refusé (401)' });
  });

  it('counts a retry-after as an attempt: asked on the last attempt, the job fails with why', async () => {
    const jobId = await enqueue(['retry-after:200', 'retry-after:200'], 2);
    const row = await settled(jobId, 'failed');
    expect(row.attempts).toBe(2);
    expect(row.lastError).toBe(
      'Abandon après 2 tentative(s) / gave up after 2 attempt(s): Nouvel essai demandé dans 200 ms / retry requested in 200 ms',
    );
    expect(runsOf(jobId).map((r) => r.attempt)).toEqual([1, 2]);
  });

  it('keeps a thrown error a retry with the backoff, mixed with retry-afters, within one budget', async () => {
    const jobId = await enqueue(['retry-after:300', 'throw', 'done'], 3);
    await settled(jobId, 'done');
    const [a, b, c] = runsOf(jobId);
    expect(runsOf(jobId).map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(b.at.getTime() - a.at.getTime()).toBeGreaterThanOrEqual(300);
    // The backoff after attempt 2 is 2 s.
    expect(c.at.getTime() - b.at.getTime()).toBeGreaterThanOrEqual(2000);
    expect(await outboxRow(jobId)).toMatchObject({ status: 'done', attempts: 3 });
  });
});
