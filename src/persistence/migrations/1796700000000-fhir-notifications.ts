import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * FHIR R4 notifications: a `fhir-r4` subscription's settings, each entry's event number, and
 * the per-subscription event counters. Nullable columns (instant on MariaDB 10.3+ and MySQL 8)
 * and an index built online; the previous version ignores all three.
 */
export class FhirNotifications1796700000000 implements MigrationInterface {
  name = 'FhirNotifications1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE webhook_subscriptions ADD COLUMN fhir TEXT NULL');
    await q.query('ALTER TABLE webhook_deliveries ADD COLUMN event_number BIGINT NULL');
    await q.query(
      'CREATE INDEX idx_webhook_deliveries_event_number ON webhook_deliveries (subscription_id, event_number)',
    );
    await q.query(`CREATE TABLE webhook_event_counters (
      subscription_id VARCHAR(36) NOT NULL,
      last_number BIGINT NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (subscription_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_event_counters');
    await q.query('DROP INDEX idx_webhook_deliveries_event_number ON webhook_deliveries');
    await q.query('ALTER TABLE webhook_deliveries DROP COLUMN event_number');
    await q.query('ALTER TABLE webhook_subscriptions DROP COLUMN fhir');
  }
}
