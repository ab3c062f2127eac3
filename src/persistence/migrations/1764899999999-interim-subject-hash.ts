import { MigrationInterface, QueryRunner } from 'typeorm';

/** Interim: the subject hash column, until the lab-data migration lands. */
export class InterimSubjectHash1764899999999 implements MigrationInterface {
  name = 'InterimSubjectHash1764899999999';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE webhook_deliveries ADD COLUMN subject_hash VARCHAR(64) NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE webhook_deliveries DROP COLUMN subject_hash');
  }
}
