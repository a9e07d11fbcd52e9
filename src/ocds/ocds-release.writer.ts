import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RELEASE_TAGS, ReleaseRequest, ReleaseTag, ReleaseWriter } from '../common/command/release-seam';
import { AppConfig } from '../config/app-config';
import type { SqlWrite } from '../common/util/sql-writes';
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
 * numbered per ocid under a transaction-scoped advisory lock (taken by the body's read). The
 * INSERTs are returned for the command's last statement (CommandRunner); one per ocid, each
 * numbering its own ocid, so they do not depend on each other or on the jobs and audit events.
 */
@Injectable()
export class OcdsReleaseWriter extends ReleaseWriter {
  constructor(
    private readonly config: AppConfig,
    private readonly contractParts: ContractPartsReader,
  ) {
    super();
  }

  async insertions(em: EntityManager, releases: readonly ReleaseRequest[]): Promise<SqlWrite[]> {
    const writes: SqlWrite[] = [];
    for (const { ocid, tags, entities } of mergeRequests(releases)) {
      // The numbering lock is taken by the body's read (one round trip less): it must come in
      // a statement before the one reading the next number (the INSERT), whose snapshot then
      // sees every release committed by whoever held the lock before.
      const body = await buildRelease(em, ocid, this.config, this.contractParts, { lockNumbering: true });
      if (!body) continue; // never published: nothing of it is public
      // The next number, `id` and `date` in the INSERT itself: its snapshot is taken after the
      // lock (a statement later). `date` is now() as JavaScript's toISOString writes it
      // (milliseconds, truncated as the pg driver truncates them, "Z").
      const release = { ocid, tag: tags, ...body };
      writes.push({
        sql: `INSERT INTO ocds_release (ocid, release_seq, release_id, tags, date, entities, release)
         SELECT $1::text, n.next, $1::text || '-' || n.next, $2::text[], now(), $3::text[],
                $4::jsonb || jsonb_build_object('id', $1::text || '-' || n.next,
                                                'date', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
           FROM (SELECT coalesce(max(release_seq), 0) + 1 AS next FROM ocds_release WHERE ocid = $1::text) n`,
        params: [ocid, tags, entities, JSON.stringify(release)],
      });
    }
    return writes;
  }
}
