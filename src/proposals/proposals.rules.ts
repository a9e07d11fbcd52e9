import { createHash } from 'node:crypto';
import { DomainError } from '../common/errors/domain-error';
import { canonicalJson } from '../common/util/canonical-json';
import type { OpportunityStatus } from '../opportunities/entities/opportunity.entity';
import type { CriterionResponse, ProposalAttestations, ProposalStatus } from './entities/proposal.entity';

/**
 * Proposal rules (domain.md §5), pure: no Nest, no I/O, `now` passed in (the database clock
 * of the writing transaction).
 */

/** P2: the opportunity accepts proposal writes only while PUBLISHED and strictly before its deadline. */
export function isOpen(status: OpportunityStatus, proposalDeadline: Date | null, now: Date): boolean {
  return status === 'PUBLISHED' && proposalDeadline !== null && now.getTime() < proposalDeadline.getTime();
}

export function assertOpen(status: OpportunityStatus, proposalDeadline: Date | null, now: Date): void {
  if (!isOpen(status, proposalDeadline, now)) {
    throw new DomainError('DEADLINE_PASSED', undefined, {
      proposalDeadline: proposalDeadline?.toISOString() ?? null,
      opportunityStatus: status,
    });
  }
}

/** P3: `0 < priceCents ≤ estimatedValueCents` (integer cents). */
export function isValidPrice(priceCents: number, estimatedValueCents: number): boolean {
  return Number.isSafeInteger(priceCents) && priceCents > 0 && priceCents <= estimatedValueCents;
}

export function assertPrice(priceCents: number | null | undefined, estimatedValueCents: number): void {
  if (priceCents === null || priceCents === undefined) {
    throw new DomainError('INVALID_PRICE', 'Un prix est requis pour déposer la proposition.', {
      reason: 'missing',
      maxCents: estimatedValueCents,
    });
  }
  if (!isValidPrice(priceCents, estimatedValueCents)) {
    throw new DomainError('INVALID_PRICE', undefined, {
      reason: 'out_of_range',
      minCents: 1,
      maxCents: estimatedValueCents,
    });
  }
}

export const ATTESTATION_FIELDS = [
  'acceptTerms',
  'acceptLicense',
  'conflictOfInterest',
  'conflictOfInterest.description',
] as const;
export type MissingAttestation = (typeof ATTESTATION_FIELDS)[number];

/** P5: what is missing from the attestations (empty when complete). */
export function missingAttestations(a: ProposalAttestations | null | undefined): MissingAttestation[] {
  const missing: MissingAttestation[] = [];
  if (a?.acceptTerms !== true) missing.push('acceptTerms');
  if (a?.acceptLicense !== true) missing.push('acceptLicense');
  const coi = a?.conflictOfInterest;
  if (!coi || typeof coi.declared !== 'boolean') missing.push('conflictOfInterest');
  else if (coi.declared && !(typeof coi.description === 'string' && coi.description.trim()))
    missing.push('conflictOfInterest.description');
  return missing;
}

export function assertAttestations(a: ProposalAttestations | null | undefined): void {
  const missing = missingAttestations(a);
  if (missing.length > 0) throw new DomainError('ATTESTATION_REQUIRED', undefined, { missing });
}

export interface ResponseProblems {
  /** Criteria of the opportunity without a non-empty response. */
  missingCriterionIds: string[];
  /** Responses naming no criterion of the opportunity. */
  unknownCriterionIds: string[];
}

/** P6: one non-empty response per criterion, and nothing else. */
export function responseProblems(
  responses: readonly CriterionResponse[],
  criterionIds: readonly string[],
): ResponseProblems {
  const known = new Set(criterionIds);
  const answered = new Set(
    responses.filter((r) => typeof r.text === 'string' && r.text.trim()).map((r) => r.criterionId),
  );
  return {
    missingCriterionIds: criterionIds.filter((id) => !answered.has(id)),
    unknownCriterionIds: [...new Set(responses.map((r) => r.criterionId).filter((id) => !known.has(id)))],
  };
}

/** Unknown criterion ids are refused on every write; missing responses only at submission. */
export function assertKnownCriteria(responses: readonly CriterionResponse[], criterionIds: readonly string[]): void {
  const { unknownCriterionIds } = responseProblems(responses, criterionIds);
  if (unknownCriterionIds.length > 0) {
    throw new DomainError(
      'INCOMPLETE_PROPOSAL',
      'Certaines réponses ne correspondent à aucun critère de l’opportunité.',
      { unknownCriterionIds, missingCriterionIds: [] },
    );
  }
}

export function assertComplete(responses: readonly CriterionResponse[], criterionIds: readonly string[]): void {
  const problems = responseProblems(responses, criterionIds);
  if (problems.missingCriterionIds.length > 0 || problems.unknownCriterionIds.length > 0) {
    throw new DomainError('INCOMPLETE_PROPOSAL', undefined, { ...problems });
  }
}

/**
 * The vendor's part of the state graph (evaluation states are reached by closing and
 * evaluation, not by vendors). DRAFT → WITHDRAWN is allowed: it discards a draft and frees
 * the organization's one active proposal (P1). WITHDRAWN → SUBMITTED re-submits.
 */
export const PROPOSAL_TRANSITIONS: Record<ProposalStatus, readonly ProposalStatus[]> = {
  DRAFT: ['SUBMITTED', 'WITHDRAWN'],
  SUBMITTED: ['WITHDRAWN', 'UNDER_EVALUATION'],
  WITHDRAWN: ['SUBMITTED'],
  UNDER_EVALUATION: ['NOT_ACCEPTABLE', 'DISQUALIFIED', 'QUALIFIED'],
  NOT_ACCEPTABLE: [],
  DISQUALIFIED: [],
  // QUALIFIED → DISQUALIFIED: found on the ineligible register at award (P4).
  QUALIFIED: ['AWARDED', 'NOT_AWARDED', 'DISQUALIFIED'],
  AWARDED: [],
  NOT_AWARDED: [],
};

export function canTransition(from: ProposalStatus, to: ProposalStatus): boolean {
  return PROPOSAL_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: ProposalStatus, to: ProposalStatus): void {
  if (!canTransition(from, to)) throw new DomainError('INVALID_TRANSITION', undefined, { from, to });
}

/** Content may be edited (and attachments changed) in these states only, before the deadline. */
export const EDITABLE_STATUSES: readonly ProposalStatus[] = ['DRAFT', 'SUBMITTED'];

export function assertEditable(status: ProposalStatus): void {
  if (!EDITABLE_STATUSES.includes(status)) {
    throw new DomainError('INVALID_TRANSITION', 'Seule une proposition en brouillon ou déposée peut être modifiée.', {
      from: status,
    });
  }
}

export interface ReceiptContent {
  opportunityId: string;
  vendorId: string;
  responses: readonly CriterionResponse[];
  attestations: ProposalAttestations;
  priceCents: number;
  attachments: readonly { sha256: string; fileName: string }[];
  version: number;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** P10: SHA-256 (hex) of the canonical JSON of the submitted content and price. */
export function receiptHash(c: ReceiptContent): string {
  const canonical = canonicalJson({
    opportunityId: c.opportunityId,
    vendorId: c.vendorId,
    responses: [...c.responses]
      .map((r) => ({ criterionId: r.criterionId, text: r.text }))
      .sort((a, b) => byCodePoint(a.criterionId, b.criterionId)),
    attestations: c.attestations,
    priceCents: c.priceCents,
    attachments: [...c.attachments]
      .map((a) => ({ sha256: a.sha256, fileName: a.fileName }))
      .sort((a, b) => byCodePoint(a.sha256, b.sha256) || byCodePoint(a.fileName, b.fileName)),
    version: c.version,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Attachment content types a proposal may carry (anything else: VALIDATION_FAILED on `file`). */
export const ATTACHMENT_CONTENT_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/zip',
  'application/x-zip-compressed',
  'text/plain',
  'text/markdown',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
] as const;

/** The media type without parameters, lower case, or null when not allowed. */
export function allowedContentType(contentType: string | null | undefined): string | null {
  const base = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return (ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(base) ? base : null;
}
