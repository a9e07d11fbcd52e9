import { EntityManager } from 'typeorm';
import type { EvaluationCriterion } from '../evaluation.rules';

/** The opportunity's criteria as the formulas take them, in their order. */
export async function evaluationCriteria(em: EntityManager, opportunityId: string): Promise<EvaluationCriterion[]> {
  const rows = await em.query<{ id: string; weight: string; minimum_required: boolean }[]>(
    `SELECT id, weight, minimum_required FROM opportunity_criterion WHERE opportunity_id = $1 ORDER BY position`,
    [opportunityId],
  );
  return rows.map((c) => ({ id: c.id, weight: c.weight, minimumRequired: c.minimum_required }));
}
