import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SerialPass } from '../common/util/serial-pass';
import { AppConfig } from '../config/app-config';
import { AuditService } from './audit.service';

/** A nudge waits this long, so that one pass seals the events of the commands around it. */
const COALESCE_MS = 20;

/**
 * Seals the audit chain in the background, in every process (API and workers alike): soon
 * after each command that recorded events (nudge, coalesced over COALESCE_MS) and every
 * AUDIT_SEAL_MS, which bounds the delay for events whose process died between its commit and
 * its nudge. Passes never overlap within a process; across replicas the head row's lock makes
 * one seal while the others skip (AuditService.seal). Nothing here is needed for correctness
 * but the timer: a lost nudge only waits for the next tick.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly passes: SerialPass;
  private timer?: NodeJS.Timeout;
  private soon?: NodeJS.Timeout;

  constructor(
    audit: AuditService,
    private readonly config: AppConfig,
  ) {
    this.passes = new SerialPass(
      async () => {
        await audit.seal({ skipIfBusy: true });
      },
      new Logger('AuditSealer'),
      { interrupted: 'Scellement du journal d’audit interrompu', restored: 'Scellement du journal d’audit rétabli' },
    );
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.passes.request(), this.config.AUDIT_SEAL_MS);
    this.timer.unref();
    this.passes.request();
  }

  /** Asks for a sealing pass soon (after a command's commit). */
  nudge(): void {
    if (this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.passes.request();
    }, COALESCE_MS);
    this.soon.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    await this.passes.stop();
  }
}
