import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuditService } from './audit.service';

/** A nudge waits this long, so that one pass seals the events of the commands around it. */
const COALESCE_MS = 20;

/**
 * Seals the audit chain in the background, in every process (API and workers alike): soon
 * after each command that recorded events (nudge, coalesced over COALESCE_MS) and every
 * AUDIT_SEAL_MS, which bounds the delay for events whose process died between its commit and
 * its nudge. Passes never overlap
 * within a process; across replicas the head row's lock makes one seal while the others skip
 * (AuditService.seal). Nothing here is needed for correctness but the timer: a lost nudge
 * only waits for the next tick.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditSealer');
  private timer?: NodeJS.Timeout;
  private soon?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastFailure?: string;

  constructor(
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.pass(), this.config.AUDIT_SEAL_MS);
    this.timer.unref();
    this.pass();
  }

  /** Asks for a sealing pass soon (after a command's commit). */
  nudge(): void {
    if (this.stopped || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.pass();
    }, COALESCE_MS);
    this.soon.unref();
  }

  private pass(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.audit.seal({ skipIfBusy: true });
        if (this.lastFailure) this.logger.log('Scellement du journal d’audit rétabli');
        this.lastFailure = undefined;
      } catch (e) {
        const message = (e as Error).message;
        if (message !== this.lastFailure) this.logger.warn(`Scellement du journal d’audit interrompu : ${message}`);
        this.lastFailure = message;
        return;
      }
    } while (this.again && !this.stopped);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    await this.running;
  }
}
