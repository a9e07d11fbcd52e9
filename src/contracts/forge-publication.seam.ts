/** The forge publication job, queued by acceptance and by the admin retry (domain.md §7). */
export const FORGE_PUBLISH_JOB = 'forge.publish' as const;

export interface ForgePublishPayload extends Record<string, unknown> {
  contractId: string;
}

/**
 * The seam between contracts and the forge module (src/forge): contracts queue
 * `forge.publish`; the forge module handles it (ForgePublishJob) and, once the project,
 * commit, tag and release exist, calls `ContractCommandsService.markPublished`
 * (ACCEPTED → PUBLISHED). Contracts never import the forge module.
 */
export type ForgePublicationSeam = typeof FORGE_PUBLISH_JOB;
