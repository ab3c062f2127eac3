import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A subscription's body format (`json` for every existing row: today's body) and the HL7 v2
 * receiver it names. A defaulted and a nullable column: instant on MariaDB 10.3+ and MySQL 8;
 * the previous version keeps working on the migrated table (it ignores both).
 */
export class SubscriptionFormat1796587200000 implements MigrationInterface {
  name = 'SubscriptionFormat1796587200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_subscriptions ADD COLUMN format VARCHAR(16) NOT NULL DEFAULT 'json'`);
    await q.query('ALTER TABLE webhook_subscriptions ADD COLUMN hl7 TEXT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE webhook_subscriptions DROP COLUMN hl7');
    await q.query('ALTER TABLE webhook_subscriptions DROP COLUMN format');
  }
}
