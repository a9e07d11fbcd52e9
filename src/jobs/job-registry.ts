import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_JOB_NAMES, JobName } from './job-catalogue';
import { JobHandler, queueOf } from './job.types';

/** The boot stops on this: the job catalogue and its handlers disagree. */
export class JobCatalogueError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Catalogue des tâches incohérent / Inconsistent job catalogue:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'JobCatalogueError';
  }
}

/**
 * Job names and their handlers. The application's jobs are declared from the catalogue
 * (job-catalogue.ts); modules register one handler each in `onModuleInit`. At bootstrap,
 * before any job runs (the relay asks first), the boot stops if a declared job has no
 * handler, a handler was registered twice or for an undeclared name. Enqueuing an
 * undeclared name fails the command (see `assertDeclared`).
 */
@Injectable()
export class JobRegistry implements OnApplicationBootstrap {
  private readonly declared = new Set<string>(APP_JOB_NAMES);
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly problems: string[] = [];

  /** Declares more job names (tests, and modules that bring jobs beside the catalogue's). */
  declare(names: readonly JobName[]): void {
    for (const name of names) {
      queueOf(name);
      this.declared.add(name);
    }
  }

  register<N extends JobName>(name: N, handler: JobHandler<N>): void {
    if (this.handlers.has(name)) {
      this.problems.push(`la tâche « ${name} » a deux gestionnaires / job "${name}" has two handlers`);
      return;
    }
    this.handlers.set(name, handler as unknown as JobHandler<never>);
  }

  /** The handler of a job name; undefined when this process has none. */
  handlerFor(name: string): JobHandler<JobName> | undefined {
    return this.handlers.get(name) as unknown as JobHandler<JobName> | undefined;
  }

  isDeclared(name: string): boolean {
    return this.declared.has(name);
  }

  /** Refuses a job name outside the catalogue (a name built at run time, a stale one). */
  assertDeclared(name: string): void {
    if (!this.declared.has(name)) {
      throw new JobCatalogueError([
        `la tâche « ${name} » n’est pas déclarée au catalogue / job "${name}" is not declared in the catalogue`,
      ]);
    }
  }

  queues(): string[] {
    return [...new Set([...this.declared].map(queueOf))];
  }

  /** Throws JobCatalogueError listing every disagreement; called before the first job runs. */
  check(): void {
    const problems = [...this.problems];
    for (const name of this.handlers.keys()) {
      if (!this.declared.has(name))
        problems.push(
          `la tâche « ${name} » a un gestionnaire mais n’est pas déclarée / job "${name}" has a handler but is not declared`,
        );
    }
    for (const name of this.declared) {
      if (!this.handlers.has(name))
        problems.push(`la tâche « ${name} » n’a pas de gestionnaire / job "${name}" has no handler`);
    }
    if (problems.length) throw new JobCatalogueError(problems);
  }

  onApplicationBootstrap(): void {
    this.check();
  }
}
