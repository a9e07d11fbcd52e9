import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../common/access/access.service';
import type { Actor, CommandContext } from '../../common/auth/actor';
import { CommandRunner, CommandScope } from '../../common/command/command-runner.service';
import { DomainError } from '../../common/errors/domain-error';
import { NotificationsService } from '../../notifications/notifications.service';
import { ContractsService } from '../../contracts/contracts.service';
import type { Opportunity } from '../../opportunities/entities/opportunity.entity';
import { assertTransition } from '../../opportunities/opportunities.rules';
import { transitionOpportunity } from '../../opportunities/opportunity-transitions';
import { moveProposals, transitionProposal } from '../../proposals/proposal-transitions';
import { DB_NOW } from '../../common/command/transition-sql';
import { requireOwningBuyer } from '../../opportunities/opportunity-locks';
import { EvaluationLock } from '../evaluation-lock';
import {
  opportunityMailData,
  subscriberRecipients,
  vendorMemberRecipientsOf,
} from '../../opportunities/opportunity-recipients';
import { storeRanks } from '../evaluation-ranks';
import { ineligibleEntryIdSql } from '../../organizations/ineligible-register.service';
import { rank, Ranking } from '../evaluation.rules';
import { committeeSeat } from '../committee/committee-seats';
import { lastDraw } from '../ranking/draw';
import { AwardWinner, awardWinner } from './award.rules';
import { bidderResults, resultMailData } from './award-results';
import { AwardDto, AwardView, ConcludedView, ProposalResultView } from './dto/award.dto';

interface QualifiedRow {
  id: string;
  status: string;
  vendor_id: string;
  neq: string;
  legal_name: string;
  quality_score: string;
  price_cents: number;
  /** The register entry that makes the vendor ineligible today (domain.md P4), or null. */
  ineligible_entry_id: string | null;
}

interface WinnerRow {
  vendor_id: string;
  legal_name: string;
  price_cents: number;
  quality_score: string;
  adjusted_price_cents: number | null;
}

/** Statuses that keep an opportunity from concluding without award: a proposal still in the running. */
const IN_THE_RUNNING = ['SUBMITTED', 'UNDER_EVALUATION', 'QUALIFIED'];

/**
 * The award and the conclusion without award (domain.md §7), and each bidder's result.
 *
 * Both commands lock the opportunity row FOR UPDATE first: concurrent awards take turns, and
 * every one after the first finds the opportunity AWARDED (ALREADY_AWARDED). The unique
 * constraints on contract(opportunity_id) and contract(proposal_id) stand behind the lock.
 */
@Injectable()
export class AwardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandRunner,
    private readonly access: AccessService,
    private readonly notifications: NotificationsService,
    private readonly contracts: ContractsService,
    private readonly evaluation: EvaluationLock,
  ) {}

  async award(ctx: CommandContext, actor: Actor, opportunityId: string, dto: AwardDto): Promise<AwardView> {
    const requested = dto.proposalId.toLowerCase();
    const outcome = await this.commands.run(ctx, async (scope) => {
      const o = await this.lockForConclusion(scope, actor, opportunityId);
      if (o.status !== 'EVALUATION' || o.scoresLockedAt === null) {
        throw new DomainError('AWARD_NOT_ALLOWED', 'L’adjudication suit le verrouillage des notes.', {
          status: o.status,
          scoresLocked: o.scoresLockedAt !== null,
        });
      }
      const { target, ...recheck } = await this.readForAward(scope, o, requested);
      if (!target) throw DomainError.notFound('proposal');

      const { ranking, qualified, disqualified } = await this.recheckEligibility(scope, o, recheck.qualified);
      const refusal = disqualified.includes(requested)
        ? new DomainError(
            'VENDOR_INELIGIBLE',
            'L’entreprise est inscrite au registre des entreprises non admissibles : sa proposition est disqualifiée et le classement est mis à jour.',
            {
              proposalId: requested,
              disqualifiedProposalIds: disqualified,
              rankOneProposalIds: ranking.proposals.filter((p) => p.rank === 1).map((p) => p.proposalId),
            },
          )
        : this.refusal(
            // The draw decides only a tie at rank 1: read it only then.
            awardWinner(ranking, ranking.tieAtFirst ? await lastDraw(scope.em, opportunityId) : null),
            requested,
            target.status,
            disqualified,
          );
      if (refusal) {
        // Disqualifications made by the re-check stand (committed with their audit events);
        // only then is the refusal raised after commit. Otherwise nothing changed: roll back.
        if (disqualified.length === 0) throw refusal;
        return { refused: refusal };
      }
      const row = qualified.find((q) => q.id === requested) as QualifiedRow;
      const ranked = ranking.proposals.find((p) => p.proposalId === requested);
      return {
        awarded: await this.recordAward(scope, actor, o, requested, {
          vendor_id: row.vendor_id,
          legal_name: row.legal_name,
          price_cents: row.price_cents,
          quality_score: row.quality_score,
          adjusted_price_cents: ranked?.adjustedPriceCents ?? null,
        }),
      };
    });
    if ('refused' in outcome) throw outcome.refused;
    return outcome.awarded;
  }

  /**
   * UNSUCCESSFUL with a reason, when no proposal is acceptable or none was submitted: no
   * proposal may still be in the running (submitted, under evaluation or qualified).
   */
  conclude(ctx: CommandContext, actor: Actor, opportunityId: string, reason: string): Promise<ConcludedView> {
    return this.commands.run(ctx, async (scope) => {
      const em = scope.em;
      const { opportunity: o, status, now } = await this.evaluation.lockForEvaluation(scope, actor, opportunityId);
      await this.requireAwarder(em, actor, o);
      this.assertNotConcluded(status);
      assertTransition(status, 'UNSUCCESSFUL');
      const running = await em.query<{ id: string; status: string }[]>(
        `SELECT id, status FROM proposal WHERE opportunity_id = $1 AND status = ANY($2::text[]) ORDER BY id`,
        [opportunityId, IN_THE_RUNNING],
      );
      if (running.length > 0) {
        throw new DomainError(
          'INVALID_TRANSITION',
          'Une proposition est encore en lice : évaluez-la, verrouillez les notes ou adjugez le contrat.',
          {
            proposalIds: running.map((r) => r.id),
          },
        );
      }
      const bidders = await this.notifyResults(scope, o, 'opportunity-unsuccessful', { reason });
      // Subscribers (and members of organizations with a draft) learn of the outcome too, once.
      const subscribers = await this.notifications.queue(scope, {
        template: 'opportunity-unsuccessful',
        recipients: (await subscriberRecipients(em, opportunityId)).filter(
          (r) => !bidders.emails.has(r.email.toLowerCase()),
        ),
        entityType: 'opportunity',
        entityId: opportunityId,
        data: opportunityMailData(o, { reason }),
        eventKey: `opportunity-unsuccessful:${opportunityId}`,
      });
      await transitionOpportunity(scope, { ...o, status }, 'UNSUCCESSFUL', {
        action: 'evaluation.conclude-without-award',
        set: { unsuccessful_at: now, unsuccessful_reason: reason },
        data: { reason, notified: bidders.queued + subscribers },
        tags: ['tenderUpdate'],
      });
      return { opportunityId, status: 'UNSUCCESSFUL', reason, concludedAt: now.toISOString() };
    });
  }

  /** The vendor's own result, once the opportunity is awarded (or concluded without award). */
  async result(actor: Actor, proposalId: string): Promise<ProposalResultView> {
    const em = this.dataSource.manager;
    const grant = await this.access.requireProposal(em, actor, proposalId);
    if (grant.reader !== 'own')
      throw DomainError.forbidden('Seuls les membres de l’organisation soumissionnaire consultent son résultat.');
    const [o] = await em.query<{ status: string }[]>(`SELECT status FROM opportunity WHERE id = $1`, [
      grant.opportunityId,
    ]);
    if (o.status !== 'AWARDED' && o.status !== 'UNSUCCESSFUL') throw DomainError.notFound('result');
    const [result] = await bidderResults(em, grant.opportunityId, { proposalId });
    if (!result) throw DomainError.notFound('result');
    const { vendorId: _vendorId, ...view } = result;
    return view;
  }

  // ─── Helpers ──────────────────────────────────────────────────────────────────────

  /**
   * Locks the opportunity with its closing materialised; the actor must be an owning buyer,
   * and not recused from its committee. The row read after the closing carries its stored status.
   */
  private async lockForConclusion(scope: CommandScope, actor: Actor, opportunityId: string): Promise<Opportunity> {
    const { opportunity: o } = await this.evaluation.lockForEvaluation(scope, actor, opportunityId);
    await this.requireAwarder(scope.em, actor, o);
    this.assertNotConcluded(o.status);
    return o;
  }

  private async requireAwarder(em: EntityManager, actor: Actor, o: Opportunity): Promise<void> {
    requireOwningBuyer(actor, o);
    // A buyer who declared a conflict with a bidder does not decide the award either.
    const seat = await committeeSeat(em, o.id, actor.id);
    if (seat?.recused) throw new DomainError('RECUSED');
  }

  private assertNotConcluded(status: string): void {
    if (status === 'AWARDED') throw new DomainError('ALREADY_AWARDED');
    if (status === 'UNSUCCESSFUL')
      throw new DomainError('INVALID_TRANSITION', 'L’appel d’offres est déjà conclu sans adjudication.', { status });
  }

  /**
   * One statement: the qualified proposals locked FOR UPDATE with their price, vendor and
   * ineligibility today (the register by the database clock), and the requested proposal
   * whatever its status (absent: not a proposal of this opportunity).
   */
  private async readForAward(
    scope: CommandScope,
    o: Opportunity,
    requested: string,
  ): Promise<{ target: QualifiedRow | undefined; qualified: QualifiedRow[] }> {
    const rows = await scope.em.query<QualifiedRow[]>(
      `SELECT p.id, p.status, p.vendor_id, v.neq, v.legal_name, p.quality_score::text AS quality_score, pp.price_cents,
              ${ineligibleEntryIdSql('v.neq')} AS ineligible_entry_id
         FROM proposal p
         LEFT JOIN proposal_price pp ON pp.proposal_id = p.id
         JOIN vendor_organization v ON v.id = p.vendor_id
        WHERE p.opportunity_id = $1 AND (p.status = 'QUALIFIED' OR p.id = $2)
        ORDER BY p.id FOR UPDATE OF p`,
      [o.id, requested],
    );
    return { target: rows.find((r) => r.id === requested), qualified: rows.filter((r) => r.status === 'QUALIFIED') };
  }

  /**
   * P4 again, at award: while a proposal at rank 1 belongs to an enterprise now on the
   * ineligible register, it is disqualified (with the reason, audited) and the ranking of the
   * remaining qualified proposals is computed again and stored.
   */
  private async recheckEligibility(
    scope: CommandScope,
    o: Opportunity,
    locked: QualifiedRow[],
  ): Promise<{ ranking: Ranking; qualified: QualifiedRow[]; disqualified: string[] }> {
    const em = scope.em;
    let qualified = locked;
    const disqualified: string[] = [];
    const rankingOf = (rows: QualifiedRow[]) =>
      rank(
        o.evaluationMethod,
        rows.map((r) => ({
          proposalId: r.id,
          priceCents: Number(r.price_cents),
          qualityScore: r.quality_score,
          acceptable: true,
        })),
        o.kPercent,
      );
    let ranking = rankingOf(qualified);
    for (;;) {
      const first = new Set(ranking.proposals.filter((p) => p.rank === 1).map((p) => p.proposalId));
      const ineligible = qualified.filter((q) => first.has(q.id) && q.ineligible_entry_id !== null);
      if (ineligible.length === 0) break;
      for (const row of ineligible) {
        const reason = `Entreprise inscrite au registre des entreprises non admissibles (NEQ ${row.neq}) au moment de l’adjudication.`;
        await transitionProposal(scope, { id: row.id, opportunityId: o.id, status: 'QUALIFIED' }, 'DISQUALIFIED', {
          action: 'proposal.disqualify',
          set: { disqualification_reason: reason, rank: null, adjusted_price_cents: null },
          data: { reason, atAward: true, neq: row.neq, ineligibleEntryId: row.ineligible_entry_id },
          ocid: o.ocid,
          tags: ['tenderUpdate'],
        });
        disqualified.push(row.id);
      }
      const gone = new Set(ineligible.map((i) => i.id));
      qualified = qualified.filter((q) => !gone.has(q.id));
      ranking = rankingOf(qualified);
      await storeRanks(em, ranking.proposals);
    }
    return { ranking, qualified, disqualified };
  }

  /** Why the award to `requested` is refused, or null when it is the winner. */
  private refusal(winner: AwardWinner, requested: string, status: string, disqualified: string[]): DomainError | null {
    switch (winner.kind) {
      case 'none':
        return new DomainError('AWARD_NOT_ALLOWED', 'Aucune proposition acceptable : concluez sans adjudication.', {
          disqualifiedProposalIds: disqualified,
        });
      case 'tie':
        return new DomainError('TIE_REQUIRES_DRAW', undefined, {
          tiedProposalIds: winner.tiedProposalIds,
          disqualifiedProposalIds: disqualified,
        });
      case 'winner':
        if (winner.proposalId === requested) return null;
        return new DomainError(
          'AWARD_NOT_ALLOWED',
          'Seule la proposition au premier rang (ou gagnante du tirage au sort) peut être retenue.',
          {
            proposalId: requested,
            status,
            rankOneProposalId: winner.proposalId,
            disqualifiedProposalIds: disqualified,
          },
        );
    }
  }

  /**
   * The award's effects, in the command's transaction. `winner` is the winner's row as the
   * re-check locked it, with the adjusted price of the ranking just computed (what is stored).
   */
  private async recordAward(
    scope: CommandScope,
    actor: Actor,
    o: Opportunity,
    proposalId: string,
    winner: WinnerRow,
  ): Promise<AwardView> {
    assertTransition(o.status, 'AWARDED');
    const contract = await this.contracts.createFromAward(scope, {
      opportunityId: o.id,
      ocid: o.ocid,
      proposalId,
      supplierId: winner.vendor_id,
      initialAmountCents: Number(winner.price_cents),
      deliveryDueDate: o.deliveryDueDate,
      awardedById: actor.id,
    });
    const reference = contract.reference;
    await transitionProposal(scope, { id: proposalId, opportunityId: o.id, status: 'QUALIFIED' }, 'AWARDED', {
      action: 'proposals.awarded',
      ocid: o.ocid,
      tags: ['award'],
    });
    const others = await moveProposals(scope, {
      opportunityId: o.id,
      ocid: o.ocid,
      from: ['QUALIFIED'],
      to: 'NOT_AWARDED',
      action: 'proposals.not-awarded',
      tags: ['award'],
    });
    const notified = (await this.notifyResults(scope, o, 'proposal-result', {})).queued;
    await transitionOpportunity(scope, o, 'AWARDED', {
      action: 'evaluation.award',
      set: { awarded_at: DB_NOW },
      data: {
        proposalId,
        supplierId: winner.vendor_id,
        supplierName: winner.legal_name,
        qualityScore: winner.quality_score,
        priceCents: Number(winner.price_cents),
        adjustedPriceCents: winner.adjusted_price_cents === null ? null : Number(winner.adjusted_price_cents),
        notAwardedProposalIds: others,
        contractId: contract.id,
        contractReference: reference,
        notified,
      },
      tags: ['award', 'contract'],
    });
    return { contractId: contract.id, contractReference: reference };
  }

  /**
   * One e-mail per bidder (every member of its organization) with its own figures and, after
   * an award, the winner's; `template` says which outcome.
   */
  private async notifyResults(
    scope: CommandScope,
    o: Opportunity,
    template: 'proposal-result' | 'opportunity-unsuccessful',
    extra: Record<string, unknown>,
  ): Promise<{ queued: number; emails: Set<string> }> {
    const emails = new Set<string>();
    // The e-mails carry no criterion scores (resultMailData): not read.
    const results = await bidderResults(scope.em, o.id, { scores: false });
    const recipientsOf = await vendorMemberRecipientsOf(
      scope.em,
      results.map((r) => r.vendorId),
    );
    const requests = results.map((result) => {
      const recipients = recipientsOf.get(result.vendorId) ?? [];
      recipients.forEach((r) => emails.add(r.email.toLowerCase()));
      return {
        template,
        recipients,
        entityType: 'proposal',
        entityId: result.proposalId,
        data: opportunityMailData(o, { ...extra, ...resultMailData(o.evaluationMethod, result) }),
        eventKey: `${template}:${result.proposalId}`,
      };
    });
    const queued = await this.notifications.queueAll(scope, requests);
    return { queued, emails };
  }
}
