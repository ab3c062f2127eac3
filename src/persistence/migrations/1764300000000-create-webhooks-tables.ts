import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MySQL/MariaDB schema of lab-webhooks. Payloads and response bodies are MEDIUMTEXT
 * (16 MiB): the entities say `text` so that the example app's SQLite takes them too.
 */
export class CreateWebhooksTables1764300000000 implements MigrationInterface {
  name = 'CreateWebhooksTables1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_subscriptions (
      id VARCHAR(36) NOT NULL,
      url VARCHAR(2048) NOT NULL,
      events TEXT NOT NULL,
      username VARCHAR(255) NULL,
      password_sealed TEXT NULL,
      signing_secret_sealed TEXT NOT NULL,
      previous_secret_sealed TEXT NULL,
      previous_secret_expires_at DATETIME(3) NULL,
      headers TEXT NOT NULL,
      description VARCHAR(1024) NULL,
      active TINYINT NOT NULL DEFAULT 1,
      project_template_id VARCHAR(191) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      INDEX idx_webhook_subscriptions_active (active)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);

    await q.query(`CREATE TABLE webhook_subscription_users (
      subscription_id VARCHAR(36) NOT NULL,
      user_id VARCHAR(191) NOT NULL,
      PRIMARY KEY (subscription_id, user_id),
      INDEX idx_webhook_subscription_users_user (user_id, subscription_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);

    await q.query(`CREATE TABLE webhook_deliveries (
      id VARCHAR(36) NOT NULL,
      event_id VARCHAR(36) NOT NULL,
      event_type VARCHAR(64) NOT NULL,
      subscription_id VARCHAR(36) NOT NULL,
      url VARCHAR(2048) NOT NULL,
      payload MEDIUMTEXT NOT NULL,
      status VARCHAR(16) NOT NULL,
      attempt_count INT NOT NULL DEFAULT 0,
      run_attempts INT NOT NULL DEFAULT 0,
      last_response_status INT NULL,
      last_error VARCHAR(512) NULL,
      next_attempt_at DATETIME(3) NULL,
      lease_until DATETIME(3) NULL,
      lease_token VARCHAR(36) NULL,
      created_at DATETIME(3) NOT NULL,
      updated_at DATETIME(3) NOT NULL,
      PRIMARY KEY (id),
      INDEX idx_webhook_deliveries_event (event_id),
      INDEX idx_webhook_deliveries_subscription (subscription_id, id),
      INDEX idx_webhook_deliveries_subscription_status (subscription_id, status, id),
      INDEX idx_webhook_deliveries_status (status, id),
      INDEX idx_webhook_deliveries_event_type (event_type, id),
      INDEX idx_webhook_deliveries_due (status, next_attempt_at),
      INDEX idx_webhook_deliveries_created (created_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);

    await q.query(`CREATE TABLE webhook_attempts (
      id VARCHAR(36) NOT NULL,
      delivery_id VARCHAR(36) NOT NULL,
      attempt INT NOT NULL,
      \`trigger\` VARCHAR(8) NOT NULL,
      started_at DATETIME(3) NOT NULL,
      duration_ms INT NOT NULL,
      request_headers TEXT NOT NULL,
      response_status INT NULL,
      response_headers TEXT NULL,
      response_body MEDIUMTEXT NULL,
      error VARCHAR(512) NULL,
      PRIMARY KEY (id),
      INDEX idx_webhook_attempts_delivery (delivery_id, attempt)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_attempts');
    await q.query('DROP TABLE webhook_deliveries');
    await q.query('DROP TABLE webhook_subscription_users');
    await q.query('DROP TABLE webhook_subscriptions');
  }
}
