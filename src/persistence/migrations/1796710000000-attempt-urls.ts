import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each attempt records the URL it was sent to (null on rows written before: they read as
 * their entry's url), and an audit row may carry the URL changes a resend or recover
 * confirmed. Instant, nullable columns.
 */
export class AttemptUrls1796710000000 implements MigrationInterface {
  name = 'AttemptUrls1796710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE webhook_attempts ADD COLUMN url VARCHAR(2048) NULL');
    await q.query('ALTER TABLE webhook_audit ADD COLUMN url_changes TEXT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE webhook_audit DROP COLUMN url_changes');
    await q.query('ALTER TABLE webhook_attempts DROP COLUMN url');
  }
}
