import { MigrationInterface, QueryRunner } from 'typeorm';

/** Background tasks (recover by filter) and the subscriptions each running task holds. */
export class WebhookTasks1764700000001 implements MigrationInterface {
  name = 'WebhookTasks1764700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE webhook_tasks (
      id VARCHAR(36) NOT NULL,
      kind VARCHAR(16) NOT NULL,
      status VARCHAR(16) NOT NULL,
      filter TEXT NOT NULL,
      total INT NOT NULL,
      queued INT NOT NULL DEFAULT 0,
      last_id VARCHAR(36) NULL,
      created_by VARCHAR(191) NOT NULL,
      created_at DATETIME(3) NOT NULL,
      finished_at DATETIME(3) NULL,
      lease_until DATETIME(3) NULL,
      lease_token VARCHAR(36) NULL,
      interruptions INT NOT NULL DEFAULT 0,
      error VARCHAR(512) NULL,
      PRIMARY KEY (id),
      INDEX idx_webhook_tasks_status_lease (status, lease_until)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
    await q.query(`CREATE TABLE webhook_task_locks (
      subscription_id VARCHAR(36) NOT NULL,
      task_id VARCHAR(36) NOT NULL,
      PRIMARY KEY (subscription_id),
      INDEX idx_webhook_task_locks_task (task_id)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_task_locks');
    await q.query('DROP TABLE webhook_tasks');
  }
}
