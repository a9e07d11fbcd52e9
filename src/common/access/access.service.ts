/**
 * Resource-level access (style.md, "Access control in two layers"). The route guard has
 * already checked the caller's role against ROLE_PERMISSIONS; this service answers "may
 * this actor act on these resources?" with set-based SQL, and answers NOT_FOUND both when a
 * resource is absent and when it is not the caller's, so that ids reveal nothing.
 *
 * The sealed-bid table of domain.md §5.1 (who reads which part of a proposal, before the
 * deadline, after the quality lock, after award) lives in sealed-bids.ts, once, and reaches
 * SQL through proposal-access.sql.ts; every route, list, count and export that touches
 * proposals goes through the methods below (docs/sealed-bids.md).
 */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import type { Role } from '../auth/roles';
import { SqlParams } from '../util/sql-params';
import { DomainError } from '../errors/domain-error';
import type { MemberRole } from '../../organizations/entities/vendor-membership.entity';
import { visibilitySql } from '../../opportunities/opportunity-visibility';
import {
  committeeStandingSql,
  countedProposalsSql,
  opportunityReaderKindSql,
  proposalCountReadableSql,
  proposalReadableSql,
  readerKindSql,
  sealedPhaseSql,
  unsealedEntitySql,
} from './proposal-access.sql';
import { ContractRecord, contractReadableSql, requireContract } from './contract-access';
import { readableAuditPage } from './record-access';
import { proposalAccess, ProposalAccess, ReaderKind, SEALED_BID_TABLE, SealedPhase } from './sealed-bids';
import type { SealedAuditEvent } from '../../audit/entities/audit-event.entity';
import { BIDDER_REVEALING_TEMPLATES } from './sealed-records';

export interface ProposalGrant extends ProposalAccess {
  proposalId: string;
  opportunityId: string;
  vendorId: string;
  reader: ReaderKind;
  phase: SealedPhase;
  status: string;
}

const NOTHING: ProposalAccess = { exists: false, content: false, price: false, count: false };

/** Readers outside the committee who read scores where the sealed-bid table gives them the content. */
const OVERSIGHT_READERS: readonly ReaderKind[] = ['auditor', 'owningBuyer', 'admin'];

/** Roles that read every vendor organization (staff oversight). */
const VENDOR_READERS: readonly Role[] = ['admin', 'auditor'];

export interface LockOption {
  /**
   * Lock the organization row (SELECT … FOR UPDATE) before reading the caller's role, so
   * that membership writes on one organization take turns and see each other's effects.
   */
  lock?: boolean;
}

@Injectable()
export class AccessService {
  /** The actor's role in each of the given vendor organizations (absent: not a member). */
  async vendorRoles(em: EntityManager, actor: Actor, vendorIds: readonly string[]): Promise<Map<string, MemberRole>> {
    if (vendorIds.length === 0) return new Map();
    const rows = await em.query<{ vendor_id: string; role: MemberRole }[]>(
      `SELECT vendor_id, role FROM vendor_membership WHERE user_id = $1 AND vendor_id = ANY($2::uuid[])`,
      [actor.id, [...vendorIds]],
    );
    return new Map(rows.map((r) => [r.vendor_id, r.role]));
  }

  /** The subset of vendorIds that exist and that the actor may read. */
  async readableVendorIds(em: EntityManager, actor: Actor, vendorIds: readonly string[]): Promise<Set<string>> {
    if (vendorIds.length === 0) return new Set();
    const rows = await em.query<{ id: string }[]>(
      `SELECT v.id FROM vendor_organization v
        WHERE v.id = ANY($1::uuid[])
          AND ($2 = ANY($3::text[])
               OR EXISTS (SELECT 1 FROM vendor_membership m WHERE m.vendor_id = v.id AND m.user_id = $4))`,
      [[...vendorIds], actor.role, [...VENDOR_READERS], actor.id],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Members of the organization, admins and auditors read it; nobody else learns it exists. */
  async canReadVendor(em: EntityManager, actor: Actor, vendorId: string): Promise<boolean> {
    return (await this.readableVendorIds(em, actor, [vendorId])).has(vendorId);
  }

  /** Any member (owner or member) of the organization; otherwise NOT_FOUND. */
  async requireVendorMember(
    em: EntityManager,
    actor: Actor,
    vendorId: string,
    options: LockOption = {},
  ): Promise<MemberRole> {
    let role = (await this.vendorRoles(em, actor, [vendorId])).get(vendorId);
    if (!role) throw DomainError.notFound('vendor_organization');
    if (options.lock) {
      await em.query(`SELECT id FROM vendor_organization WHERE id = $1 FOR UPDATE`, [vendorId]);
      // Read again under the lock: a concurrent command may have changed the caller's role.
      role = (await this.vendorRoles(em, actor, [vendorId])).get(vendorId);
      if (!role) throw DomainError.notFound('vendor_organization');
    }
    return role;
  }

  /** An owner of the organization: a plain member gets FORBIDDEN, anyone else NOT_FOUND. */
  async requireVendorOwner(em: EntityManager, actor: Actor, vendorId: string, options: LockOption = {}): Promise<void> {
    const role = await this.requireVendorMember(em, actor, vendorId, options);
    if (role !== 'owner') {
      throw DomainError.forbidden('Seuls les propriétaires de l’organisation peuvent gérer ses membres.');
    }
  }

  // ─── Sealed bids (domain.md §5.1) ─────────────────────────────────────────────────

  /** What the actor may read of each of the given proposals (absent ids: not in the map). */
  async proposalGrants(
    em: EntityManager,
    actor: Actor | null | undefined,
    proposalIds: readonly string[],
  ): Promise<Map<string, ProposalGrant>> {
    if (proposalIds.length === 0) return new Map();
    const params = new SqlParams([[...proposalIds]]);
    const kind = readerKindSql(actor, 'p', 'o', params);
    const visibility = visibilitySql(actor, 'o', params.values.length + 1);
    params.values.push(...visibility.params);
    const rows = await em.query<
      {
        id: string;
        opportunity_id: string;
        vendor_id: string;
        status: string;
        kind: ReaderKind;
        phase: SealedPhase;
        visible: boolean;
      }[]
    >(
      `SELECT p.id, p.opportunity_id, p.vendor_id, p.status, ${kind} AS kind, ${sealedPhaseSql('o')} AS phase, (${visibility.condition}) AS visible
         FROM proposal p JOIN opportunity o ON o.id = p.opportunity_id
        WHERE p.id = ANY($1::uuid[])`,
      params.values,
    );
    return new Map(
      rows.map((r) => {
        const access = r.kind === 'own' || r.visible ? proposalAccess(r.kind, r.phase, r.status) : NOTHING;
        return [
          r.id,
          {
            ...access,
            proposalId: r.id,
            opportunityId: r.opportunity_id,
            vendorId: r.vendor_id,
            reader: r.kind,
            phase: r.phase,
            status: r.status,
          },
        ];
      }),
    );
  }

  /** The actor may read `part` of the proposal; otherwise NOT_FOUND, exactly as if it did not exist. */
  async requireProposal(
    em: EntityManager,
    actor: Actor | null | undefined,
    proposalId: string,
    part: keyof ProposalAccess = 'exists',
  ): Promise<ProposalGrant> {
    const grant = (await this.proposalGrants(em, actor, [proposalId])).get(proposalId);
    if (!grant || !grant.exists || !grant[part]) {
      if (grant) await this.requireCommitteeStanding(em, actor, grant.opportunityId, part, grant.status);
      throw DomainError.notFound('proposal');
    }
    return grant;
  }

  /**
   * A committee member who has not signed the declaration (DECLARATION_REQUIRED) or who is
   * recused (RECUSED) is told so, where the committee row of the table would let a signed,
   * non-recused member read `part` and whatever else the actor is would not. Everywhere else
   * (before the deadline, drafts, non-members, an opportunity they cannot see) nothing is
   * thrown and the caller answers as usual, 404 included (docs/sealed-bids.md).
   */
  async requireCommitteeStanding(
    em: EntityManager,
    actor: Actor | null | undefined,
    opportunityId: string,
    part: keyof ProposalAccess = 'exists',
    status?: string,
  ): Promise<void> {
    if (!actor) return;
    const params = new SqlParams([opportunityId]);
    const standing = committeeStandingSql(actor, 'o', params);
    const kind = opportunityReaderKindSql(actor, 'o', params);
    const visibility = visibilitySql(actor, 'o', params.values.length + 1);
    params.values.push(...visibility.params);
    const [row] = await em.query<{ standing: string; kind: ReaderKind; phase: SealedPhase }[]>(
      `SELECT ${standing} AS standing, ${kind} AS kind, ${sealedPhaseSql('o')} AS phase
         FROM opportunity o WHERE o.id = $1 AND ${visibility.condition}`,
      params.values,
    );
    if (!row || (row.standing !== 'unsigned' && row.standing !== 'recused')) return;
    const wouldRead = proposalAccess('committee', row.phase, status)[part];
    const readsAnyway = status === undefined && SEALED_BID_TABLE[row.kind][row.phase][part];
    if (!wouldRead || readsAnyway) return;
    throw new DomainError(row.standing === 'unsigned' ? 'DECLARATION_REQUIRED' : 'RECUSED');
  }

  /**
   * The SQL condition "the actor may read `part` of proposal `p`" (aliases `p` and its
   * opportunity `o`), to filter lists and their totals in the database. Appends its
   * parameters to `params`.
   */
  readableProposalsSql(
    actor: Actor | null | undefined,
    params: SqlParams,
    p = 'p',
    o = 'o',
    part: keyof ProposalAccess = 'exists',
  ): string {
    return proposalReadableSql(actor, p, o, params, part);
  }

  /**
   * The number of tendered proposals of the opportunity (never drafts or withdrawn ones), or
   * null when the actor may not know it (before the deadline, or the opportunity is not
   * visible to them).
   */
  async proposalCount(
    em: EntityManager,
    actor: Actor | null | undefined,
    opportunityId: string,
  ): Promise<number | null> {
    const params = new SqlParams([opportunityId]);
    const allowed = proposalCountReadableSql(actor, 'o', params);
    const rows = await em.query<{ n: string; allowed: boolean }[]>(
      `SELECT (SELECT count(*) FROM proposal p WHERE p.opportunity_id = o.id AND ${countedProposalsSql('p')}) AS n, ${allowed} AS allowed
         FROM opportunity o WHERE o.id = $1`,
      params.values,
    );
    return rows[0]?.allowed ? Number(rows[0].n) : null;
  }

  /**
   * SQL condition over an alias with `entity_type` and `entity_id` (audit events,
   * notifications): false for rows about a proposal still sealed (before its deadline).
   */
  unsealedEntitySql(alias = 'e'): string {
    return unsealedEntitySql(alias);
  }

  // ─── Evaluation reads (domain.md §5.1, §6) ─────────────────────────────────────────

  /** Where the actor stands on the committee of the opportunity: 'none', 'unsigned', 'recused' or 'reader'. */
  private async committeeStanding(em: EntityManager, actor: Actor, opportunityId: string): Promise<string> {
    const params = new SqlParams([opportunityId]);
    const [row] = await em.query<{ standing: string }[]>(
      `SELECT ${committeeStandingSql(actor, 'o', params)} AS standing FROM opportunity o WHERE o.id = $1`,
      params.values,
    );
    return row?.standing ?? 'none';
  }

  private static refuseStanding(standing: string): void {
    if (standing === 'unsigned') throw new DomainError('DECLARATION_REQUIRED');
    if (standing === 'recused') throw new DomainError('RECUSED');
  }

  /**
   * The scores of a proposal: its committee's members in standing (a member not in standing
   * is told why, even when also an owning buyer: recusal prevails), and outside the committee
   * the readers the table gives the proposal's content (§5.1 "everything": auditors once the
   * call is closed, owning buyers and admins after the award). The proposal itself first:
   * 404 where it is sealed for the actor.
   */
  async requireScoresReader(em: EntityManager, actor: Actor, proposalId: string): Promise<ProposalGrant> {
    const grant = await this.requireProposal(em, actor, proposalId);
    const standing = await this.committeeStanding(em, actor, grant.opportunityId);
    AccessService.refuseStanding(standing);
    if (standing === 'none' && !(grant.content && OVERSIGHT_READERS.includes(grant.reader))) {
      throw DomainError.forbidden(
        'Seuls les membres du comité consultent les notes (les vérificateurs après la date limite, l’organisme et les administrateurs après l’adjudication).',
      );
    }
    return grant;
  }

  /**
   * The ranking of an opportunity the actor may see (else 404), once the scores are locked
   * (else 404): committee members in standing, owning buyers, auditors; admins only after the
   * award (§5.1 gives them the number, and they have nothing to decide on a rank). `figures`
   * says whether Q, prices and adjusted prices are shown: where the table gives the reader
   * the price (committee and auditors after the lock, everyone allowed after the award).
   */
  async requireRankingReader(
    em: EntityManager,
    actor: Actor,
    opportunityId: string,
  ): Promise<{ figures: boolean; phase: SealedPhase }> {
    const params = new SqlParams([opportunityId]);
    const standing = committeeStandingSql(actor, 'o', params);
    const kind = opportunityReaderKindSql(actor, 'o', params);
    const visibility = visibilitySql(actor, 'o', params.values.length + 1);
    params.values.push(...visibility.params);
    const [row] = await em.query<{ standing: string; kind: ReaderKind; phase: SealedPhase; locked: boolean }[]>(
      `SELECT ${standing} AS standing, ${kind} AS kind, ${sealedPhaseSql('o')} AS phase,
              (o.scores_locked_at IS NOT NULL) AS locked
         FROM opportunity o WHERE o.id = $1 AND ${visibility.condition}`,
      params.values,
    );
    if (!row) throw DomainError.notFound('opportunity');
    if (!row.locked) throw DomainError.notFound('ranking');
    AccessService.refuseStanding(row.standing);
    if (row.kind === 'other' || row.kind === 'own') {
      throw DomainError.forbidden(
        'Seuls le comité, les acheteurs de l’organisme, les vérificateurs et les administrateurs consultent le classement.',
      );
    }
    if (row.kind === 'admin' && !SEALED_BID_TABLE.admin[row.phase].content) {
      throw DomainError.forbidden('Les administrateurs consultent le classement après l’adjudication.');
    }
    return { figures: SEALED_BID_TABLE[row.kind][row.phase].price, phase: row.phase };
  }

  /**
   * Whether the actor may know who bid on the opportunity (the proposals' content in the
   * table, §5.1) — or nothing depends on it yet (before the deadline nobody is recused).
   * Committee recusal flags follow it: a member recused for membership of a vendor, or for a
   * declared conflict, tells that this vendor bid, so readers given only the number (owning
   * buyers outside the committee, admins, members not in standing) do not get the flags.
   */
  async knowsWhoBid(em: EntityManager, actor: Actor, opportunityId: string): Promise<boolean> {
    const params = new SqlParams([opportunityId]);
    const [row] = await em.query<{ kind: ReaderKind; phase: SealedPhase }[]>(
      `SELECT ${opportunityReaderKindSql(actor, 'o', params)} AS kind, ${sealedPhaseSql('o')} AS phase
         FROM opportunity o WHERE o.id = $1`,
      params.values,
    );
    if (!row) return false;
    return row.phase === 'beforeDeadline' || SEALED_BID_TABLE[row.kind][row.phase].content;
  }

  // ─── Contracts (domain.md §7): contract-access.ts ───────────────────────────────────

  /** The contract as the actor reads it, or 404; `relation`: a write by that part only (else 403); `lock`: FOR UPDATE. */
  requireContract(
    em: EntityManager,
    actor: Actor | null | undefined,
    id: string,
    options: { lock?: boolean; relation?: 'buyer' | 'supplier' } = {},
  ): Promise<ContractRecord> {
    return requireContract(em, actor, id, options);
  }

  /** SQL condition "the actor reads contract `c`" (opportunity alias `o`); appends its parameters. */
  readableContractsSql(actor: Actor, params: SqlParams, c = 'c', o = 'o'): string {
    return contractReadableSql(actor, params, c, o);
  }

  // ─── Records about proposals: audit events and e-mails (domain.md §5.1, §8) ───────

  /** A page of audit events as the actor may read them, hashes included (record-access.ts). */
  readableAuditPage(em: EntityManager, actor: Actor | null | undefined, rows: readonly SealedAuditEvent[]) {
    return readableAuditPage(em, actor, rows);
  }

  /**
   * SQL condition over a `notification` alias `n`: false for e-mails whose recipients would
   * tell who holds a proposal (BIDDER_REVEALING_TEMPLATES, about an opportunity) while the
   * actor may not know how many proposals it received, unless the actor is the recipient;
   * and for e-mails about a proposal (a receipt names its vendor's members) unless the actor
   * may read that proposal's content: who bid is sealed from admins until the award, from
   * auditors until the deadline, and a draft's or a withdrawn proposal's e-mails from all but
   * its organization. Appends its parameters to `params`.
   */
  readableNotificationsSql(actor: Actor | null | undefined, params: SqlParams, n = 'n'): string {
    const templates = params.add(BIDDER_REVEALING_TEMPLATES);
    const recipient = actor ? `${n}.recipient_user_id = ${params.add(actor.id)}::uuid` : 'FALSE';
    const countReadable = proposalCountReadableSql(actor, 'no', params);
    const proposalReadable = proposalReadableSql(actor, 'np', 'npo', params, 'content');
    return `((${n}.entity_type IS DISTINCT FROM 'proposal'
              OR EXISTS (SELECT 1 FROM proposal np JOIN opportunity npo ON npo.id = np.opportunity_id
                          WHERE np.id::text = ${n}.entity_id AND ${proposalReadable}))
             AND (NOT (${n}.entity_type = 'opportunity' AND ${n}.template = ANY(${templates}::text[]))
                  OR ${recipient}
                  OR NOT EXISTS (SELECT 1 FROM opportunity no
                              WHERE no.id = (CASE WHEN ${n}.entity_id ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
                                                  THEN ${n}.entity_id::uuid END)
                                AND NOT ${countReadable})))`;
  }
}
