import { MigrationInterface, QueryRunner } from 'typeorm';

/** Subscriptions get a payload filter (JSON text, null: every event of its types). Instant, nullable. */
export class SubscriptionFilter1796600000000 implements MigrationInterface {
  name = 'SubscriptionFilter1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE webhook_subscriptions ADD COLUMN filter TEXT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE webhook_subscriptions DROP COLUMN filter');
  }
}
