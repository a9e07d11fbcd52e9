import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { JobRegistry } from '../jobs/job-registry';

/** The forge publication job, queued by acceptance (domain.md §7). */
export const FORGE_PUBLISH_JOB = 'forge.publish' as const;

export interface ForgePublishPayload extends Record<string, unknown> {
  contractId: string;
}

/**
 * The seam of the forge publication (its own issue): acceptance queues `forge.publish`
 * through the outbox, and until the forge module replaces this handler the job does nothing,
 * leaving the contract ACCEPTED with its publication PENDING. The forge job, once it has the
 * project, commit, tag and release, calls `ContractCommandsService.markPublished` (the
 * ACCEPTED → PUBLISHED transition).
 */
@Injectable()
export class ForgePublicationSeam implements OnModuleInit {
  private readonly logger = new Logger('Forge');

  constructor(private readonly registry: JobRegistry) {}

  onModuleInit(): void {
    this.registry.register(FORGE_PUBLISH_JOB, {
      handle: async (payload) => {
        this.logger.log(`Publication sur la forge du contrat ${payload.contractId} : en attente du module forge.`);
        return 'done';
      },
    });
  }
}
