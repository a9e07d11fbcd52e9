/**
 * Pure rules of opportunities (domain.md §4): the state graph, rules O1–O11 and the deadline
 * arithmetic. No Nest import, no I/O; `now` is always passed in (the database clock of the
 * calling transaction).
 */
import { DomainError, FieldProblem, validationFailed } from '../common/errors/domain-error';
import type { I18nText } from '../common/util/i18n-text';
import { formatMoney } from '../common/util/money';
import { addMontrealDays, montrealDate } from '../common/util/montreal-time';
import type { EvaluationMethod, OpportunityStatus, ProcurementMode } from './entities/opportunity.entity';

// ─── States (domain.md §4.1, O12) ───────────────────────────────────────────────────

/** Every allowed transition; anything else is INVALID_TRANSITION. */
export const OPPORTUNITY_TRANSITIONS: Record<OpportunityStatus, readonly OpportunityStatus[]> = {
  DRAFT: ['UNDER_REVIEW'],
  UNDER_REVIEW: ['DRAFT', 'PUBLISHED', 'CANCELLED'],
  PUBLISHED: ['EVALUATION', 'CANCELLED'],
  EVALUATION: ['AWARDED', 'UNSUCCESSFUL', 'CANCELLED'],
  AWARDED: [],
  UNSUCCESSFUL: [],
  CANCELLED: [],
};

export function canTransition(from: OpportunityStatus, to: OpportunityStatus): boolean {
  return OPPORTUNITY_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: OpportunityStatus, to: OpportunityStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError('INVALID_TRANSITION', `Transition ${from} → ${to} non permise.`, { from, to });
  }
}

/**
 * The status as everyone must read it: PUBLISHED past its deadline is EVALUATION, whether or
 * not the closing job has run yet (mirror of effectiveStatusSql).
 */
export function effectiveStatus(
  status: OpportunityStatus,
  proposalDeadline: Date | null,
  now: Date,
): OpportunityStatus {
  return status === 'PUBLISHED' && proposalDeadline !== null && now.getTime() >= proposalDeadline.getTime()
    ? 'EVALUATION'
    : status;
}

// ─── O1: estimated value ────────────────────────────────────────────────────────────

/** `0 < value < cap`, options included. */
export function assertEstimatedValue(valueCents: number, capCents: number): void {
  if (!Number.isSafeInteger(valueCents) || valueCents <= 0) {
    throw validationFailed([
      {
        path: 'estimatedValueCents',
        message: 'la valeur estimée doit être un montant positif, en cents (6500000 pour 65 000,00 $)',
      },
    ]);
  }
  if (valueCents >= capCents) {
    throw new DomainError(
      'VALUE_ABOVE_CAP',
      `La valeur estimée (options incluses) doit être inférieure à ${formatMoney(capCents)} (plafond du programme).`,
      { estimatedValueCents: valueCents, capCents },
    );
  }
}

// ─── O2: criteria ───────────────────────────────────────────────────────────────────

export const MIN_CRITERIA = 3;
const HUNDRED_PERCENT_IN_HUNDREDTHS = 10_000;

/**
 * A weight as an integer number of hundredths (33.33 → 3333), or null when it is not a
 * positive decimal with at most 2 decimals. Works on the decimal text, never on float sums.
 */
export function weightInHundredths(weight: number | string): number | null {
  const text = typeof weight === 'number' ? (Number.isFinite(weight) ? String(weight) : '') : weight.trim();
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const hundredths = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return hundredths > 0 ? hundredths : null;
}

/** Hundredths back to the decimal text PostgreSQL stores (`3333` → `33.33`). */
export function hundredthsToDecimal(hundredths: number): string {
  return `${Math.trunc(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** ≥ 3 criteria, every weight > 0 with ≤ 2 decimals, weights summing to exactly 100. */
export function assertCriteria(criteria: readonly { weight: number | string }[]): void {
  const problems: FieldProblem[] = [];
  if (criteria.length < MIN_CRITERIA) {
    problems.push({ path: 'criteria', message: `au moins ${MIN_CRITERIA} critères sont requis` });
  }
  let sum = 0;
  criteria.forEach((c, i) => {
    const h = weightInHundredths(c.weight);
    if (h === null)
      problems.push({
        path: `criteria[${i}].weight`,
        message: 'la pondération doit être supérieure à 0, avec au plus 2 décimales',
      });
    else sum += h;
  });
  if (problems.length === 0 && sum !== HUNDRED_PERCENT_IN_HUNDREDTHS) {
    problems.push({
      path: 'criteria',
      message: `la somme des pondérations doit être exactement 100 (actuellement ${hundredthsToDecimal(sum)})`,
    });
  }
  if (problems.length > 0) throw new DomainError('INVALID_CRITERIA', undefined, { fields: problems });
}

// ─── O3: K ──────────────────────────────────────────────────────────────────────────

export const K_MIN_PERCENT = 15;
export const K_MAX_PERCENT = 30;

/**
 * `adjusted_price` needs 15 ≤ K ≤ 30 (≤ 2 decimals); `min_quality_lowest_price` has no K.
 * With `requirePresence` false (a draft), a missing K for adjusted price is accepted.
 */
export function assertK(
  method: EvaluationMethod,
  kPercent: number | string | null | undefined,
  requirePresence = true,
): void {
  const present = kPercent !== null && kPercent !== undefined;
  if (method === 'min_quality_lowest_price') {
    if (present)
      throw new DomainError('INVALID_K', 'La méthode du prix le plus bas avec qualité minimale n’a pas de facteur K.', {
        kPercent,
      });
    return;
  }
  if (!present) {
    if (requirePresence)
      throw new DomainError('INVALID_K', 'La méthode du prix ajusté exige un facteur K entre 15 et 30.', {
        kPercent: null,
      });
    return;
  }
  const h = weightInHundredths(kPercent);
  if (h === null || h < K_MIN_PERCENT * 100 || h > K_MAX_PERCENT * 100) {
    throw new DomainError(
      'INVALID_K',
      `Le facteur K doit être compris entre ${K_MIN_PERCENT} et ${K_MAX_PERCENT} %, avec au plus 2 décimales.`,
      { kPercent },
    );
  }
}

// ─── O4: minimum tender period ──────────────────────────────────────────────────────

/** The earliest deadline allowed for a publication at `publishedAt` (Montréal calendar days). */
export function earliestProposalDeadline(publishedAt: Date, minTenderPeriodDays: number): Date {
  return addMontrealDays(publishedAt, minTenderPeriodDays);
}

export function assertTenderPeriod(proposalDeadline: Date, publishedAt: Date, minTenderPeriodDays: number): void {
  const earliest = earliestProposalDeadline(publishedAt, minTenderPeriodDays);
  // Even with a 0-day minimum, a deadline must still be ahead: else it closes on publication.
  if (proposalDeadline.getTime() < earliest.getTime() || proposalDeadline.getTime() <= publishedAt.getTime()) {
    throw new DomainError(
      'DEADLINE_TOO_SOON',
      `La date limite de dépôt doit être au moins ${minTenderPeriodDays} jours après la publication.`,
      {
        proposalDeadline: proposalDeadline.toISOString(),
        earliestAllowed: earliest.toISOString(),
        minTenderPeriodDays,
      },
    );
  }
}

// ─── O5, O6: completeness and licence ───────────────────────────────────────────────

export const LICENSE_ALLOW_LIST = [
  'LiLiQ-P-1.1',
  'LiLiQ-R-1.1',
  'LiLiQ-Rplus-1.1',
  'Apache-2.0',
  'MIT',
  'BSD-3-Clause',
  'MPL-2.0',
  'LGPL-3.0-or-later',
  'GPL-3.0-or-later',
  'AGPL-3.0-or-later',
  'EUPL-1.2',
] as const;

export function isAllowedLicense(license: string): boolean {
  return (LICENSE_ALLOW_LIST as readonly string[]).includes(license);
}

/** O6: a licence, when given, must be on the allow-list (exact SPDX identifier). */
export function assertLicense(license: string | null | undefined): void {
  if (license !== null && license !== undefined && !isAllowedLicense(license)) {
    throw new DomainError('INVALID_LICENSE', undefined, { license, allowed: LICENSE_ALLOW_LIST });
  }
}

/** What completeness looks at (O5). */
export interface PublishableContent {
  title: I18nText;
  summary: I18nText;
  description: I18nText;
  license: string | null;
  forgeProjectPath: string | null;
  acceptanceCriteria: readonly I18nText[];
  proposalDeadline: Date | null;
  deliveryDueDate: string | null;
  procurementMode: ProcurementMode;
  invitationCount: number;
}

const blank = (text: I18nText | null | undefined) => !text || typeof text.fr !== 'string' || text.fr.trim() === '';

/** O5: the fields still missing before publication (empty when complete). */
export function missingForPublication(o: PublishableContent): FieldProblem[] {
  const missing: FieldProblem[] = [];
  if (blank(o.title)) missing.push({ path: 'title.fr', message: 'titre français manquant' });
  if (blank(o.summary)) missing.push({ path: 'summary.fr', message: 'résumé français manquant' });
  if (blank(o.description)) missing.push({ path: 'description.fr', message: 'description française manquante' });
  if (!o.license) missing.push({ path: 'license', message: 'licence manquante' });
  if (!o.forgeProjectPath)
    missing.push({ path: 'forgeProjectPath', message: 'chemin du projet sur la forge manquant' });
  if (o.acceptanceCriteria.filter((c) => !blank(c)).length === 0) {
    missing.push({ path: 'acceptanceCriteria', message: 'au moins un critère d’acceptation du livrable est requis' });
  }
  if (!o.proposalDeadline) missing.push({ path: 'proposalDeadline', message: 'date limite de dépôt manquante' });
  if (!o.deliveryDueDate) {
    missing.push({ path: 'deliveryDueDate', message: 'date de livraison manquante' });
  } else if (o.proposalDeadline && o.deliveryDueDate <= montrealDate(o.proposalDeadline)) {
    missing.push({ path: 'deliveryDueDate', message: 'la date de livraison doit suivre la date limite de dépôt' });
  }
  if (o.procurementMode === 'invitation' && o.invitationCount === 0) {
    missing.push({ path: 'invitations', message: 'un appel sur invitation doit inviter au moins une organisation' });
  }
  return missing;
}

export function assertComplete(o: PublishableContent): void {
  const missing = missingForPublication(o);
  if (missing.length > 0) throw new DomainError('INCOMPLETE_OPPORTUNITY', undefined, { fields: missing });
}

// ─── O7: computed deadlines ─────────────────────────────────────────────────────────

export const COMPLAINT_MIN_DAYS = 10;

/** `publishedAt + max(10 days, half the tender period)`. */
export function complaintDeadline(publishedAt: Date, proposalDeadline: Date): Date {
  const tenDays = addMontrealDays(publishedAt, COMPLAINT_MIN_DAYS).getTime();
  const half = publishedAt.getTime() + Math.floor((proposalDeadline.getTime() - publishedAt.getTime()) / 2);
  return new Date(Math.max(tenDays, half));
}

/** `proposalDeadline − QUESTIONS_CLOSE_HOURS` (hours are elapsed time). */
export function questionsDeadline(proposalDeadline: Date, questionsCloseHours: number): Date {
  return new Date(proposalDeadline.getTime() - questionsCloseHours * 3_600_000);
}

// ─── O8: anti-splitting ─────────────────────────────────────────────────────────────

/** Opportunities published at or after this instant count in the anti-splitting window. */
export function splittingWindowStart(now: Date, windowDays: number): Date {
  return addMontrealDays(now, -windowDays);
}

/**
 * True when this opportunity's value plus the values already published in the window for
 * the same public body and forge project path reach the program cap.
 */
export function isPossibleSplitting(input: {
  publishedInWindowCents: number;
  valueCents: number;
  capCents: number;
}): boolean {
  return input.publishedInWindowCents + input.valueCents >= input.capCents;
}

// ─── O9: frozen fields ──────────────────────────────────────────────────────────────

/** Fields that never change once published (O9). */
export const FROZEN_FIELDS = ['criteria', 'evaluationMethod', 'kPercent', 'license', 'estimatedValueCents'] as const;

/**
 * Editing is for DRAFTs only. After publication, the answer is OPPORTUNITY_FROZEN (content
 * changes go through addenda; `frozenFields` names the O9 fields the request touched);
 * in any other state (under review, cancelled before publication) it is INVALID_TRANSITION.
 */
export function assertEditable(status: OpportunityStatus, publishedAt: Date | null, touched: readonly string[]): void {
  if (status === 'DRAFT') return;
  if (publishedAt !== null) {
    const frozenFields = touched.filter((f) => (FROZEN_FIELDS as readonly string[]).includes(f));
    throw new DomainError(
      'OPPORTUNITY_FROZEN',
      frozenFields.length > 0
        ? `L’opportunité est publiée : ${frozenFields.join(', ')} ne peuvent plus être modifiés.`
        : 'L’opportunité est publiée : son contenu ne change plus que par addenda.',
      { status, frozenFields, useAddenda: true },
    );
  }
  throw new DomainError('INVALID_TRANSITION', 'Seule une opportunité à l’état DRAFT peut être modifiée.', {
    from: status,
    to: 'DRAFT',
  });
}

// ─── O10: addenda ───────────────────────────────────────────────────────────────────

export interface AddendumDeadlineInput {
  currentDeadline: Date;
  requestedDeadline: Date | null;
  affectsPrice: boolean;
  now: Date;
  addendumMinDays: number;
}

/**
 * The deadline after an addendum: never earlier than the current one; when the addendum
 * affects the price and fewer than ADDENDUM_MIN_DAYS days would remain, exactly
 * `now + ADDENDUM_MIN_DAYS` days (Montréal calendar days).
 */
export function addendumDeadline(input: AddendumDeadlineInput): { proposalDeadline: Date; extendedForPrice: boolean } {
  const { currentDeadline, requestedDeadline, affectsPrice, now, addendumMinDays } = input;
  if (requestedDeadline && requestedDeadline.getTime() < currentDeadline.getTime()) {
    throw new DomainError('DEADLINE_CANNOT_SHRINK', undefined, {
      currentDeadline: currentDeadline.toISOString(),
      requestedDeadline: requestedDeadline.toISOString(),
    });
  }
  const deadline = requestedDeadline ?? currentDeadline;
  const minimum = addMontrealDays(now, addendumMinDays);
  if (affectsPrice && deadline.getTime() < minimum.getTime())
    return { proposalDeadline: minimum, extendedForPrice: true };
  return { proposalDeadline: deadline, extendedForPrice: false };
}

// ─── O11: questions ─────────────────────────────────────────────────────────────────

/** Questions are accepted while the opportunity is published and `now < questionsDeadline`. */
export function questionsOpen(status: OpportunityStatus, questionsDeadlineAt: Date | null, now: Date): boolean {
  return status === 'PUBLISHED' && questionsDeadlineAt !== null && now.getTime() < questionsDeadlineAt.getTime();
}

export function assertQuestionsOpen(status: OpportunityStatus, questionsDeadlineAt: Date | null, now: Date): void {
  if (!questionsOpen(status, questionsDeadlineAt, now)) {
    throw new DomainError('QUESTIONS_CLOSED', undefined, {
      questionsDeadline: questionsDeadlineAt?.toISOString() ?? null,
    });
  }
}

/**
 * The call is running (effective status PUBLISHED): after the deadline DEADLINE_PASSED,
 * in any other state INVALID_TRANSITION, each with the caller's message.
 */
export function assertDuringCall(
  status: OpportunityStatus,
  proposalDeadline: Date | null,
  messages: { deadlinePassed: string; notPublished: string },
): void {
  if (status === 'EVALUATION') {
    throw new DomainError('DEADLINE_PASSED', messages.deadlinePassed, {
      proposalDeadline: proposalDeadline?.toISOString(),
    });
  }
  if (status !== 'PUBLISHED') throw new DomainError('INVALID_TRANSITION', messages.notPublished, { from: status });
}

// ─── References ─────────────────────────────────────────────────────────────────────

export const OPPORTUNITY_REFERENCE_KIND = 'EEC';

/** `EEC-2027-0042`. */
export function opportunityReference(year: number, sequence: number): string {
  return `${OPPORTUNITY_REFERENCE_KIND}-${year}-${String(sequence).padStart(4, '0')}`;
}

export function opportunityOcid(ocdsPrefix: string, reference: string): string {
  return `${ocdsPrefix}-${reference}`;
}
