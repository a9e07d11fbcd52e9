import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SqlWrite } from '../util/sql-writes';

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
 * its body). Every transition function calls `scope.release(…)`; CommandModule binds this
 * token to the OCDS writer (src/ocds/ocds-release.writer.ts). The writer reads what it needs
 * now and returns its INSERTs unrun: the command runs them in the one statement that also
 * writes its jobs and audit events.
 */
@Injectable()
export abstract class ReleaseWriter {
  abstract insertions(em: EntityManager, releases: readonly ReleaseRequest[]): Promise<SqlWrite[]>;
}
