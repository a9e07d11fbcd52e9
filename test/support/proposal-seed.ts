import { createHash } from 'node:crypto';
import type { ProposalStatus } from '../../src/proposals/entities/proposal.entity';
import type { Sql } from './opportunity-seed';

/**
 * Seeds proposals with plain SQL (while the proposal commands are being built, and to put a
 * proposal in any state at once). Times follow the database clock.
 */

export interface SeedAttachment {
  fileName: string;
  contentType?: string;
  content: Buffer | string;
}

export interface SeedProposalOptions {
  opportunityId: string;
  vendorId: string;
  authorId: string;
  status?: ProposalStatus;
  /** Criterion responses; default: one text per criterion of the opportunity. */
  responseText?: string;
  /** The sealed price envelope (a row of proposal_price). */
  priceCents?: number | null;
  attachments?: SeedAttachment[];
  /** Earlier versions to keep in proposal_version (default 1: the current one only). */
  versions?: number;
}

export interface SeededProposal {
  id: string;
  attachments: { id: string; fileName: string; sha256: string; content: Buffer }[];
}

const SUBMITTED_ONCE = new Set<ProposalStatus>([
  'SUBMITTED',
  'WITHDRAWN',
  'UNDER_EVALUATION',
  'NOT_ACCEPTABLE',
  'DISQUALIFIED',
  'QUALIFIED',
  'AWARDED',
  'NOT_AWARDED',
]);

export async function seedProposal(sql: Sql, o: SeedProposalOptions): Promise<SeededProposal> {
  const status = o.status ?? 'SUBMITTED';
  const criteria = await sql(`SELECT id FROM opportunity_criterion WHERE opportunity_id = $1 ORDER BY position`, [
    o.opportunityId,
  ]);
  const text = o.responseText ?? 'Notre réponse détaillée.';
  const responses = criteria.map((c, i) => ({ criterionId: c.id as string, text: `${text} (${i + 1})` }));
  const attestations = { acceptTerms: true, acceptLicense: true, conflictOfInterest: { declared: false } };
  const submitted = SUBMITTED_ONCE.has(status);
  const versions = o.versions ?? 1;
  const [row] = await sql(
    `INSERT INTO proposal (opportunity_id, vendor_id, author_id, status, responses, attestations, version, submitted_at, receipt_hash, withdrawn_at)
     VALUES ($1, $2, $3, $4::text, $5::jsonb, $6::jsonb, $7, CASE WHEN $8::boolean THEN now() - interval '1 hour' END,
             CASE WHEN $8::boolean THEN encode(sha256(convert_to($5::text || coalesce($9::text, ''), 'UTF8')), 'hex') END,
             CASE WHEN $4::text = 'WITHDRAWN' THEN now() - interval '30 minutes' END)
     RETURNING id`,
    [
      o.opportunityId,
      o.vendorId,
      o.authorId,
      status,
      JSON.stringify(responses),
      JSON.stringify(attestations),
      versions,
      submitted,
      o.priceCents ?? null,
    ],
  );
  if (o.priceCents != null) {
    await sql(`INSERT INTO proposal_price (proposal_id, price_cents) VALUES ($1, $2)`, [row.id, o.priceCents]);
  }
  for (let v = 1; v < versions; v++) {
    await sql(
      `INSERT INTO proposal_version (proposal_id, version, status, responses, attestations, price_cents, changed_by_id)
       VALUES ($1, $2, 'DRAFT', $3::jsonb, $4::jsonb, $5, $6)`,
      [row.id, v, JSON.stringify(responses), JSON.stringify(attestations), o.priceCents ?? null, o.authorId],
    );
  }
  const attachments: SeededProposal['attachments'] = [];
  for (const a of o.attachments ?? []) {
    const content = Buffer.isBuffer(a.content) ? a.content : Buffer.from(a.content, 'utf8');
    const sha256 = createHash('sha256').update(content).digest('hex');
    const [att] = await sql(
      `INSERT INTO proposal_attachment (proposal_id, file_name, content_type, size_bytes, sha256, content, uploaded_by_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [row.id, a.fileName, a.contentType ?? 'application/pdf', content.length, sha256, content, o.authorId],
    );
    attachments.push({ id: att.id, fileName: a.fileName, sha256, content });
  }
  return { id: row.id, attachments };
}

/** The committee locked the quality scores (§5.1: price envelopes open to the committee and auditors). */
export async function lockScores(sql: Sql, opportunityId: string): Promise<void> {
  await sql(
    `UPDATE opportunity SET status = 'EVALUATION', closed_at = coalesce(closed_at, now()), scores_locked_at = now() WHERE id = $1`,
    [opportunityId],
  );
}

/** The contract was awarded (§5.1 "after award"). */
export async function markAwarded(sql: Sql, opportunityId: string): Promise<void> {
  await sql(
    `UPDATE opportunity SET status = 'AWARDED', closed_at = coalesce(closed_at, now()), scores_locked_at = coalesce(scores_locked_at, now()) WHERE id = $1`,
    [opportunityId],
  );
}
