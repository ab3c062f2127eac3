import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A subscription a running task works on: the primary key lets one task at a time hold it. */
@Entity('webhook_task_locks')
@Index('idx_webhook_task_locks_task', ['taskId'])
export class WebhookTaskLockEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'varchar', length: 36 })
  subscriptionId: string;

  @Column({ name: 'task_id', type: 'varchar', length: 36 })
  taskId: string;
}
