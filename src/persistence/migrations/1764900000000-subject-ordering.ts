import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ordering per subject: the subscription's `ordering`, each entry's place in its subject's
 * order, and the per-subject publish counters. Nullable or defaulted columns: instant on
 * MariaDB 10.3+ and MySQL 8; the index is built online.
 */
export class SubjectOrdering1764900000000 implements MigrationInterface {
  name = 'SubjectOrdering1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_subscriptions ADD COLUMN ordering VARCHAR(16) NOT NULL DEFAULT 'none'`);
    await q.query('ALTER TABLE webhook_deliveries ADD COLUMN order_seq BIGINT NULL');
    await q.query(
      'CREATE INDEX idx_webhook_deliveries_order ON webhook_deliveries (subscription_id, subject_hash, order_seq)',
    );
    await q.query(`CREATE TABLE webhook_subject_sequences (
      subscription_id VARCHAR(36) NOT NULL,
      subject_hash VARCHAR(64) NOT NULL,
      last_seq BIGINT NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (subscription_id, subject_hash),
      INDEX idx_webhook_subject_sequences_updated (updated_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_subject_sequences');
    await q.query('DROP INDEX idx_webhook_deliveries_order ON webhook_deliveries');
    await q.query('ALTER TABLE webhook_deliveries DROP COLUMN order_seq');
    await q.query('ALTER TABLE webhook_subscriptions DROP COLUMN ordering');
  }
}
