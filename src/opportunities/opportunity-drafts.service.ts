import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, CommandContext } from '../common/auth/actor';
import { CommandRunner } from '../common/command/command-runner.service';
import { DomainError } from '../common/errors/domain-error';
import { I18nText, i18nText } from '../common/util/i18n-text';
import { nextReference } from '../database/reference-counter';
import { AppConfig } from '../config/app-config';
import { CreateOpportunityDto, CriterionDto, UpdateOpportunityDto } from './dto/opportunity-input.dto';
import { OpportunityView } from './dto/opportunity.view';
import { OpportunityCriterion } from './entities/opportunity-criterion.entity';
import { EvaluationMethod, Opportunity } from './entities/opportunity.entity';
import {
  assertCriteria,
  assertEditable,
  assertEstimatedValue,
  assertK,
  assertLicense,
  hundredthsToDecimal,
  OPPORTUNITY_REFERENCE_KIND,
  opportunityOcid,
  opportunityReference,
  weightInHundredths,
} from './opportunities.rules';
import { lockVisibleOpportunity, requireOwningBuyer } from './opportunity-locks';
import { OpportunityReadsService } from './opportunity-reads.service';

/** Text as stored: English null when absent or blank (the DTO has trimmed both). */
const text = i18nText;
const emptyText = (): I18nText => ({ fr: '', en: null });

/**
 * Drafts: create, edit, delete (domain.md §4; api.md Opportunities). A draft may be
 * incomplete, but what it holds must already satisfy O1, O2, O3 and O6; completeness (O5)
 * and the dated rules (O4, O8) are checked when it is submitted and published.
 */
@Injectable()
export class OpportunityDraftsService {
  constructor(
    private readonly commands: CommandRunner,
    private readonly config: AppConfig,
    private readonly reads: OpportunityReadsService,
  ) {}

  /** A buyer creates a DRAFT for their public body, numbered `EEC-<year>-<seq>` gap-free. */
  create(ctx: CommandContext, actor: Actor, dto: CreateOpportunityDto): Promise<OpportunityView> {
    return this.commands.run(ctx, async (scope) => {
      if (!actor.publicBodyId) throw DomainError.forbidden('Un acheteur doit être rattaché à un organisme public.');
      const criteria = dto.criteria ?? [];
      this.checkDraft({
        estimatedValueCents: dto.estimatedValueCents,
        criteria,
        evaluationMethod: dto.evaluationMethod,
        kPercent: dto.kPercent ?? null,
        license: dto.license ?? null,
      });
      const next = await nextReference(scope.em, OPPORTUNITY_REFERENCE_KIND);
      const reference = opportunityReference(next.year, next.number);
      const repo = scope.em.getRepository(Opportunity);
      const opportunity = await repo.save(
        repo.create({
          reference,
          ocid: opportunityOcid(this.config.OCDS_PREFIX, reference),
          publicBodyId: actor.publicBodyId,
          createdById: actor.id,
          status: 'DRAFT',
          title: text(dto.title)!,
          summary: text(dto.summary) ?? emptyText(),
          description: text(dto.description) ?? emptyText(),
          skills: dto.skills ?? [],
          procurementMode: dto.procurementMode,
          estimatedValueCents: dto.estimatedValueCents,
          optionsDescription: text(dto.optionsDescription),
          evaluationMethod: dto.evaluationMethod,
          kPercent: dto.kPercent === undefined || dto.kPercent === null ? null : String(dto.kPercent),
          acceptanceCriteria: (dto.acceptanceCriteria ?? []).map((c) => text(c)!),
          license: dto.license ?? null,
          forgeProjectPath: dto.forgeProjectPath ?? null,
          proposalDeadline: dto.proposalDeadline ? new Date(dto.proposalDeadline) : null,
          deliveryDueDate: dto.deliveryDueDate ?? null,
        }),
      );
      await this.replaceCriteria(scope.em, opportunity.id, criteria);
      const view = await this.reads.view(scope.em, actor, opportunity.id);
      scope.audit({
        action: 'opportunities.create',
        entityType: 'opportunity',
        entityId: opportunity.id,
        data: { reference, ocid: view.ocid, publicBodyId: actor.publicBodyId, content: auditContent(view) },
      });
      return view;
    });
  }

  /** An owning buyer edits a DRAFT (O9 after publication); criteria are replaced wholesale. */
  update(ctx: CommandContext, actor: Actor, id: string, dto: UpdateOpportunityDto): Promise<OpportunityView> {
    return this.commands.run(ctx, async (scope) => {
      const { opportunity: o } = await lockVisibleOpportunity(scope.em, actor, id);
      requireOwningBuyer(actor, o);
      const touched = Object.keys(dto).filter((k) => (dto as Record<string, unknown>)[k] !== undefined);
      assertEditable(o.status, o.publishedAt, touched);

      const criteria =
        dto.criteria ??
        (await scope.em
          .getRepository(OpportunityCriterion)
          .find({ where: { opportunityId: id }, order: { position: 'ASC' } }));
      const merged = {
        estimatedValueCents: dto.estimatedValueCents ?? o.estimatedValueCents,
        criteria,
        evaluationMethod: dto.evaluationMethod ?? o.evaluationMethod,
        kPercent: dto.kPercent !== undefined ? dto.kPercent : o.kPercent,
        license: dto.license !== undefined ? dto.license : o.license,
      };
      this.checkDraft(merged);

      if (dto.title) o.title = text(dto.title)!;
      if (dto.summary) o.summary = text(dto.summary)!;
      if (dto.description) o.description = text(dto.description)!;
      if (dto.skills) o.skills = dto.skills;
      if (dto.procurementMode) o.procurementMode = dto.procurementMode;
      if (dto.estimatedValueCents !== undefined) o.estimatedValueCents = dto.estimatedValueCents;
      if (dto.optionsDescription !== undefined) o.optionsDescription = text(dto.optionsDescription);
      if (dto.evaluationMethod) o.evaluationMethod = dto.evaluationMethod;
      if (dto.kPercent !== undefined) o.kPercent = dto.kPercent === null ? null : String(dto.kPercent);
      if (dto.acceptanceCriteria) o.acceptanceCriteria = dto.acceptanceCriteria.map((c) => text(c)!);
      if (dto.license !== undefined) o.license = dto.license;
      if (dto.forgeProjectPath !== undefined) o.forgeProjectPath = dto.forgeProjectPath;
      if (dto.proposalDeadline !== undefined)
        o.proposalDeadline = dto.proposalDeadline ? new Date(dto.proposalDeadline) : null;
      if (dto.deliveryDueDate !== undefined) o.deliveryDueDate = dto.deliveryDueDate;
      await scope.em.getRepository(Opportunity).save(o);
      if (dto.criteria) await this.replaceCriteria(scope.em, id, dto.criteria);

      const view = await this.reads.view(scope.em, actor, id);
      scope.audit({
        action: 'opportunities.update',
        entityType: 'opportunity',
        entityId: id,
        data: { fields: touched, content: auditContent(view) },
      });
      return view;
    });
  }

  /**
   * Deletes a DRAFT (the only thing ever deleted). Its reference is not reused: the audit
   * event of the deletion accounts for the number.
   */
  remove(ctx: CommandContext, actor: Actor, id: string): Promise<void> {
    return this.commands.run(ctx, async (scope) => {
      const { opportunity: o, status } = await lockVisibleOpportunity(scope.em, actor, id);
      requireOwningBuyer(actor, o);
      if (status !== 'DRAFT') {
        throw new DomainError('INVALID_TRANSITION', 'Seule une opportunité à l’état DRAFT peut être supprimée.', {
          from: status,
          to: 'DELETED',
        });
      }
      // Criteria, invitations and subscriptions go with it (ON DELETE CASCADE).
      await scope.em.getRepository(Opportunity).delete({ id });
      scope.audit({
        action: 'opportunities.delete',
        entityType: 'opportunity',
        entityId: id,
        data: { reference: o.reference, title: o.title },
      });
    });
  }

  /** O1, O2 (when criteria are given), O3 (K may still be missing), O6 (when a licence is given). */
  private checkDraft(d: {
    estimatedValueCents: number;
    criteria: readonly { weight: number | string }[];
    evaluationMethod: EvaluationMethod;
    kPercent: number | string | null;
    license: string | null;
  }): void {
    assertEstimatedValue(d.estimatedValueCents, this.config.PROGRAM_CAP_CENTS);
    if (d.criteria.length > 0) assertCriteria(d.criteria);
    assertK(d.evaluationMethod, d.kPercent, false);
    assertLicense(d.license);
  }

  private async replaceCriteria(
    em: EntityManager,
    opportunityId: string,
    criteria: readonly CriterionDto[],
  ): Promise<void> {
    const repo = em.getRepository(OpportunityCriterion);
    await repo.delete({ opportunityId });
    if (criteria.length === 0) return;
    await repo.insert(
      criteria.map((c, position) => ({
        opportunityId,
        position,
        title: text(c.title)!,
        description: text(c.description),
        weight: hundredthsToDecimal(weightInHundredths(c.weight)!),
        minimumRequired: c.minimumRequired ?? false,
      })),
    );
  }
}

/** What the audit trail keeps of a draft’s content (public texts, values, no sealed data). */
function auditContent(view: OpportunityView): Record<string, unknown> {
  const {
    id: _id,
    reference: _r,
    ocid: _o,
    status,
    publicBody: _p,
    addenda: _a,
    questions: _q,
    createdAt: _c,
    updatedAt: _u,
    ...content
  } = view;
  return { status, ...content };
}
