import { EntityManager } from 'typeorm';
import type { DrawOnRecord } from '../award/award.rules';
import type { EvaluationCriterion } from '../evaluation.rules';

export interface StoredDraw extends DrawOnRecord {
  round: number;
  seed: string;
  algorithm: string;
  candidates: string[];
  drawnAt: Date;
}

/** The latest draw of the opportunity (highest round), or null. */
export async function lastDraw(em: EntityManager, opportunityId: string): Promise<StoredDraw | null> {
  const [row] = await em.query<
    {
      round: number;
      seed: string;
      algorithm: string;
      candidates: string[];
      winner_proposal_id: string;
      drawn_at: Date;
    }[]
  >(
    `SELECT round, seed, algorithm, candidates::text[] AS candidates, winner_proposal_id, drawn_at
       FROM evaluation_draw WHERE opportunity_id = $1 ORDER BY round DESC LIMIT 1`,
    [opportunityId],
  );
  if (!row) return null;
  return {
    round: row.round,
    seed: row.seed,
    algorithm: row.algorithm,
    candidates: row.candidates,
    winnerProposalId: row.winner_proposal_id,
    drawnAt: new Date(row.drawn_at),
  };
}

/** The opportunity's criteria as the formulas take them, in their order. */
export async function evaluationCriteria(em: EntityManager, opportunityId: string): Promise<EvaluationCriterion[]> {
  const rows = await em.query<{ id: string; weight: string; minimum_required: boolean }[]>(
    `SELECT id, weight, minimum_required FROM opportunity_criterion WHERE opportunity_id = $1 ORDER BY position`,
    [opportunityId],
  );
  return rows.map((c) => ({ id: c.id, weight: c.weight, minimumRequired: c.minimum_required }));
}
