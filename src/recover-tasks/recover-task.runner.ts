import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { BackgroundJob } from '../common/background-job';
import { newId } from '../common/ids';
import { EventResendService } from '../event-log/event-resend.service';
import { UrlChange } from '../persistence/webhook-audit.entity';
import { WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { WebhookTaskLockEntity } from '../persistence/webhook-task-lock.entity';
import { RecoverFilter, WebhookTaskEntity } from '../persistence/webhook-task.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { LOG } from '../webhooks.messages';

/** Entries set back to pending and queued per batch. */
export const RECOVER_BATCH = 100;

/** A task's lease, renewed every batch: a worker that stops holds it this long at most. */
const TASK_LEASE_MS = 10_000;

/** A task whose worker stopped this many times ends `failed` rather than being tried forever. */
const MAX_INTERRUPTIONS = 3;

class LeaseLost extends Error {}

/**
 * Runs recover tasks on the instances that process deliveries: the one that created a task
 * starts it at once; a sweep every `recoveryIntervalMs` picks up tasks nobody holds (created
 * on an API-only instance, or whose worker stopped), and they resume after the last batch
 * committed. A batch's entries and the task's progress are one transaction, so nothing is
 * queued twice by a resumed task; the jobs are queued after the commit, and the requeue sweep
 * queues any that Redis missed.
 */
@Injectable()
export class RecoverTaskRunner implements BackgroundJob {
  private readonly logger = new Logger('WebhooksRecoverTask');
  private readonly active = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly resender: EventResendService,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep().catch(() => undefined), this.options.recoveryIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await Promise.all([...this.active.values()]);
  }

  /** Starts a task in this process if it processes deliveries; otherwise a worker's sweep will. */
  begin(taskId: string): void {
    if (this.options.processDeliveries) this.launch(taskId);
  }

  /** Matching entries per subscription (only those with any). */
  async count(filter: RecoverFilter): Promise<Map<string, number>> {
    if (!filter.subscriptionIds.length) return new Map();
    const rows = await this.matching(filter)
      .select('d.subscription_id', 's')
      .addSelect('COUNT(*)', 'n')
      .groupBy('d.subscription_id')
      .getRawMany<{ s: string; n: string | number }>();
    return new Map(rows.map((r) => [r.s, Number(r.n)]));
  }

  /**
   * Matching entries already sent whose last attempt went to another URL than their endpoint's
   * current one, counted per pair of URLs (of the oldest MAX entries the task would take, or all).
   */
  async urlChanges(filter: RecoverFilter): Promise<UrlChange[]> {
    if (!filter.subscriptionIds.length) return [];
    const rows = await this.matching(filter)
      .innerJoin(WebhookSubscriptionEntity, 's', 's.id = d.subscription_id')
      .andWhere('d.attempt_count > 0 AND d.url <> s.url')
      .select('d.url', 'from')
      .addSelect('s.url', 'to')
      .addSelect('COUNT(*)', 'n')
      .groupBy('d.url')
      .addGroupBy('s.url')
      .getRawMany<{ from: string; to: string; n: string | number }>();
    return rows.map((r) => ({ from: r.from, to: r.to, count: Number(r.n) }));
  }

  /** Tasks that are running with no live lease. */
  async sweep(): Promise<void> {
    const orphans = await this.dataSource
      .getRepository(WebhookTaskEntity)
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .where('t.status = :running', { running: 'running' })
      .andWhere(
        new Brackets((w) => w.where('t.lease_until IS NULL').orWhere('t.lease_until < :now', { now: new Date() })),
      )
      .getRawMany<{ id: string }>();
    for (const { id } of orphans) this.launch(id);
  }

  private launch(taskId: string): void {
    if (this.active.has(taskId) || this.stopping) return;
    const run = this.run(taskId)
      .catch((err) => this.logger.warn(LOG.taskStopped(taskId, err?.code ?? err?.message ?? err)))
      .finally(() => this.active.delete(taskId));
    this.active.set(taskId, run);
  }

  private async run(taskId: string): Promise<void> {
    const token = newId();
    const task = await this.claim(taskId, token);
    if (!task) return;
    if (task.interruptions > MAX_INTERRUPTIONS) {
      const why = `stopped ${task.interruptions} times while running (worker restarts); ${task.queued} of ${task.total} queued`;
      return this.finish(task, token, 'failed', why);
    }
    let { queued, cursor } = task;
    while (queued < task.total && !this.stopping) {
      const ids = await this.nextBatch(task.filter, cursor, Math.min(RECOVER_BATCH, task.total - queued));
      if (!ids.length) break;
      const moved = await this.dataSource.transaction(async (m) => {
        // By primary key only: the batch was just selected by status, and this locks only its rows.
        const n = await this.resender.restart(ids, m);
        await this.progress(m, task.id, token, n, ids[ids.length - 1]);
        return n;
      });
      await this.resender
        .queueNow(ids)
        .catch((err) => this.logger.warn(LOG.taskNotQueued(task.id, ids.length, err?.message ?? err)));
      queued += moved;
      cursor = ids[ids.length - 1];
    }
    if (!this.stopping) await this.finish(task, token, 'completed', null);
  }

  /** Takes the task if nobody holds it; a task found with an expired lease counts an interruption. */
  private async claim(taskId: string, token: string): Promise<WebhookTaskEntity | null> {
    const repo = this.dataSource.getRepository(WebhookTaskEntity);
    const seen = await repo.findOneBy({ id: taskId });
    const now = new Date();
    if (!seen || seen.status !== 'running' || (seen.leaseUntil && seen.leaseUntil > now)) return null;
    const interruptions = seen.interruptions + (seen.leaseUntil ? 1 : 0);
    const won = await repo
      .createQueryBuilder()
      .update()
      .set({ leaseUntil: new Date(now.getTime() + TASK_LEASE_MS), leaseToken: token, interruptions })
      .where('id = :id AND status = :running AND interruptions = :seen', {
        id: taskId,
        running: 'running',
        seen: seen.interruptions,
      })
      .andWhere(new Brackets((w) => w.where('lease_until IS NULL').orWhere('lease_until < :now', { now })))
      .execute();
    return won.affected ? { ...seen, interruptions } : null;
  }

  private async progress(m: EntityManager, id: string, token: string, moved: number, cursor: string): Promise<void> {
    const renewed = await m
      .createQueryBuilder()
      .update(WebhookTaskEntity)
      .set({ queued: () => `queued + ${Number(moved)}`, cursor, leaseUntil: new Date(Date.now() + TASK_LEASE_MS) })
      .where('id = :id AND lease_token = :token', { id, token })
      .execute();
    // Another worker took the task over (this one was too slow): roll this batch back.
    if (!renewed.affected) throw new LeaseLost(`lease of task ${id} lost`);
  }

  private async finish(
    task: WebhookTaskEntity,
    token: string,
    status: 'completed' | 'failed',
    error: string | null,
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const done = await m
        .createQueryBuilder()
        .update(WebhookTaskEntity)
        .set({ status, error, finishedAt: new Date(), leaseUntil: null, leaseToken: null })
        .where('id = :id AND lease_token = :token', { id: task.id, token })
        .execute();
      if (done.affected) await m.delete(WebhookTaskLockEntity, { taskId: task.id });
    });
    if (status === 'failed') this.logger.warn(LOG.taskFailed(task.id, error));
  }

  private nextBatch(filter: RecoverFilter, after: string | null, limit: number): Promise<string[]> {
    const qb = this.matching(filter).select('d.id', 'id').orderBy('d.id', 'ASC').limit(limit);
    if (after) qb.andWhere('d.id > :after', { after });
    return qb.getRawMany<{ id: string }>().then((rows) => rows.map((r) => r.id));
  }

  private matching(filter: RecoverFilter): SelectQueryBuilder<WebhookDeliveryEntity> {
    const qb = this.dataSource
      .getRepository(WebhookDeliveryEntity)
      .createQueryBuilder('d')
      .where('d.subscription_id IN (:...subs)', { subs: filter.subscriptionIds })
      .andWhere('d.status = :status', { status: filter.status })
      .andWhere('d.id >= :lo AND d.id < :hi', { lo: filter.lo, hi: filter.hi })
      // An expunged entry has nothing left to send.
      .andWhere('d.payload_expunged = :kept', { kept: false });
    if (filter.eventType) qb.andWhere('d.event_type = :eventType', { eventType: filter.eventType });
    return qb;
  }
}
