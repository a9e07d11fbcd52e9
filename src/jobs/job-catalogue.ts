/**
 * The job catalogue: every job name the application may enqueue, with its payload type.
 * `scope.enqueue(...)` and `JobRegistry.register(...)` are typed from it, so a wrong name or
 * payload is a compile error. Names look like `<queue>.<action>`: the part before the first
 * dot is the BullMQ queue (one per concern).
 *
 * To add a job (for instance the forge's `forge.publish: { contractId: string }`): add its
 * entry to `AppJobCatalogue`, then to `APP_JOBS` (the compiler insists), and register its
 * handler in the module that owns it (`registry.register('forge.publish', handler)` in
 * `onModuleInit`). The boot stops if it has no handler (README.md, "Jobs").
 */
export interface AppJobCatalogue {
  /** Sends one recorded e-mail (a `notification` row). */
  'notifications.send': { notificationId: string };
  /** One sweep over every due closing (idempotent; also run by each worker's timer). */
  'opportunities.close-due': Record<string, never>;
  /** Runs the checks of one delivered archive (README, licence, publiccode.yml, secrets). */
  'contracts.check-deliverable': { deliverableId: string };
  /** Publishes an accepted contract's code on the forge. */
  'forge.publish': { contractId: string };
  /** Sends an account e-mail: a verification or reset link, or the “someone tried to register” notice. */
  'accounts.send-email': {
    kind: 'verify-email' | 'reset-password' | 'registration-attempt';
    userId: string;
    tokenId: string | null;
  };
}

/**
 * The catalogue as the type checker sees it. Tests add their own jobs by declaration merging
 * (`declare module '…/job-catalogue' { interface JobCatalogue { 'testjobs.x': {…} } }`) and
 * declare them at run time with `registry.declare([...])`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface JobCatalogue extends AppJobCatalogue {}

export type JobName = keyof JobCatalogue & string;
export type JobPayload<N extends JobName> = JobCatalogue[N];

/** The application's job names at run time; the `satisfies` keeps it equal to AppJobCatalogue. */
export const APP_JOBS = {
  'notifications.send': true,
  'opportunities.close-due': true,
  'contracts.check-deliverable': true,
  'forge.publish': true,
  'accounts.send-email': true,
} as const satisfies Record<keyof AppJobCatalogue, true>;

export const APP_JOB_NAMES = Object.keys(APP_JOBS) as (keyof AppJobCatalogue)[];
