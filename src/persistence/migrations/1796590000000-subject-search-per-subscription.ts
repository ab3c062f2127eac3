import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A subject search limited to some subscriptions (a Webhook User's, or `subscriptionId`) reads
 * `(subject_hash, subscription_id, id)`: one equality range per subscription, so its cost is
 * that of the caller's own entries, whatever other endpoints hold for the same subject.
 */
export class SubjectSearchPerSubscription1796590000000 implements MigrationInterface {
  name = 'SubjectSearchPerSubscription1796590000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX idx_webhook_deliveries_subject_subscription ON webhook_deliveries (subject_hash, subscription_id, id)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX idx_webhook_deliveries_subject_subscription ON webhook_deliveries');
  }
}
