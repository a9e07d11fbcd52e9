import type { Logger } from '@nestjs/common';

/** What a SerialPass logs when its work fails, and when it works again. */
export interface SerialPassMessages {
  /** Prefix of the warning, followed by the error's message. */
  interrupted: string;
  restored: string;
}

/**
 * Runs an asynchronous pass on request, never two at once in this process: a request that
 * comes during a pass runs one more pass after it (whatever the pass read may be out of date).
 * A failing pass ends the run; each distinct failure is logged once, and so is the recovery.
 * The background loops of the job relay and the audit sealer.
 */
export class SerialPass {
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastFailure?: string;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly logger: Logger,
    private readonly messages: SerialPassMessages,
  ) {}

  /** Asks for a pass: now if none is running, else right after the one running. */
  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
  }

  /** Waits for the pass running, then runs passes until no request is left (tests and the CLI). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    this.running = this.loop().finally(() => (this.running = undefined));
    await this.running;
  }

  /** No pass starts any more; waits for the one running. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.work();
        if (this.lastFailure) this.logger.log(this.messages.restored);
        this.lastFailure = undefined;
      } catch (e) {
        const message = (e as Error).message;
        if (message !== this.lastFailure) this.logger.warn(`${this.messages.interrupted} : ${message}`);
        this.lastFailure = message;
        return;
      }
    } while (this.again && !this.stopped);
  }
}
