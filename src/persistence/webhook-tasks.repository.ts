import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { WebhookTaskLockEntity } from './webhook-task-lock.entity';
import { WebhookTaskEntity } from './webhook-task.entity';

/** `webhook_tasks` (with `webhook_task_locks`): background tasks and the lease of the worker running each. */
@Injectable()
export class WebhookTasksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Ids of the tasks running with no live lease at `now`. */
  async orphans(now: Date): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(WebhookTaskEntity)
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .where('t.status = :running', { running: 'running' })
      .andWhere(new Brackets((w) => w.where('t.lease_until IS NULL').orWhere('t.lease_until < :now', { now })))
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /**
   * Takes the running task `seen` (as read, with no live lease at `now`) with `token` until
   * `leaseUntil`, recording `interruptions`; false when another worker took it first.
   */
  async claim(
    seen: WebhookTaskEntity,
    token: string,
    now: Date,
    leaseUntil: Date,
    interruptions: number,
  ): Promise<boolean> {
    const won = await this.dataSource
      .getRepository(WebhookTaskEntity)
      .createQueryBuilder()
      .update()
      .set({ leaseUntil, leaseToken: token, interruptions })
      .where('id = :id AND status = :running AND interruptions = :seen', {
        id: seen.id,
        running: 'running',
        seen: seen.interruptions,
      })
      .andWhere(new Brackets((w) => w.where('lease_until IS NULL').orWhere('lease_until < :now', { now })))
      .execute();
    return Boolean(won.affected);
  }

  /** Inside `m`'s transaction: `moved` more queued, the cursor and the lease renewed; false when `token` lost the lease. */
  async progress(
    m: EntityManager,
    id: string,
    token: string,
    moved: number,
    cursor: string,
    leaseUntil: Date,
  ): Promise<boolean> {
    const renewed = await m
      .createQueryBuilder()
      .update(WebhookTaskEntity)
      .set({ queued: () => `queued + ${Number(moved)}`, cursor, leaseUntil })
      .where('id = :id AND lease_token = :token', { id, token })
      .execute();
    return Boolean(renewed.affected);
  }

  /** Ends the task held with `token`, and frees its endpoint lock. */
  async finish(id: string, token: string, status: 'completed' | 'failed', error: string | null): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const done = await m
        .createQueryBuilder()
        .update(WebhookTaskEntity)
        .set({ status, error, finishedAt: new Date(), leaseUntil: null, leaseToken: null })
        .where('id = :id AND lease_token = :token', { id, token })
        .execute();
      if (done.affected) await m.delete(WebhookTaskLockEntity, { taskId: id });
    });
  }
}
