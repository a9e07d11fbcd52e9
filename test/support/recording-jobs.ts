import { Inject, Module, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../../src/jobs/job-registry';
import { JobContext, JobOptions, JobOutcome, JobRequest } from '../../src/jobs/job.types';

export const RECORD_JOB = 'testjobs.record';

export interface RecordPayload {
  /** Fail the first `failTimes` attempts, then succeed. */
  failTimes?: number;
  /** Fail every attempt. */
  alwaysFail?: boolean;
  /** Fail by asking for a retry after this delay instead of throwing. */
  retryAfterMs?: number;
  /** Anything else travels untouched (to check the payload's round trip). */
  [key: string]: unknown;
}

// The test job joins the typed catalogue (declared at run time by the module below).
declare module '../../src/jobs/job-catalogue' {
  interface JobCatalogue {
    [RECORD_JOB]: RecordPayload;
  }
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

  async handle(payload: RecordPayload, context: JobContext): Promise<JobOutcome> {
    const fail = payload.alwaysFail === true || context.attempt <= (payload.failTimes ?? 0);
    this.runs.push({ jobId: context.jobId, attempt: context.attempt, at: Date.now(), ok: !fail, payload });
    if (fail && payload.retryAfterMs !== undefined) return { retryAfterMs: payload.retryAfterMs };
    if (fail) throw new Error(`échec voulu, tentative ${context.attempt}`);
    return 'done';
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
      this.registry.declare([RECORD_JOB]);
      this.registry.register(RECORD_JOB, {
        handle: (payload, context) => recorder.handle(payload, context),
      });
    }
  }
  return RecordingJobsModule;
}

export const recordJob = (
  jobId: string,
  payload: RecordPayload = {},
  options: JobOptions = {},
): JobRequest<typeof RECORD_JOB> => ({
  name: RECORD_JOB,
  jobId,
  payload,
  ...options,
});
