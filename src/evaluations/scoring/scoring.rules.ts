/**
 * Pure checks of individual scores (domain.md §6). No Nest import, no I/O. The formulas
 * (Q, acceptability, adjusted price, ranking, draw) are in ../evaluation.rules.ts and ../draw.ts.
 */
import type { FieldProblem } from '../../common/errors/domain-error';

const SCORE_TEXT = /^\d{1,3}(?:\.\d{1,2})?$/;

export interface ScoreInput {
  criterionId: string;
  score: unknown;
}

/** A score from 0 to 100 with at most 2 decimals, as its decimal text ("85.5"), or null. */
export function scoreText(value: unknown): string | null {
  const text =
    typeof value === 'number'
      ? Number.isFinite(value)
        ? String(value)
        : ''
      : typeof value === 'string'
        ? value.trim()
        : '';
  if (!SCORE_TEXT.test(text)) return null;
  const n = Number(text);
  return n >= 0 && n <= 100 ? text : null;
}

/**
 * One score per criterion of the opportunity, each 0–100 with ≤ 2 decimals. Problems name
 * `scores[i].score`, `scores[i].criterionId` (unknown or repeated) or `scores` (a criterion
 * without a score).
 */
export function individualScoreProblems(
  criterionIds: readonly string[],
  scores: readonly ScoreInput[],
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Set(criterionIds.map((id) => id.toLowerCase()));
  const seen = new Set<string>();
  scores.forEach((s, i) => {
    const id = s.criterionId.toLowerCase();
    if (!known.has(id))
      problems.push({ path: `scores[${i}].criterionId`, message: 'critère inconnu pour cette opportunité' });
    else if (seen.has(id))
      problems.push({ path: `scores[${i}].criterionId`, message: 'plus d’une note pour ce critère' });
    seen.add(id);
    if (scoreText(s.score) === null)
      problems.push({
        path: `scores[${i}].score`,
        message: 'doit être un nombre entre 0 et 100, avec au plus 2 décimales',
      });
  });
  const missing = criterionIds.filter((id) => !seen.has(id.toLowerCase()));
  if (missing.length > 0)
    problems.push({
      path: 'scores',
      message: `note manquante pour ${missing.length} critère(s) : ${missing.join(', ')}`,
    });
  return problems;
}
