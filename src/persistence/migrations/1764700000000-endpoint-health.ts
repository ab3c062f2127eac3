import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Endpoint health: why and when an endpoint was deactivated and since when its entries have
 * been failing; on attempts, the delay chosen for the next one and why (Retry-After); on
 * entries, the attempt whose exhaustion was announced, so it is announced once.
 */
export class EndpointHealth1764700000000 implements MigrationInterface {
  name = 'EndpointHealth1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_subscriptions
      ADD COLUMN disabled_reason VARCHAR(16) NULL,
      ADD COLUMN disabled_at DATETIME(3) NULL,
      ADD COLUMN failing_since DATETIME(3) NULL`);
    await q.query(`ALTER TABLE webhook_attempts
      ADD COLUMN next_delay_ms INT NULL,
      ADD COLUMN delay_reason VARCHAR(24) NULL`);
    await q.query('ALTER TABLE webhook_deliveries ADD COLUMN exhausted_attempt INT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE webhook_deliveries DROP COLUMN exhausted_attempt');
    await q.query('ALTER TABLE webhook_attempts DROP COLUMN next_delay_ms, DROP COLUMN delay_reason');
    await q.query(
      'ALTER TABLE webhook_subscriptions DROP COLUMN disabled_reason, DROP COLUMN disabled_at, DROP COLUMN failing_since',
    );
  }
}
