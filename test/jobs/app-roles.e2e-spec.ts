import { SYSTEM_CONTEXT } from '../../src/common/auth/actor';
import { CommandRunner } from '../../src/common/command/command-runner.service';
import { JobRecorder, recordingJobsModule, recordJob } from '../support/recording-jobs';
import { unique } from '../support/scenario';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait';

/**
 * Scaling out: an API replica (APP_ROLE=api) records jobs but never runs them; a separate
 * worker process (APP_ROLE=worker) on the same PostgreSQL and Redis runs them.
 */
describe.each([
  ['BullMQ on Redis', true],
  ['in-process driver, shared outbox table', false],
])('APP_ROLE api and worker as separate processes (%s)', (_label, redis) => {
  const apiRecorder = new JobRecorder();
  const workerRecorder = new JobRecorder();
  let api: TestApp;
  let worker: TestApp;

  beforeAll(async () => {
    api = await startTestApp({
      label: 'roles',
      redis,
      env: { APP_ROLE: 'api' },
      imports: [recordingJobsModule(apiRecorder)],
    });
    worker = await startTestApp({
      databaseUrl: api.config.DATABASE_URL,
      redis,
      env: { APP_ROLE: 'worker', BULLMQ_PREFIX: api.config.BULLMQ_PREFIX },
      imports: [recordingJobsModule(workerRecorder)],
    });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('runs on the worker a job recorded by a command on the API replica, once', async () => {
    const jobId = `roles:${unique('job')}`;
    await api.app.get(CommandRunner).run(SYSTEM_CONTEXT, async (scope) => {
      scope.audit({ action: 'testjobs.command', entityType: 'test', entityId: jobId });
      scope.enqueue(recordJob(jobId));
    });
    await waitFor('the worker to run the job', () => workerRecorder.succeeded(jobId), { timeoutMs: 15_000 });
    // The handler returns before its driver records the outcome: wait for the outbox row too.
    const status = async () =>
      (await api.dataSource.query(`SELECT status FROM job_outbox WHERE job_id = $1`, [jobId]))[0]?.status;
    await waitFor('the outbox to record the job done', async () => ((await status()) === 'done' ? true : null));
    expect(await status()).toBe('done');
    expect(workerRecorder.runsOf(jobId)).toHaveLength(1);
    expect(apiRecorder.runsOf(jobId)).toHaveLength(0);
  });
});
