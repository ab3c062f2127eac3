import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Subjects (keyed hash and sealed copy) and expunged payloads on the event log. Adding
 * nullable columns is instant on MariaDB 10.3+ and MySQL 8; the index is built online.
 */
export class SubjectsAndSealedPayloads1764600000000 implements MigrationInterface {
  name = 'SubjectsAndSealedPayloads1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_deliveries
      ADD COLUMN payload_expunged TINYINT NOT NULL DEFAULT 0,
      ADD COLUMN subject_hash VARCHAR(64) NULL,
      ADD COLUMN subject_sealed VARCHAR(1536) NULL`);
    await q.query('CREATE INDEX idx_webhook_deliveries_subject ON webhook_deliveries (subject_hash, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX idx_webhook_deliveries_subject ON webhook_deliveries');
    await q.query(
      'ALTER TABLE webhook_deliveries DROP COLUMN subject_sealed, DROP COLUMN subject_hash, DROP COLUMN payload_expunged',
    );
  }
}
