import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RELEASE_TAGS, ReleaseRequest, ReleaseTag, ReleaseWriter } from '../common/command/release-seam';
import { AppConfig } from '../config/app-config';
import { ContractPartsReader } from '../contracts/contract-parts';
import { buildRelease } from './release-builder';

/** The requests of one command merged per ocid: the union of their tags, in codelist order. */
export function mergeRequests(
  requests: readonly ReleaseRequest[],
): { ocid: string; tags: ReleaseTag[]; entities: string[] }[] {
  const byOcid = new Map<string, { tags: Set<ReleaseTag>; entities: Set<string> }>();
  for (const r of requests) {
    if (r.tags.length === 0) continue; // a sealed change (a submission before the deadline): no release
    const entry = byOcid.get(r.ocid) ?? { tags: new Set<ReleaseTag>(), entities: new Set<string>() };
    r.tags.forEach((t) => entry.tags.add(t));
    entry.entities.add(`${r.entityType}:${r.entityId}`);
    byOcid.set(r.ocid, entry);
  }
  return [...byOcid].map(([ocid, e]) => ({
    ocid,
    tags: RELEASE_TAGS.filter((t) => e.tags.has(t)),
    entities: [...e.entities].sort(),
  }));
}

/**
 * Writes the OCDS releases a command recorded, in its transaction (docs/open-data.md): one
 * `ocds_release` row per ocid with the union of the command's tags, its body built from the
 * database state the command leaves, `date` = the transaction's now(), `id` = `<ocid>-<n>`
 * numbered per ocid under a transaction-scoped advisory lock (taken by the body's read).
 */
@Injectable()
export class OcdsReleaseWriter extends ReleaseWriter {
  constructor(
    private readonly config: AppConfig,
    private readonly contractParts: ContractPartsReader,
  ) {
    super();
  }

  async write(em: EntityManager, releases: readonly ReleaseRequest[]): Promise<void> {
    for (const { ocid, tags, entities } of mergeRequests(releases)) {
      // The numbering lock is taken by the body's read (one round trip less): it must come in
      // a statement before the one reading the next number, whose snapshot then sees every
      // release committed by whoever held the lock before.
      const body = await buildRelease(em, ocid, this.config, this.contractParts, { lockNumbering: true });
      if (!body) continue; // never published: nothing of it is public
      const [{ next, now }] = await em.query<{ next: number; now: Date }[]>(
        `SELECT coalesce(max(release_seq), 0) + 1 AS next, now() AS now FROM ocds_release WHERE ocid = $1`,
        [ocid],
      );
      const releaseId = `${ocid}-${next}`;
      const release = { ocid, id: releaseId, date: new Date(now).toISOString(), tag: tags, ...body };
      await em.query(
        `INSERT INTO ocds_release (ocid, release_seq, release_id, tags, date, entities, release)
         VALUES ($1, $2, $3, $4::text[], now(), $5::text[], $6::jsonb)`,
        [ocid, next, releaseId, tags, entities, JSON.stringify(release)],
      );
    }
  }
}
