import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../../src/jobs/job-registry';
import { JobContext, JobRequest } from '../../src/jobs/job.types';

export const RECORD_JOB = 'testjobs.record';

export interface RecordPayload extends Record<string, unknown> {
  /** Fail the first `failTimes` attempts, then succeed. */
  failTimes?: number;
  /** Fail every attempt. */
  alwaysFail?: boolean;
}

export interface JobRun {
  jobId: string;
  attempt: number;
  at: number;
  ok: boolean;
  payload: RecordPayload;
}

/**
 * A job handler for tests of the job path: it records every run (job id, attempt, time,
 * outcome) in memory and fails on demand.
 */
export class JobRecorder {
  readonly runs: JobRun[] = [];

  async handle(payload: RecordPayload, context: JobContext): Promise<void> {
    const fail = payload.alwaysFail === true || context.attempt <= (payload.failTimes ?? 0);
    this.runs.push({ jobId: context.jobId, attempt: context.attempt, at: Date.now(), ok: !fail, payload });
    if (fail) throw new Error(`échec voulu, tentative ${context.attempt}`);
  }

  runsOf(jobId: string): JobRun[] {
    return this.runs.filter((r) => r.jobId === jobId);
  }

  succeeded(jobId: string): boolean {
    return this.runsOf(jobId).some((r) => r.ok);
  }
}

/** A module registering the recorder as the handler of `testjobs.record` (pass to startTestApp's imports). */
export function recordingJobsModule(recorder: JobRecorder) {
  @Module({})
  class RecordingJobsModule implements OnModuleInit {
    constructor(@Inject(JobRegistry) private readonly registry: JobRegistry) {}

    onModuleInit(): void {
      this.registry.register<RecordPayload>(RECORD_JOB, {
        handle: (payload, context) => recorder.handle(payload, context),
      });
    }
  }
  return RecordingJobsModule;
}

export const recordJob = (
  jobId: string,
  payload: RecordPayload = {},
  options: Partial<JobRequest> = {},
): JobRequest => ({
  name: RECORD_JOB,
  jobId,
  payload,
  ...options,
});
