import { SYSTEM_CONTEXT } from '../../src/common/auth/actor';
import { CommandRunner } from '../../src/common/command/command-runner.service';
import { backoffMs, JobRequest } from '../../src/jobs/job.types';
import { JobDriver } from '../../src/jobs/job-driver';
import { JOB_DRIVER } from '../../src/jobs/outbox-relay.service';
import { OutboxRepository } from '../../src/jobs/outbox.repository';
import { PrivateRedis } from '../support/private-redis';
import { JobRecorder, recordingJobsModule, recordJob } from '../support/recording-jobs';
import { unique } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

interface OutboxRow {
  status: string;
  attempts: number;
  lastError: string | null;
}

/** Deterministic ids look like `<purpose>:<key>`, as a module would build them. */
const jobIdFor = (purpose: string) => `${purpose}:${unique('cle')}`;

interface JobPath {
  t: TestApp;
  recorder: JobRecorder;
}

/** The scenarios every driver must pass: same handlers, retries and job ids (stack.md). */
function describeJobPath(path: () => JobPath, options: { timeoutMs: number }) {
  const { timeoutMs } = options;

  /** One command: an audit event, the jobs, and optionally a failure after enqueuing them. */
  async function command(jobs: JobRequest[], failAfterEnqueue = false): Promise<void> {
    await path()
      .t.app.get(CommandRunner)
      .run(SYSTEM_CONTEXT, async (scope) => {
        scope.audit({
          action: 'testjobs.command',
          entityType: 'test',
          entityId: null,
          data: { jobIds: jobs.map((j) => j.jobId) },
        });
        for (const job of jobs) scope.enqueue(job);
        if (failAfterEnqueue) throw new Error('échec voulu après enqueue');
      });
  }

  async function outboxRows(jobId: string): Promise<OutboxRow[]> {
    return path().t.dataSource.query(
      `SELECT status, attempts, last_error AS "lastError" FROM job_outbox WHERE job_id = $1`,
      [jobId],
    );
  }

  const settled = (jobId: string, status: 'done' | 'failed') =>
    waitFor(`job ${jobId} to be ${status}`, async () => (await outboxRows(jobId)).find((r) => r.status === status), {
      timeoutMs,
    });

  /** A fresh job that must run and be done: after it, the relay has passed over earlier work. */
  async function runMarkerJob(): Promise<void> {
    const marker = jobIdFor('marker');
    await command([recordJob(marker)]);
    await settled(marker, 'done');
  }

  it('runs a committed job once, with its deterministic id, and marks it done', async () => {
    const jobId = jobIdFor('simple');
    const payload = { note: 'é', nested: { n: 1, list: ['a', null] } };
    await command([recordJob(jobId, payload)]);
    await settled(jobId, 'done');
    expect(path().recorder.runsOf(jobId)).toEqual([expect.objectContaining({ jobId, attempt: 1, ok: true, payload })]);
    expect(await outboxRows(jobId)).toEqual([{ status: 'done', attempts: 1, lastError: null }]);
  });

  it('never runs the job of a command that rolls back', async () => {
    const jobId = jobIdFor('rolled-back');
    await expect(command([recordJob(jobId)], true)).rejects.toThrow('échec voulu après enqueue');
    expect(await outboxRows(jobId)).toEqual([]);
    await runMarkerJob();
    expect(await outboxRows(jobId)).toEqual([]);
    expect(path().recorder.runsOf(jobId)).toEqual([]);
  });

  it('runs a job id enqueued twice (in one command, in two commands, and after it ran) once', async () => {
    const jobId = jobIdFor('twice');
    await command([recordJob(jobId), recordJob(jobId)]);
    await command([recordJob(jobId)]);
    await settled(jobId, 'done');
    await command([recordJob(jobId)]);
    await runMarkerJob();
    expect(path().recorder.runsOf(jobId)).toHaveLength(1);
    expect(await outboxRows(jobId)).toEqual([{ status: 'done', attempts: 1, lastError: null }]);
  });

  it('retries with backoff: two failures then success is 3 runs and done; always failing ends failed after maxAttempts', async () => {
    const flaky = jobIdFor('flaky');
    const broken = jobIdFor('broken');
    await command([
      recordJob(flaky, { failTimes: 2 }, { maxAttempts: 5 }),
      recordJob(broken, { alwaysFail: true }, { maxAttempts: 3 }),
    ]);
    await Promise.all([settled(flaky, 'done'), settled(broken, 'failed')]);

    const { recorder } = path();
    expect(recorder.runsOf(flaky).map((r) => [r.attempt, r.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(await outboxRows(flaky)).toEqual([{ status: 'done', attempts: 3, lastError: null }]);
    expect(recorder.runsOf(broken).map((r) => [r.attempt, r.ok])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(await outboxRows(broken)).toEqual([
      { status: 'failed', attempts: 3, lastError: 'échec voulu, tentative 3' },
    ]);

    // The waits between attempts follow backoffMs (1 s, then 2 s), give or take clock jitter.
    for (const jobId of [flaky, broken]) {
      const at = recorder.runsOf(jobId).map((r) => r.at);
      expect(at[1] - at[0]).toBeGreaterThanOrEqual(backoffMs(1) - 100);
      expect(at[2] - at[1]).toBeGreaterThanOrEqual(backoffMs(2) - 100);
    }

    // A failed job stays failed: no fourth attempt.
    await runMarkerJob();
    expect(recorder.runsOf(broken)).toHaveLength(3);
  });
}

// First in the file: BullMQ's own timers of a forced close (up to ~6 s) run out while the
// other suites run, so the Jest worker exits cleanly.
describe('Job outbox on BullMQ: stopping while Redis is gone', () => {
  let redis: PrivateRedis;
  let t: TestApp | undefined;

  afterAll(async () => {
    // Redis back first, so that every module of the app can close normally.
    if (redis && !redis.running) await redis.start();
    await t?.close();
    await redis?.kill();
  });

  it('stops the job driver promptly instead of waiting for Redis forever', async () => {
    redis = await PrivateRedis.start();
    t = await startTestApp({
      label: 'jobsshutdown',
      env: { REDIS_URL: redis.url },
      imports: [recordingJobsModule(new JobRecorder())],
    });
    const driver = t.app.get<JobDriver>(JOB_DRIVER);
    expect(driver.kind).toBe('bullmq');
    await redis.kill();
    const started = Date.now();
    await driver.stop();
    expect(Date.now() - started).toBeLessThan(5_000);
  }, 30_000);
});

describe('Job outbox on BullMQ (a private Redis the test can kill)', () => {
  let redis: PrivateRedis;
  let jobPath: JobPath;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    const recorder = new JobRecorder();
    const t = await startTestApp({
      label: 'jobsbullmq',
      env: { REDIS_URL: redis.url, OUTBOX_REQUEUE_AFTER_MS: '1000' },
      imports: [recordingJobsModule(recorder)],
    });
    jobPath = { t, recorder };
  });

  afterAll(async () => {
    await jobPath?.t.close();
    await redis?.kill();
  });

  it('uses the BullMQ driver', async () => {
    const ready = await jobPath.t.http().get('/health/ready').expect(200);
    expect(ready.body.checks).toEqual({ database: 'up', queue: 'up', queueDriver: 'bullmq' });
  });

  describeJobPath(() => jobPath, { timeoutMs: 15_000 });

  it('keeps the job of a command committed while Redis is down, and runs it once Redis is back', async () => {
    const { t, recorder } = jobPath;
    const commands = t.app.get(CommandRunner);
    const committed = jobIdFor('during-outage');
    const rolledBack = jobIdFor('rolled-back-during-outage');
    const outbox = async (jobId: string): Promise<OutboxRow | undefined> =>
      (
        await t.dataSource.query(
          `SELECT status, attempts, last_error AS "lastError" FROM job_outbox WHERE job_id = $1`,
          [jobId],
        )
      )[0];

    await redis.kill();
    await t.http().get('/health/ready').expect(503);

    await commands.run(SYSTEM_CONTEXT, async (scope) => {
      scope.audit({ action: 'testjobs.command', entityType: 'test', entityId: committed });
      scope.enqueue(recordJob(committed));
    });
    await expect(
      commands.run(SYSTEM_CONTEXT, async (scope) => {
        scope.audit({ action: 'testjobs.command', entityType: 'test', entityId: rolledBack });
        scope.enqueue(recordJob(rolledBack));
        throw new Error('échec voulu après enqueue');
      }),
    ).rejects.toThrow('échec voulu');

    // The command committed (its audit event is there) and the relay tried and gave the job back.
    const audited = await t.dataSource.query(`SELECT action FROM audit_event WHERE entity_id = ANY($1)`, [
      [committed, rolledBack],
    ]);
    expect(audited).toEqual([{ action: 'testjobs.command' }]);
    const waiting = await waitFor('the relay to fail on Redis and give the job back', async () => {
      const row = await outbox(committed);
      return row?.status === 'pending' && row.lastError ? row : undefined;
    });
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0 });
    expect(recorder.runsOf(committed)).toEqual([]);

    await redis.start();
    await waitFor('the job to be done once Redis is back', async () => (await outbox(committed))?.status === 'done', {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    expect(await outbox(committed)).toEqual({ status: 'done', attempts: 1, lastError: null });
    expect(recorder.runsOf(committed)).toEqual([expect.objectContaining({ attempt: 1, ok: true })]);
    await t.http().get('/health/ready').expect(200);

    // Later work still flows; the rolled-back command's job never existed and never ran.
    const after = jobIdFor('after-outage');
    await commands.run(SYSTEM_CONTEXT, async (scope) => {
      scope.audit({ action: 'testjobs.command', entityType: 'test', entityId: after });
      scope.enqueue(recordJob(after));
    });
    await waitFor('a later job to be done', async () => (await outbox(after))?.status === 'done', {
      timeoutMs: 15_000,
    });
    expect(recorder.runsOf(committed)).toHaveLength(1);
    expect(recorder.runsOf(rolledBack)).toEqual([]);
    expect(await outbox(rolledBack)).toBeUndefined();
  }, 60_000);

  it('runs once a job Redis held but lost in a restart (nothing kept on disk)', async () => {
    const { t, recorder } = jobPath;
    const jobId = jobIdFor('lost-in-restart');
    const status = async () =>
      (await t.dataSource.query(`SELECT status FROM job_outbox WHERE job_id = $1`, [jobId]))[0]?.status as
        string | undefined;

    // Due in 3 s: handed to Redis (as a delayed job) at once, run only later.
    await t.app.get(CommandRunner).run(SYSTEM_CONTEXT, async (scope) => {
      scope.audit({ action: 'testjobs.command', entityType: 'test', entityId: jobId });
      scope.enqueue(recordJob(jobId, {}, { runAt: new Date(Date.now() + 3000) }));
    });
    await waitFor('the job to be handed to Redis', async () => (await status()) === 'relayed');

    await redis.kill();
    await redis.start();
    const restartedAt = Date.now();
    expect(recorder.runsOf(jobId)).toEqual([]);

    await waitFor('the lost job to be handed over again and done', async () => (await status()) === 'done', {
      timeoutMs: 20_000,
      intervalMs: 100,
    });
    expect(recorder.runsOf(jobId)).toEqual([expect.objectContaining({ attempt: 1, ok: true })]);
    expect(recorder.runsOf(jobId)[0].at).toBeGreaterThanOrEqual(restartedAt);
  }, 60_000);

  it('keeps one attempt budget when Redis loses a job waiting for its retry', async () => {
    const { t, recorder } = jobPath;
    const jobId = jobIdFor('lost-during-retry');
    const row = async () =>
      (
        await t.dataSource.query(
          `SELECT status, attempts, last_error AS "lastError" FROM job_outbox WHERE job_id = $1`,
          [jobId],
        )
      )[0] as OutboxRow | undefined;

    // Every run asks to be retried 4 s later; three runs at most.
    await t.app.get(CommandRunner).run(SYSTEM_CONTEXT, async (scope) => {
      scope.audit({ action: 'testjobs.command', entityType: 'test', entityId: jobId });
      scope.enqueue(recordJob(jobId, { alwaysFail: true, retryAfterMs: 4000 }, { maxAttempts: 3 }));
    });
    await waitFor('the first run to be recorded', async () => (await row())?.attempts === 1);

    // Redis loses the delayed retry; the relay hands the job over again once it is overdue.
    await redis.kill();
    await redis.start();
    await waitFor('the job to fail after its budget', async () => (await row())?.status === 'failed', {
      timeoutMs: 40_000,
      intervalMs: 200,
    });
    expect(recorder.runsOf(jobId).map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(await row()).toEqual({
      status: 'failed',
      attempts: 3,
      lastError:
        'Abandon après 3 tentative(s) / gave up after 3 attempt(s): Nouvel essai demandé dans 4000 ms / retry requested in 4000 ms',
    });
  }, 60_000);
});

describe('Job outbox in-process (no REDIS_URL)', () => {
  let jobPath: JobPath;

  beforeAll(async () => {
    const recorder = new JobRecorder();
    const t = await startTestApp({ label: 'jobsinline', redis: false, imports: [recordingJobsModule(recorder)] });
    jobPath = { t, recorder };
  });

  afterAll(async () => {
    await jobPath?.t.close();
  });

  it('uses the in-process driver', async () => {
    const ready = await jobPath.t.http().get('/health/ready').expect(200);
    expect(ready.body.checks).toEqual({ database: 'up', queue: 'up', queueDriver: 'inline' });
  });

  describeJobPath(() => jobPath, { timeoutMs: 15_000 });

  it.each<[string, (outbox: OutboxRepository, id: string) => Promise<void>]>([
    ['the relay acknowledging the hand-over', (outbox, id) => outbox.markRelayed([id])],
    ['the relay giving the job back', (outbox, id) => outbox.releaseAll([id], 'Redis injoignable')],
    [
      'a retry report of an earlier attempt',
      (outbox, id) => outbox.record(id, 1, { kind: 'retry', delayMs: 1000, error: 'tentative 1' }, 'relayed'),
    ],
    [
      'a permanent failure report of an earlier attempt',
      (outbox, id) => outbox.record(id, 1, { kind: 'failed', reason: 'tentative 1' }, 'relayed'),
    ],
  ])('a job done stays done after %s arrives late', async (_case, late) => {
    const { t } = jobPath;
    const outbox = t.app.get(OutboxRepository);
    // A row claimed by a relay (lease running), whose worker finished before the relay did.
    const [{ id }] = await t.dataSource.query(
      `INSERT INTO job_outbox (job_id, queue, name, payload, status, locked_until)
       VALUES ($1, 'testjobs', 'testjobs.record', '{}', 'running', now() + interval '5 minutes') RETURNING id`,
      [jobIdFor('late')],
    );
    await outbox.markDone(id, 1);
    await late(outbox, id);
    const rows = await t.dataSource.query(
      `SELECT status, attempts, last_error AS "lastError" FROM job_outbox WHERE id = $1`,
      [id],
    );
    expect(rows).toEqual([{ status: 'done', attempts: 1, lastError: null }]);
  });
});
