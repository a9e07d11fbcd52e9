import { MigrationInterface, QueryRunner } from 'typeorm';

/** OCDS releases (docs/open-data.md): one row per release, written with the state change it describes. */
export class OcdsReleases1797500000000 implements MigrationInterface {
  name = 'OcdsReleases1797500000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "ocds_release" ("seq" BIGSERIAL NOT NULL, "ocid" character varying(60) NOT NULL, "release_seq" integer NOT NULL, "release_id" character varying(80) NOT NULL, "tags" text array NOT NULL, "date" TIMESTAMP WITH TIME ZONE NOT NULL, "entities" text array NOT NULL, "release" jsonb NOT NULL, CONSTRAINT "pk_ocds_release" PRIMARY KEY ("seq"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_ocds_release_ocid_seq" ON "ocds_release" ("ocid", "release_seq") `);
    await q.query(`CREATE UNIQUE INDEX "uq_ocds_release_release_id" ON "ocds_release" ("release_id") `);
    await q.query(`CREATE INDEX "ix_ocds_release_date" ON "ocds_release" ("date") `);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ocds_release"`);
  }
}
