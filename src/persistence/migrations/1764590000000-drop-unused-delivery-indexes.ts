import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops two indexes no query uses: the event log filters time as id ranges (ids are UUIDv7),
 * never by `created_at`, and nothing looks entries up by `event_id`. Each cost a B-tree write
 * per published entry.
 */
export class DropUnusedDeliveryIndexes1764590000000 implements MigrationInterface {
  name = 'DropUnusedDeliveryIndexes1764590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE webhook_deliveries DROP INDEX idx_webhook_deliveries_event, DROP INDEX idx_webhook_deliveries_created',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE webhook_deliveries ADD INDEX idx_webhook_deliveries_event (event_id), ADD INDEX idx_webhook_deliveries_created (created_at)',
    );
  }
}
