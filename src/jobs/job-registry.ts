import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JobHandler } from './job.types';

/**
 * Job names and their handlers. Modules declare their job names and register one handler
 * each (processors delegate to services); boot fails if a declared job has no handler or a
 * name is registered twice.
 */
@Injectable()
export class JobRegistry implements OnApplicationBootstrap {
  private readonly declared = new Set<string>();
  private readonly handlers = new Map<string, JobHandler<never>>();

  declare(names: readonly string[]): void {
    for (const name of names) this.declared.add(name);
  }

  register<P>(name: string, handler: JobHandler<P>): void {
    if (this.handlers.has(name)) throw new Error(`Job "${name}" has two handlers`);
    this.declared.add(name);
    this.handlers.set(name, handler as JobHandler<never>);
  }

  handlerFor(name: string): JobHandler<Record<string, unknown>> {
    const handler = this.handlers.get(name);
    if (!handler) throw new Error(`No handler for job "${name}"`);
    return handler as unknown as JobHandler<Record<string, unknown>>;
  }

  queues(): string[] {
    return [...new Set([...this.declared].map((n) => n.slice(0, n.indexOf('.'))))];
  }

  onApplicationBootstrap(): void {
    const missing = [...this.declared].filter((n) => !this.handlers.has(n));
    if (missing.length) throw new Error(`Jobs without a handler: ${missing.join(', ')}`);
  }
}
