import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { dateTime, jsonText } from './columns';

export const TASK_STATUSES = ['running', 'completed', 'failed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** What a recover task selects, frozen when it was created. */
export interface RecoverFilter {
  /** Id range of the entries (UUIDv7: a time range): `lo <= id < hi`. */
  lo: string;
  hi: string;
  subscriptionIds: string[];
  status: string;
  eventType: string | null;
}

/** A background task an operator started (a recover), with its progress. */
@Entity('webhook_tasks')
@Index('idx_webhook_tasks_status_lease', ['status', 'leaseUntil'])
export class WebhookTaskEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  kind: 'recover';

  @Column({ type: 'varchar', length: 16 })
  status: TaskStatus;

  @Column({ type: 'text', transformer: jsonText })
  filter: RecoverFilter;

  @Column({ type: 'int' })
  total: number;

  @Column({ type: 'int', default: 0 })
  queued: number;

  /** The last entry id handled: a resumed task goes on after it. */
  @Column({ name: 'last_id', type: 'varchar', length: 36, nullable: true })
  cursor: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 191 })
  createdBy: string;

  @Column({ name: 'created_at', ...dateTime })
  createdAt: Date;

  @Column({ name: 'finished_at', ...dateTime, nullable: true })
  finishedAt: Date | null;

  /** Held by the worker running the task, renewed each batch; an expired lease means it stopped. */
  @Column({ name: 'lease_until', ...dateTime, nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'lease_token', type: 'varchar', length: 36, nullable: true })
  leaseToken: string | null;

  /** Times a worker stopped while holding it. */
  @Column({ type: 'int', default: 0 })
  interruptions: number;

  /** Why it failed (never a payload or a secret). */
  @Column({ type: 'varchar', length: 512, nullable: true })
  error: string | null;
}
