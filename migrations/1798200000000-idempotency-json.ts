import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first answer to an `Idempotency-Key` is kept as the JSON text that was sent (`json`)
 * rather than normalized (`jsonb`): the answer no longer has to be read back from the INSERT
 * for a replay to be byte-identical, so the record is written in the command's last
 * statement (one round trip less per submission). Records kept so far hold jsonb's text,
 * which is what their first answer was.
 */
export class IdempotencyJson1798200000000 implements MigrationInterface {
  name = 'IdempotencyJson1798200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "idempotency_record" ALTER COLUMN "response_body" TYPE json USING "response_body"::json`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "idempotency_record" ALTER COLUMN "response_body" TYPE jsonb USING "response_body"::jsonb`,
    );
  }
}
