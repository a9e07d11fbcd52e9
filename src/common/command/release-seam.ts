import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** OCDS release tags (codelist releaseTag) that Échanges writes, domain.md §8, in codelist order. */
export const RELEASE_TAGS = [
  'tender',
  'tenderAmendment',
  'tenderUpdate',
  'tenderCancellation',
  'award',
  'contract',
  'contractAmendment',
  'implementation',
] as const;
export type ReleaseTag = (typeof RELEASE_TAGS)[number];

/** One state change that an OCDS release must describe, as the command recorded it. */
export interface ReleaseRequest {
  ocid: string;
  tags: readonly ReleaseTag[];
  /** The aggregate whose state changed (`opportunity`, `proposal`, `contract`) and its id. */
  entityType: string;
  entityId: string;
}

/**
 * Where the releases a command recorded are written, in the command's own transaction (after
 * its body, before its audit events). Every transition function calls `scope.release(…)`;
 * CommandModule binds this token to the OCDS writer (src/ocds/ocds-release.writer.ts).
 */
@Injectable()
export abstract class ReleaseWriter {
  abstract write(em: EntityManager, releases: readonly ReleaseRequest[]): Promise<void>;
}
