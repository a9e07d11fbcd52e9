/**
 * The composition rules of a selection committee (domain.md §6). Pure: no Nest import, no I/O.
 * Belonging to a vendor organization that bid is not one of them: it would reveal the bid
 * before the deadline; such a member is recused at the closing instead (recusedSql).
 */
import type { OpportunityStatus } from '../../opportunities/entities/opportunity.entity';

/** What the rules need to know of a proposed member (absent: no such account). */
export interface CandidateAccount {
  id: string;
  role: string;
  active: boolean;
  publicBodyId: string | null;
}

export interface CommitteeProposal {
  secretaryId: string;
  evaluatorIds: readonly string[];
}

export interface CommitteePolicy {
  owningPublicBodyId: string;
  minEvaluators: number;
  requireExternal: boolean;
}

export const COMMITTEE_VIOLATIONS = [
  'SECRETARY_NOT_OWNING_BUYER',
  'TOO_FEW_EVALUATORS',
  'EVALUATOR_NOT_ELIGIBLE',
  'NO_EXTERNAL_EVALUATOR',
  'SECRETARY_IS_EVALUATOR',
  'DUPLICATE_EVALUATOR',
] as const;
export type CommitteeViolationRule = (typeof COMMITTEE_VIOLATIONS)[number];

export interface CommitteeViolation {
  rule: CommitteeViolationRule;
  userId?: string;
  message: string;
}

/** An evaluator is an active buyer (of any public body) or an active external evaluator account. */
export function isEligibleEvaluator(account: CandidateAccount | undefined): boolean {
  return !!account && account.active && (account.role === 'buyer' || account.role === 'evaluator');
}

/** Outside the owning public body: a buyer of another body, or an external evaluator account. */
export function isExternalEvaluator(account: CandidateAccount, owningPublicBodyId: string): boolean {
  return account.role === 'evaluator' || account.publicBodyId !== owningPublicBodyId;
}

/** Every violation of the composition rules, in a stable order (empty: the committee is valid). */
export function committeeViolations(
  proposal: CommitteeProposal,
  accounts: ReadonlyMap<string, CandidateAccount>,
  policy: CommitteePolicy,
): CommitteeViolation[] {
  const violations: CommitteeViolation[] = [];
  const secretary = accounts.get(proposal.secretaryId);
  if (
    !secretary ||
    !secretary.active ||
    secretary.role !== 'buyer' ||
    secretary.publicBodyId !== policy.owningPublicBodyId
  ) {
    violations.push({
      rule: 'SECRETARY_NOT_OWNING_BUYER',
      userId: proposal.secretaryId,
      message: 'Le secrétaire doit être un acheteur actif de l’organisme public responsable.',
    });
  }

  const seen = new Set<string>();
  for (const id of proposal.evaluatorIds) {
    if (seen.has(id)) {
      violations.push({
        rule: 'DUPLICATE_EVALUATOR',
        userId: id,
        message: 'Un évaluateur figure plus d’une fois dans le comité.',
      });
    }
    seen.add(id);
  }
  const evaluatorIds = [...seen];

  if (evaluatorIds.length < policy.minEvaluators) {
    violations.push({
      rule: 'TOO_FEW_EVALUATORS',
      message: `Le comité doit compter au moins ${policy.minEvaluators} évaluateurs.`,
    });
  }
  for (const id of evaluatorIds) {
    if (!isEligibleEvaluator(accounts.get(id))) {
      violations.push({
        rule: 'EVALUATOR_NOT_ELIGIBLE',
        userId: id,
        message: 'Un évaluateur doit être un acheteur actif ou un compte d’évaluateur externe actif.',
      });
    }
  }
  if (policy.requireExternal) {
    const external = evaluatorIds.some((id) => {
      const account = accounts.get(id);
      return isEligibleEvaluator(account) && isExternalEvaluator(account!, policy.owningPublicBodyId);
    });
    if (!external) {
      violations.push({
        rule: 'NO_EXTERNAL_EVALUATOR',
        message: 'Au moins un évaluateur doit venir de l’extérieur de l’organisme public responsable.',
      });
    }
  }
  if (seen.has(proposal.secretaryId)) {
    violations.push({
      rule: 'SECRETARY_IS_EVALUATOR',
      userId: proposal.secretaryId,
      message: 'Le secrétaire ne peut pas être aussi évaluateur.',
    });
  }
  return violations;
}

/** Statuses in which the composition may still change (and, until the first score, does). */
const FINISHED: readonly OpportunityStatus[] = ['CANCELLED', 'AWARDED', 'UNSUCCESSFUL'];

export function committeeChangeAllowed(status: OpportunityStatus): boolean {
  return !FINISHED.includes(status);
}

/** Evaluation is blocked while fewer evaluators than the minimum remain (signed or not, not recused). */
export function isEvaluationBlocked(nonRecusedEvaluators: number, minEvaluators: number): boolean {
  return nonRecusedEvaluators < minEvaluators;
}
