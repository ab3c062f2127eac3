import { MigrationInterface, QueryRunner } from 'typeorm';

/** Integrator links: expiring, revocable read access to one subscription's log (secret stored hashed). */
export class IntegratorLinks1796720000000 implements MigrationInterface {
  name = 'IntegratorLinks1796720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_links (
      id VARCHAR(36) NOT NULL,
      subscription_id VARCHAR(36) NOT NULL,
      token_hash VARCHAR(64) NOT NULL,
      allow_payloads TINYINT NOT NULL DEFAULT 0,
      allow_resend TINYINT NOT NULL DEFAULT 0,
      note VARCHAR(200) NULL,
      created_by VARCHAR(191) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      expires_at DATETIME(3) NOT NULL,
      revoked_at DATETIME(3) NULL,
      last_used_at DATETIME(3) NULL,
      PRIMARY KEY (id),
      INDEX idx_webhook_links_subscription (subscription_id, id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_links');
  }
}
