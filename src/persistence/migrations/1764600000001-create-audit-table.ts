import { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail: kept `auditRetentionDays` (six years by default), apart from the event log. */
export class CreateAuditTable1764600000001 implements MigrationInterface {
  name = 'CreateAuditTable1764600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_audit (
      id VARCHAR(36) NOT NULL,
      at DATETIME(3) NOT NULL,
      actor_id VARCHAR(191) NOT NULL,
      action VARCHAR(48) NOT NULL,
      subscription_id VARCHAR(36) NULL,
      delivery_ids TEXT NOT NULL,
      count INT NOT NULL DEFAULT 0,
      changes TEXT NULL,
      PRIMARY KEY (id),
      INDEX idx_webhook_audit_actor (actor_id, id),
      INDEX idx_webhook_audit_action (action, id),
      INDEX idx_webhook_audit_subscription (subscription_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_audit');
  }
}
