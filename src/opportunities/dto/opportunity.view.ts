import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { I18nText, i18nText } from '../../common/util/i18n-text';
import type { PublicBody } from '../../organizations/entities/public-body.entity';
import type { OpportunityAddendum } from '../entities/opportunity-addendum.entity';
import type { OpportunityCriterion } from '../entities/opportunity-criterion.entity';
import type { OpportunityQuestion } from '../entities/opportunity-question.entity';
import {
  EVALUATION_METHODS,
  Opportunity,
  OPPORTUNITY_STATUSES,
  OpportunityStatus,
  PROCUREMENT_MODES,
} from '../entities/opportunity.entity';
import { PageOf } from '../../common/util/pagination';

export class TextView {
  @ApiProperty() fr: string;
  @ApiProperty({ type: String, nullable: true, description: 'null lorsqu’absent' }) en: string | null;
}

export class PublicBodySummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: TextView }) name: TextView;
  @ApiProperty() acronym: string;
}

export class CriterionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: TextView }) title: TextView;
  @ApiProperty({ type: TextView, nullable: true }) description: TextView | null;
  @ApiProperty({ description: 'Pondération en pour cent', example: 33.33 }) weight: number;
  @ApiProperty() minimumRequired: boolean;
}

export class AddendumView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Numéro de l’addenda (1, 2, …)' }) number: number;
  @ApiProperty({ type: TextView }) body: TextView;
  @ApiProperty() affectsPrice: boolean;
  @ApiProperty({ description: 'Date limite avant l’addenda' }) previousDeadline: string;
  @ApiProperty({ description: 'Date limite après l’addenda' }) proposalDeadline: string;
  @ApiProperty() publishedAt: string;
}

export class AddendumCreatedView extends AddendumView {
  @ApiProperty({ description: 'Date limite des questions, recalculée' }) questionsDeadline: string;
  @ApiProperty({ description: 'Date limite des plaintes, recalculée' }) complaintDeadline: string;
}

export class QuestionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'La question (la personne qui l’a posée n’est jamais indiquée)' }) question: string;
  @ApiProperty() askedAt: string;
  @ApiProperty({ type: TextView, nullable: true }) answer: TextView | null;
  @ApiProperty({ type: String, nullable: true }) answeredAt: string | null;
}

export class InvitedVendorView {
  @ApiProperty({ format: 'uuid' }) vendorId: string;
  @ApiProperty() legalName: string;
  @ApiProperty() invitedAt: string;
}

/** The public award notice (domain.md §5.1: after award, everyone learns the winner and the amount). */
export class AwardNoticeView {
  @ApiProperty({ format: 'uuid' }) vendorId: string;
  @ApiProperty({ description: 'Entreprise retenue' }) vendorName: string;
  @ApiProperty({ example: 'C-2027-0001' }) contractReference: string;
  @ApiProperty({ description: 'Montant du contrat, en cents' }) contractAmountCents: number;
  @ApiProperty() awardedAt: string;
}

export class OpportunityView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'EEC-2027-0001' }) reference: string;
  @ApiProperty({ example: 'ocds-ech000-EEC-2027-0001' }) ocid: string;
  @ApiProperty({
    enum: OPPORTUNITY_STATUSES,
    description: 'État effectif : EVALUATION dès que la date limite est passée',
  })
  status: OpportunityStatus;
  @ApiProperty({ type: PublicBodySummaryView }) publicBody: PublicBodySummaryView;
  @ApiProperty({ type: TextView }) title: TextView;
  @ApiProperty({ type: TextView }) summary: TextView;
  @ApiProperty({ type: TextView }) description: TextView;
  @ApiProperty({ type: [String] }) skills: string[];
  @ApiProperty({ enum: PROCUREMENT_MODES }) procurementMode: string;
  @ApiProperty({ description: 'Valeur estimée en cents, taxes exclues, options comprises' })
  estimatedValueCents: number;
  @ApiProperty({ type: TextView, nullable: true }) optionsDescription: TextView | null;
  @ApiProperty({ enum: EVALUATION_METHODS }) evaluationMethod: string;
  @ApiProperty({ type: Number, nullable: true }) kPercent: number | null;
  @ApiProperty({ type: [CriterionView] }) criteria: CriterionView[];
  @ApiProperty({ type: [TextView] }) acceptanceCriteria: TextView[];
  @ApiProperty({ type: String, nullable: true }) license: string | null;
  @ApiProperty({ type: String, nullable: true }) forgeProjectPath: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2027-04-30' }) deliveryDueDate: string | null;
  @ApiProperty({ type: String, nullable: true }) proposalDeadline: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Calculée à la publication : date limite − QUESTIONS_CLOSE_HOURS',
  })
  questionsDeadline: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Calculée à la publication : publication + max(10 jours, moitié de la période d’appel)',
  })
  complaintDeadline: string | null;
  @ApiProperty({ type: String, nullable: true }) publishedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) cancelledAt: string | null;
  @ApiProperty({ type: String, nullable: true }) cancellationReason: string | null;
  @ApiProperty({
    type: AwardNoticeView,
    nullable: true,
    description: 'Avis d’adjudication, une fois le contrat adjugé',
  })
  award: AwardNoticeView | null;
  @ApiProperty({ type: String, nullable: true, description: 'Conclusion sans adjudication : date' }) unsuccessfulAt:
    string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Conclusion sans adjudication : motif' })
  unsuccessfulReason: string | null;
  @ApiProperty({ type: [AddendumView] }) addenda: AddendumView[];
  @ApiProperty({ type: [QuestionView], description: 'Questions répondues, sans l’identité de qui les a posées' })
  questions: QuestionView[];
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Personnel seulement : commentaire de la dernière révision',
  })
  reviewComment?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Personnel seulement : justification anti-fractionnement',
  })
  splittingJustification?: string | null;
  @ApiPropertyOptional({ type: [InvitedVendorView], description: 'Personnel seulement : organisations invitées' })
  invitedVendors?: InvitedVendorView[];
  @ApiPropertyOptional({
    description: 'Nombre de soumissions, une fois l’appel fermé, pour qui peut le connaître (domaine §5.1)',
  })
  proposalCount?: number;
}

export class QuestionPage extends PageOf(QuestionView) {}

export class InvitationsView {
  @ApiProperty({ format: 'uuid' }) opportunityId: string;
  @ApiProperty({ type: [InvitedVendorView] }) invitedVendors: InvitedVendorView[];
}

export class SubscriptionView {
  @ApiProperty({ format: 'uuid' }) opportunityId: string;
  @ApiProperty() subscribedAt: string;
}

export class NotificationPreferencesView {
  @ApiProperty() newOpportunities: boolean;
}

// ─── Mappers ────────────────────────────────────────────────────────────────────────

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toTextView(text: I18nText): TextView;
export function toTextView(text: I18nText | null): TextView | null;
export function toTextView(text: I18nText | null): TextView | null {
  return i18nText(text);
}

export function toCriterionView(c: OpportunityCriterion): CriterionView {
  return {
    id: c.id,
    title: toTextView(c.title),
    description: toTextView(c.description),
    weight: Number(c.weight),
    minimumRequired: c.minimumRequired,
  };
}

export function toAddendumView(a: OpportunityAddendum): AddendumView {
  return {
    id: a.id,
    number: a.number,
    body: toTextView(a.body),
    affectsPrice: a.affectsPrice,
    previousDeadline: a.previousDeadline.toISOString(),
    proposalDeadline: a.proposalDeadline.toISOString(),
    publishedAt: a.publishedAt.toISOString(),
  };
}

/** The asker is never part of the view (O11). */
export function toQuestionView(q: OpportunityQuestion): QuestionView {
  return {
    id: q.id,
    question: q.question,
    askedAt: q.askedAt.toISOString(),
    answer: toTextView(q.answer),
    answeredAt: iso(q.answeredAt),
  };
}

export interface OpportunityParts {
  opportunity: Opportunity;
  status: OpportunityStatus;
  publicBody: PublicBody;
  criteria: OpportunityCriterion[];
  addenda: OpportunityAddendum[];
  questions: OpportunityQuestion[];
  /** The award notice, once AWARDED. */
  award?: AwardNoticeView | null;
  /** Present for staff readers only. */
  staff?: { invitedVendors: InvitedVendorView[] };
}

export function toOpportunityView(p: OpportunityParts): OpportunityView {
  const o = p.opportunity;
  const view: OpportunityView = {
    id: o.id,
    reference: o.reference,
    ocid: o.ocid,
    status: p.status,
    publicBody: {
      id: p.publicBody.id,
      name: { fr: p.publicBody.nameFr, en: p.publicBody.nameEn },
      acronym: p.publicBody.acronym,
    },
    title: toTextView(o.title),
    summary: toTextView(o.summary),
    description: toTextView(o.description),
    skills: o.skills,
    procurementMode: o.procurementMode,
    estimatedValueCents: o.estimatedValueCents,
    optionsDescription: toTextView(o.optionsDescription),
    evaluationMethod: o.evaluationMethod,
    kPercent: o.kPercent === null ? null : Number(o.kPercent),
    criteria: p.criteria.map(toCriterionView),
    acceptanceCriteria: o.acceptanceCriteria.map((c) => toTextView(c)),
    license: o.license,
    forgeProjectPath: o.forgeProjectPath,
    deliveryDueDate: o.deliveryDueDate,
    proposalDeadline: iso(o.proposalDeadline),
    questionsDeadline: iso(o.questionsDeadline),
    complaintDeadline: iso(o.complaintDeadline),
    publishedAt: iso(o.publishedAt),
    cancelledAt: iso(o.cancelledAt),
    cancellationReason: o.cancellationReason,
    award: p.award ?? null,
    unsuccessfulAt: iso(o.unsuccessfulAt),
    unsuccessfulReason: o.unsuccessfulReason,
    addenda: p.addenda.map(toAddendumView),
    questions: p.questions.map(toQuestionView),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
  if (p.staff) {
    view.reviewComment = o.reviewComment;
    view.splittingJustification = o.splittingJustification;
    view.invitedVendors = p.staff.invitedVendors;
  }
  return view;
}
