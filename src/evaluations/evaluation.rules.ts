/**
 * Pure formulas of the evaluation (domain.md §6): quality score, acceptability, adjusted
 * price and ranking with tie detection. No Nest import, no I/O. Scores, weights, K and Q are
 * decimal text (or numbers read as their decimal text) with at most 2 decimals, computed
 * exactly as integers of hundredths (BigInt for the adjusted price's division), never with
 * binary floating point; only the final integer cents become JS numbers. See
 * docs/evaluation.md. The draw is in `draw.ts`.
 *
 * Integers rather than decimal.js: the lock ranks every proposal at once, and decimal.js
 * objects cost ≈ 150–250 µs per proposal of 10 criteria (≈ 40–70 ms for 200, inside the
 * lock's transaction); the same exact results as integers cost a few microseconds.
 */
import { DomainError, FieldProblem, validationFailed } from '../common/errors/domain-error';
import type { EvaluationMethod } from '../opportunities/entities/opportunity.entity';
import { assertK } from '../opportunities/opportunities.rules';

/**
 * The regulation's constants of the adjusted-price formula: `(Q − 70) / 30`. They are not the
 * quality threshold (a setting frozen on each opportunity at publication, 70 by default):
 * raising the threshold refuses more proposals, it does not change the formula.
 */
export const FORMULA_BASE = 70;
export const FORMULA_SPAN = 30;
const MAX_SCORE = 100;

export interface EvaluationCriterion {
  id: string;
  weight: string | number;
  minimumRequired: boolean;
}

export interface ConsensusScore {
  criterionId: string;
  score: string | number;
}

// ─── Decimal input ──────────────────────────────────────────────────────────────────

const DECIMAL_TEXT = /^(\d{1,7})(?:\.(\d{1,2}))?$/;

/**
 * A non-negative decimal with ≤ 2 decimals as an integer number of hundredths (`"33.3"` →
 * 3330), from its text (numbers through `String`), or null.
 */
function parseHundredths(value: string | number): number | null {
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value.trim();
  const m = DECIMAL_TEXT.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0')) : null;
}

/** Hundredths as decimal text with two decimals (`8250` → `"82.50"`). */
function hundredthsText(hundredths: number): string {
  return `${Math.trunc(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** `n / d` rounded half-up, for non-negative integers (exact: no floating-point division). */
function divideHalfUp(n: number, d: number): number {
  const shifted = n + Math.trunc(d / 2);
  return (shifted - (shifted % d)) / d;
}

/** `path` is a function: built only for a problem (the lock checks 200 × 10 values that are fine). */
function decimalIn(
  value: string | number,
  path: () => string,
  min: number,
  max: number,
  problems: FieldProblem[],
): number {
  const h = parseHundredths(value);
  if (h === null || h < min * 100 || h > max * 100) {
    problems.push({ path: path(), message: `doit être un nombre entre ${min} et ${max}, avec au plus 2 décimales` });
    return 0;
  }
  return h;
}

function throwIfAny(problems: FieldProblem[]): void {
  if (problems.length > 0) throw validationFailed(problems);
}

// ─── Quality score ──────────────────────────────────────────────────────────────────

interface ScoredCriterion {
  criterion: EvaluationCriterion;
  /** Hundredths. */
  weight: number;
  /** Hundredths. */
  score: number;
}

/**
 * A grid of criteria read once (weights parsed, ids indexed), for the scores of every proposal:
 * the lock evaluates 200 proposals against the same 10 criteria.
 */
interface PreparedCriteria {
  criteria: readonly EvaluationCriterion[];
  /** Hundredths (0 when invalid). */
  weights: number[];
  /** The weight's problem of each criterion, or null. */
  weightProblems: (FieldProblem | null)[];
  known: Set<string>;
}

function prepareCriteria(criteria: readonly EvaluationCriterion[]): PreparedCriteria {
  const weightProblems: (FieldProblem | null)[] = [];
  const weights = criteria.map((criterion) => {
    const problems: FieldProblem[] = [];
    const weight = decimalIn(criterion.weight, () => `criteria[${criterion.id}].weight`, 0, 100, problems);
    weightProblems.push(problems[0] ?? null);
    return weight;
  });
  return { criteria, weights, weightProblems, known: new Set(criteria.map((c) => c.id)) };
}

/** Pairs each criterion with its one consensus score; VALIDATION_FAILED names every gap. */
function scoreCriteria(grid: PreparedCriteria, scores: readonly ConsensusScore[]): ScoredCriterion[] {
  const problems: FieldProblem[] = [];
  const byCriterion = new Map<string, ConsensusScore>();
  for (const s of scores) {
    if (byCriterion.has(s.criterionId))
      problems.push({ path: `scores[${s.criterionId}]`, message: 'plus d’une note consensuelle pour ce critère' });
    else byCriterion.set(s.criterionId, s);
    if (!grid.known.has(s.criterionId)) problems.push({ path: `scores[${s.criterionId}]`, message: 'critère inconnu' });
  }
  if (grid.criteria.length === 0) problems.push({ path: 'criteria', message: 'aucun critère' });
  const scored = grid.criteria.map((criterion, i) => {
    const s = byCriterion.get(criterion.id);
    const weight = grid.weights[i];
    const weightProblem = grid.weightProblems[i];
    if (weightProblem) problems.push(weightProblem);
    if (s === undefined) {
      problems.push({ path: `scores[${criterion.id}]`, message: 'note consensuelle manquante pour ce critère' });
      return { criterion, score: 0, weight };
    }
    const score = decimalIn(s.score, () => `scores[${criterion.id}].score`, 0, MAX_SCORE, problems);
    return { criterion, score, weight };
  });
  throwIfAny(problems);
  return scored;
}

function weightedSum(
  grid: PreparedCriteria,
  scores: readonly ConsensusScore[],
): { q: number; scored: ScoredCriterion[] } {
  const scored = scoreCriteria(grid, scores);
  // score × weight / 100 in hundredths × hundredths is exact in millionths (each product
  // ≤ 10⁸, far inside the safe integers); one half-up rounding to hundredths at the end.
  const millionths = scored.reduce((acc, { weight, score }) => acc + score * weight, 0);
  return { q: divideHalfUp(millionths, 10_000), scored };
}

/**
 * `Q = Σ(score × weight / 100)`, computed exactly, rounded half-up to 2 decimals ("85.00").
 * Every criterion needs exactly one consensus score (else VALIDATION_FAILED).
 */
export function qualityScore(criteria: readonly EvaluationCriterion[], scores: readonly ConsensusScore[]): string {
  return hundredthsText(weightedSum(prepareCriteria(criteria), scores).q);
}

// ─── Acceptability ──────────────────────────────────────────────────────────────────

export type NotAcceptableReason =
  | { code: 'QUALITY_BELOW_THRESHOLD'; qualityScore: string; threshold: number }
  | {
      code: 'CRITERION_BELOW_THRESHOLD';
      criterionId: string;
      score: string;
      threshold: number;
      minimumRequired: boolean;
    };

export interface Acceptability {
  acceptable: boolean;
  qualityScore: string;
  /** Empty when acceptable; otherwise every reason, Q first, then criteria in criteria order. */
  reasons: NotAcceptableReason[];
}

/**
 * `Q ≥ threshold` and every `minimumRequired` criterion's consensus score ≥ threshold; for
 * `min_quality_lowest_price`, every criterion's score ≥ threshold.
 */
export function isAcceptable(
  method: EvaluationMethod,
  criteria: readonly EvaluationCriterion[],
  scores: readonly ConsensusScore[],
  threshold: number,
): Acceptability {
  return acceptabilityRule(method, criteria, threshold)(scores);
}

/**
 * `isAcceptable` with the method, criteria and threshold fixed, for the scores of many
 * proposals (the lock): the criteria are read once, not once per proposal.
 */
export function acceptabilityRule(
  method: EvaluationMethod,
  criteria: readonly EvaluationCriterion[],
  threshold: number,
): (scores: readonly ConsensusScore[]) => Acceptability {
  const grid = prepareCriteria(criteria);
  // The threshold is an integer setting (0–100); hundredths compare exactly.
  const thresholdHundredths = Math.round(threshold * 100);
  const mustReach = criteria.map((c) => method === 'min_quality_lowest_price' || c.minimumRequired);
  return (scores) => {
    const { q, scored } = weightedSum(grid, scores);
    const qualityScoreText = hundredthsText(q);
    const reasons: NotAcceptableReason[] = [];
    if (q < thresholdHundredths)
      reasons.push({ code: 'QUALITY_BELOW_THRESHOLD', qualityScore: qualityScoreText, threshold });
    scored.forEach(({ criterion, score }, i) => {
      if (mustReach[i] && score < thresholdHundredths) {
        reasons.push({
          code: 'CRITERION_BELOW_THRESHOLD',
          criterionId: criterion.id,
          score: hundredthsText(score),
          threshold,
          minimumRequired: criterion.minimumRequired,
        });
      }
    });
    return { acceptable: reasons.length === 0, qualityScore: qualityScoreText, reasons };
  };
}

// ─── Adjusted price ─────────────────────────────────────────────────────────────────

function assertPriceCents(priceCents: number): void {
  if (!Number.isSafeInteger(priceCents) || priceCents <= 0) {
    throw new DomainError('INVALID_PRICE', 'Le prix doit être un nombre entier de cents supérieur à 0.', {
      priceCents,
    });
  }
}

/**
 * `price / (1 + K × (Q − 70) / 30)` with `K = kPercent / 100`, rounded half-up to the cent,
 * the regulation's formula as written, whatever the quality threshold.
 *
 * Computed as `price × 30 × 100 / (30 × 100 + kPercent × (Q − 70))`, both sides scaled by
 * 10⁴ so that K and Q (hundredths) make integers: one exact integer division (BigInt, as
 * the numerator may pass 2⁵³), rounded half-up. The denominator stays positive: K ≤ 30 and
 * Q ≥ 0 give at least 3000 − 30 × 70 = 900.
 */
export function adjustedPriceCents(
  priceCents: number,
  qualityScoreValue: string | number,
  kPercent: string | number,
): number {
  assertPriceCents(priceCents);
  assertK('adjusted_price', kPercent);
  const problems: FieldProblem[] = [];
  const q = decimalIn(qualityScoreValue, () => 'qualityScore', 0, MAX_SCORE, problems);
  throwIfAny(problems);
  const k = parseHundredths(kPercent) as number; // assertK: ≤ 2 decimals, 15–30
  const span = BigInt(FORMULA_SPAN * 100 * 10_000);
  const numerator = BigInt(priceCents) * span;
  const denominator = span + BigInt(k) * BigInt(q - FORMULA_BASE * 100);
  return Number((2n * numerator + denominator) / (2n * denominator));
}

// ─── Ranking ────────────────────────────────────────────────────────────────────────

export interface RankingCandidate {
  proposalId: string;
  priceCents: number;
  qualityScore: string | number;
  acceptable: boolean;
}

export interface RankedProposal {
  proposalId: string;
  priceCents: number;
  qualityScore: string;
  acceptable: boolean;
  /** `adjusted_price` and acceptable: the adjusted price; otherwise null. */
  adjustedPriceCents: number | null;
  /** What the ranking compares: the adjusted price, or the price; null when not acceptable. */
  rankingCents: number | null;
  /** Standard competition ranking (1, 1, 3); null when not acceptable. */
  rank: number | null;
}

export interface Ranking {
  /** Acceptable proposals by rank (equal ranks by proposal id), then the others by proposal id. */
  proposals: RankedProposal[];
  /** Two or more acceptable proposals share rank 1 (equal to the cent): the award needs a draw. */
  tieAtFirst: boolean;
  /** The proposals sharing rank 1 when tied (by lower-case id, as the draw sorts them); else empty. */
  tiedProposalIds: string[];
}

const byId = (a: { proposalId: string }, b: { proposalId: string }) => {
  const x = a.proposalId.toLowerCase();
  const y = b.proposalId.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Acceptable proposals ascending by adjusted price (`adjusted_price`) or by price
 * (`min_quality_lowest_price`); values equal to the cent share a rank and the next rank skips
 * (1, 1, 3). Not-acceptable proposals come last with rank null.
 */
export function rank(
  method: EvaluationMethod,
  candidates: readonly RankingCandidate[],
  kPercent: string | number | null = null,
): Ranking {
  assertK(method, kPercent);
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const evaluated = candidates.map((c, i) => {
    assertPriceCents(c.priceCents);
    if (seen.has(c.proposalId.toLowerCase()))
      problems.push({ path: `candidates[${i}].proposalId`, message: 'proposition en double' });
    seen.add(c.proposalId.toLowerCase());
    const q = hundredthsText(decimalIn(c.qualityScore, () => `candidates[${i}].qualityScore`, 0, MAX_SCORE, problems));
    return { c, q };
  });
  throwIfAny(problems);

  const rows: RankedProposal[] = evaluated.map(({ c, q }) => {
    const adjusted =
      c.acceptable && method === 'adjusted_price'
        ? adjustedPriceCents(c.priceCents, q, kPercent as string | number)
        : null;
    return {
      proposalId: c.proposalId,
      priceCents: c.priceCents,
      qualityScore: q,
      acceptable: c.acceptable,
      adjustedPriceCents: adjusted,
      rankingCents: c.acceptable ? (adjusted ?? c.priceCents) : null,
      rank: null,
    };
  });

  const ranked = rows
    .filter((r) => r.acceptable)
    .sort((a, b) => (a.rankingCents as number) - (b.rankingCents as number) || byId(a, b));
  ranked.forEach((r, i) => {
    r.rank = i > 0 && r.rankingCents === ranked[i - 1].rankingCents ? ranked[i - 1].rank : i + 1;
  });
  const unranked = rows.filter((r) => !r.acceptable).sort(byId);
  const first = ranked.filter((r) => r.rank === 1);
  const tieAtFirst = first.length > 1;
  return {
    proposals: [...ranked, ...unranked],
    tieAtFirst,
    tiedProposalIds: tieAtFirst ? first.map((r) => r.proposalId) : [],
  };
}
