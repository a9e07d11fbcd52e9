import { DomainError } from '../common/errors/domain-error';
import { CONTRACT_STATUSES, ContractStatus } from './entities/contract.entity';

/**
 * The contract's lifecycle (domain.md §7) as data: ACTIVE → DELIVERED → ACCEPTED → PUBLISHED
 * → PAID, or TERMINATED from any state before PAID. PAID and TERMINATED are final.
 */
export const CONTRACT_TRANSITIONS: Record<ContractStatus, readonly ContractStatus[]> = {
  ACTIVE: ['DELIVERED', 'TERMINATED'],
  DELIVERED: ['ACCEPTED', 'TERMINATED'],
  ACCEPTED: ['PUBLISHED', 'TERMINATED'],
  PUBLISHED: ['PAID', 'TERMINATED'],
  PAID: [],
  TERMINATED: [],
};

export function canTransition(from: ContractStatus, to: ContractStatus): boolean {
  return CONTRACT_TRANSITIONS[from].includes(to);
}

export function assertTransition(from: ContractStatus, to: ContractStatus): void {
  if (!canTransition(from, to)) throw new DomainError('INVALID_TRANSITION', undefined, { from, to });
}

/** Every (from, to) pair, allowed or not: what the table-driven spec walks. */
export const ALL_PAIRS: [ContractStatus, ContractStatus][] = CONTRACT_STATUSES.flatMap((from) =>
  CONTRACT_STATUSES.map((to) => [from, to] as [ContractStatus, ContractStatus]),
);

/** Amendments are recorded while the contract is open: not once paid or terminated. */
export const AMENDABLE: readonly ContractStatus[] = ['ACTIVE', 'DELIVERED', 'ACCEPTED', 'PUBLISHED'];
/** The supplier delivers while the contract waits for (another) delivery. */
export const DELIVERABLE: readonly ContractStatus[] = ['ACTIVE', 'DELIVERED'];

export function assertStatusIn(status: ContractStatus, allowed: readonly ContractStatus[], message: string): void {
  if (!allowed.includes(status)) throw new DomainError('INVALID_TRANSITION', message, { status, allowed });
}

export interface AmendmentLimits {
  initialAmountCents: number;
  /** Sum of the amendments already recorded (may be negative). */
  amendedCents: number;
  /** Sum of the payments already recorded. */
  paidCents: number;
  maxPercent: number;
  programCapCents: number;
}

/**
 * An amendment of `amountCents` (non-zero integer cents, negative for a scope reduction), in
 * exact integer arithmetic: the cumulative amendments stay at or below `maxPercent` % of the
 * initial amount (cumulative × 100 ≤ initial × maxPercent), the total (initial + cumulative)
 * stays strictly under the program cap, above zero, and not below what is already paid.
 * Returns the new cumulative and total.
 */
export function checkAmendment(
  limits: AmendmentLimits,
  amountCents: number,
): { amendedCents: number; totalCents: number } {
  if (!Number.isSafeInteger(amountCents) || amountCents === 0) {
    throw new DomainError(
      'AMENDMENT_LIMIT_EXCEEDED',
      'Le montant d’une modification est un nombre entier de cents non nul.',
      {
        amountCents,
      },
    );
  }
  const amendedCents = limits.amendedCents + amountCents;
  const totalCents = limits.initialAmountCents + amendedCents;
  const base = { amountCents, amendedCents, totalCents, initialAmountCents: limits.initialAmountCents };
  const maxAmendedCents = Math.floor((limits.initialAmountCents * limits.maxPercent) / 100);
  if (amendedCents * 100 > limits.initialAmountCents * limits.maxPercent) {
    throw new DomainError(
      'AMENDMENT_LIMIT_EXCEEDED',
      `Les modifications cumulées dépasseraient ${limits.maxPercent} % du montant initial.`,
      { ...base, reason: 'percent', maxPercent: limits.maxPercent, maxAmendedCents },
    );
  }
  if (totalCents >= limits.programCapCents) {
    throw new DomainError(
      'AMENDMENT_LIMIT_EXCEEDED',
      'Le montant total du contrat doit rester sous le plafond du programme.',
      {
        ...base,
        reason: 'program-cap',
        programCapCents: limits.programCapCents,
      },
    );
  }
  if (totalCents <= 0) {
    throw new DomainError('AMENDMENT_LIMIT_EXCEEDED', 'Le montant total du contrat doit rester positif.', {
      ...base,
      reason: 'non-positive-total',
    });
  }
  if (totalCents < limits.paidCents) {
    throw new DomainError(
      'AMENDMENT_LIMIT_EXCEEDED',
      'Le montant total ne peut pas descendre sous les paiements déjà versés.',
      {
        ...base,
        reason: 'below-paid',
        paidCents: limits.paidCents,
      },
    );
  }
  return { amendedCents, totalCents };
}

/**
 * A payment of `amountCents` (positive integer) against a contract total: the sum of the
 * payments never exceeds the total. Returns whether the contract is then fully paid.
 */
export function checkPayment(totalCents: number, paidCents: number, amountCents: number): { fullyPaid: boolean } {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
    throw new DomainError('PAYMENT_LIMIT_EXCEEDED', 'Le montant d’un paiement est un nombre entier positif de cents.', {
      amountCents,
    });
  }
  if (paidCents + amountCents > totalCents) {
    throw new DomainError('PAYMENT_LIMIT_EXCEEDED', undefined, {
      amountCents,
      paidCents,
      totalCents,
      remainingCents: totalCents - paidCents,
    });
  }
  return { fullyPaid: paidCents + amountCents === totalCents };
}

/** What keeps a deliverable from acceptance: unmet criteria (by index) and checks not passed. */
export interface AcceptanceGaps {
  criteria: number[];
  checks: string[];
}

/**
 * Acceptance (domain.md §7): every acceptance criterion of the opportunity is marked met
 * (by its index) and every check of the deliverable is done and passed.
 */
export function acceptanceGaps(
  criteriaCount: number,
  marked: readonly { index: number; met: boolean }[],
  checks: readonly { name: string; passed: boolean }[] | null,
  expectedChecks: readonly string[],
): AcceptanceGaps {
  const met = new Set(marked.filter((m) => m.met).map((m) => m.index));
  const criteria = [...Array(criteriaCount).keys()].filter((i) => !met.has(i));
  const passed = new Set((checks ?? []).filter((c) => c.passed).map((c) => c.name));
  return { criteria, checks: expectedChecks.filter((name) => !passed.has(name)) };
}

/** The reference counter's kind for contracts. */
export const CONTRACT_REFERENCE_KIND = 'C';

/** `C-<year>-<seq>`, four digits at least (`C-2026-0001`), as opportunity references. */
export function contractReference(year: number, sequence: number): string {
  return `${CONTRACT_REFERENCE_KIND}-${year}-${String(sequence).padStart(4, '0')}`;
}
