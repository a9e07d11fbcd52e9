import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** OCDS release tags (codelist releaseTag) that Échanges writes, domain.md §8. */
export type ReleaseTag =
  | 'tender'
  | 'tenderUpdate'
  | 'tenderAmendment'
  | 'tenderCancellation'
  | 'award'
  | 'contract'
  | 'contractAmendment'
  | 'implementation';

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
 * its body, before its audit events). Every transition function calls `scope.release(…)`, so
 * this is the one place the OCDS module plugs into; until it exists, nothing is written.
 */
@Injectable()
export class ReleaseWriter {
  async write(_em: EntityManager, _releases: readonly ReleaseRequest[]): Promise<void> {
    // The OCDS module replaces this provider (issue: open contracting data).
  }
}
