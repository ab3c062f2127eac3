import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Custom header values become secrets: a column for them sealed. A migration holds no key, so
 * it only adds the column (instant, nullable); `reseal-secrets`, run once after it, seals the
 * plain values left in `headers` (until then deliveries send them as they are). The previous version keeps working
 * on the migrated table (it ignores the new column).
 */
export class SealedHeaderValues1765000000000 implements MigrationInterface {
  name = 'SealedHeaderValues1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE webhook_subscriptions ADD COLUMN headers_sealed TEXT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    // Sealed values cannot be opened here (no key): going down loses them. Run it only on a
    // table that `reseal-secrets` has not yet needed, or re-enter the headers afterwards.
    await q.query('ALTER TABLE webhook_subscriptions DROP COLUMN headers_sealed');
  }
}
