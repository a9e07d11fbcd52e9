import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scoring, consensus, lock, ranking and draw (domain.md §6): individual scores (blind),
 * consensus scores, the results stored on the proposal at the lock, and the tie-break draw.
 */
export class Scores1796000000000 implements MigrationInterface {
  name = 'Scores1796000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "consensus_score" ("proposal_id" uuid NOT NULL, "criterion_id" uuid NOT NULL, "score" numeric(5,2) NOT NULL, "rationale" text NOT NULL, "recorded_by_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_consensus_score" PRIMARY KEY ("proposal_id", "criterion_id"))`,
    );
    await q.query(
      `CREATE TABLE "evaluation_draw" ("opportunity_id" uuid NOT NULL, "seed" character(64) NOT NULL, "algorithm" text NOT NULL, "candidates" uuid array NOT NULL, "winner_proposal_id" uuid NOT NULL, "drawn_by_id" uuid NOT NULL, "drawn_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_evaluation_draw" PRIMARY KEY ("opportunity_id"))`,
    );
    await q.query(
      `CREATE TABLE "individual_score" ("proposal_id" uuid NOT NULL, "evaluator_id" uuid NOT NULL, "criterion_id" uuid NOT NULL, "score" numeric(5,2) NOT NULL, "comment" text NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_individual_score" PRIMARY KEY ("proposal_id", "evaluator_id", "criterion_id"))`,
    );
    await q.query(`CREATE INDEX "ix_individual_score_evaluator" ON "individual_score"  ("evaluator_id") `);
    await q.query(`ALTER TABLE "proposal" ADD "quality_score" numeric(5,2)`);
    await q.query(`ALTER TABLE "proposal" ADD "adjusted_price_cents" integer`);
    await q.query(`ALTER TABLE "proposal" ADD "rank" integer`);
    await q.query(
      `ALTER TABLE "consensus_score" ADD CONSTRAINT "fk_consensus_score_proposal" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "consensus_score" ADD CONSTRAINT "fk_consensus_score_criterion" FOREIGN KEY ("criterion_id") REFERENCES "opportunity_criterion"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "consensus_score" ADD CONSTRAINT "fk_consensus_score_recorded_by" FOREIGN KEY ("recorded_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "evaluation_draw" ADD CONSTRAINT "fk_evaluation_draw_opportunity" FOREIGN KEY ("opportunity_id") REFERENCES "opportunity"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "evaluation_draw" ADD CONSTRAINT "fk_evaluation_draw_winner" FOREIGN KEY ("winner_proposal_id") REFERENCES "proposal"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "evaluation_draw" ADD CONSTRAINT "fk_evaluation_draw_drawn_by" FOREIGN KEY ("drawn_by_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "individual_score" ADD CONSTRAINT "fk_individual_score_proposal" FOREIGN KEY ("proposal_id") REFERENCES "proposal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "individual_score" ADD CONSTRAINT "fk_individual_score_evaluator" FOREIGN KEY ("evaluator_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "individual_score" ADD CONSTRAINT "fk_individual_score_criterion" FOREIGN KEY ("criterion_id") REFERENCES "opportunity_criterion"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "individual_score"`);
    await q.query(`DROP TABLE "evaluation_draw"`);
    await q.query(`DROP TABLE "consensus_score"`);
    await q.query(`ALTER TABLE "proposal" DROP COLUMN "rank"`);
    await q.query(`ALTER TABLE "proposal" DROP COLUMN "adjusted_price_cents"`);
    await q.query(`ALTER TABLE "proposal" DROP COLUMN "quality_score"`);
  }
}
