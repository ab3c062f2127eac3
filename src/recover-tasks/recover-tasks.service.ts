import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service';
import { callerScope } from '../auth/caller-scope';
import { WebhooksCaller } from '../auth/webhooks-caller';
import { retentionFloor } from '../common/event-log-window';
import { idFloorAt, isId, newId } from '../common/ids';
import { CallerLimitsService } from '../event-log/caller-limits.service';
import { UrlChangeConflict } from '../event-log/url-changes';
import { SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { WebhookSubscriptionUsersRepository } from '../persistence/webhook-subscription-users.repository';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { WebhookTaskLockEntity } from '../persistence/webhook-task-lock.entity';
import { RecoverFilter, WebhookTaskEntity } from '../persistence/webhook-task.entity';
import { ResolvedWebhooksOptions } from '../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../webhooks.constants';
import { invalid, WebhooksConflictError, WebhooksNotFoundError } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';
import { MAX_RECOVER_ENTRIES, RecoverEventsDto, RecoverResultDto, TaskDto } from './dto/recover.dto';
import { RecoverTaskRunner } from './recover-task.runner';

/**
 * Recover by filter: counts the matching entries of the caller's active endpoints, and starts
 * a task that sends them again through the resend path (same `webhook-id`), a batch at a
 * time. One running task per subscription: the task holds a lock row per subscription.
 */
@Injectable()
export class RecoverTasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
    private readonly assignments: WebhookSubscriptionUsersRepository,
    @Inject(WEBHOOKS_OPTIONS) private readonly options: ResolvedWebhooksOptions,
    private readonly runner: RecoverTaskRunner,
    private readonly audit: AuditTrailService,
    private readonly limits: CallerLimitsService,
  ) {}

  async recover(caller: WebhooksCaller, dto: RecoverEventsDto): Promise<RecoverResultDto> {
    const now = new Date();
    const filter = await this.filterOf(caller, dto, now);
    const perSubscription = await this.runner.count(filter);
    const matched = [...perSubscription.values()].reduce((a, b) => a + b, 0);
    if (dto.dryRun) return { taskId: null, matched };
    const urlChanges = matched ? await this.runner.urlChanges(filter) : [];
    if (urlChanges.length && !dto.confirmNewUrl) throw new UrlChangeConflict(urlChanges);
    const task: WebhookTaskEntity = {
      id: newId(),
      kind: 'recover',
      status: matched ? 'running' : 'completed',
      filter: { ...filter, subscriptionIds: [...perSubscription.keys()] },
      total: Math.min(matched, MAX_RECOVER_ENTRIES),
      queued: 0,
      cursor: null,
      createdBy: caller.id,
      createdAt: now,
      finishedAt: matched ? null : now,
      leaseUntil: null,
      leaseToken: null,
      interruptions: 0,
      error: null,
    };
    await this.limits.take(caller, task.total);
    const created = this.dataSource.transaction(async (m) => {
      await m.insert(WebhookTaskEntity, task);
      const subscriptionIds = task.filter.subscriptionIds;
      await this.audit.record(m, {
        actorId: caller.id,
        action: 'events.recovered',
        subscriptionId: subscriptionIds.length === 1 ? subscriptionIds[0] : null,
        count: task.total,
      });
      if (urlChanges.length)
        await this.audit.record(m, {
          actorId: caller.id,
          action: 'events.redirected',
          subscriptionId: subscriptionIds.length === 1 ? subscriptionIds[0] : null,
          count: urlChanges.reduce((n, c) => n + c.count, 0),
          urlChanges,
        });
      for (const subscriptionId of task.filter.subscriptionIds) {
        await m.insert(WebhookTaskLockEntity, { subscriptionId, taskId: task.id }).catch(async (err) => {
          // A duplicate key: another running task holds the subscription.
          if (!this.dialect.isDuplicateKey(err)) throw err;
          const held = await this.dataSource.getRepository(WebhookTaskLockEntity).findOneBy({ subscriptionId });
          throw new WebhooksConflictError(await this.conflictMessage(caller, held?.taskId, subscriptionId));
        });
      }
    });
    // A task refused (another one runs) queues nothing: its entries go back to the caller's budget.
    await created.catch(async (err) => {
      await this.limits.giveBack(caller, task.total);
      throw err;
    });
    if (matched) this.runner.begin(task.id);
    return { taskId: task.id, matched };
  }

  async get(caller: WebhooksCaller, id: string): Promise<TaskDto> {
    const task = isId(id) ? await this.dataSource.getRepository(WebhookTaskEntity).findOneBy({ id }) : null;
    if (!task || (!caller.isAdmin && task.createdBy !== caller.id))
      throw new WebhooksNotFoundError(MESSAGES.taskNotFound(id));
    const { kind, status, total, queued, createdBy, createdAt, finishedAt, error } = task;
    return { id, kind, status, total, queued, createdBy, createdAt, finishedAt, error };
  }

  /** Names the running task only to a caller who may read it (GET /webhooks/tasks/:id): its owner or an admin. */
  private async conflictMessage(caller: WebhooksCaller, taskId: string | undefined, subscriptionId: string) {
    if (!taskId) return MESSAGES.taskRunningElsewhere(subscriptionId);
    if (caller.isAdmin) return MESSAGES.taskRunning(taskId, subscriptionId);
    const task = await this.dataSource.getRepository(WebhookTaskEntity).findOneBy({ id: taskId });
    return task?.createdBy === caller.id
      ? MESSAGES.taskRunning(taskId, subscriptionId)
      : MESSAGES.taskRunningElsewhere(subscriptionId);
  }

  /** The task's filter: the id range and the caller's active endpoints in scope. */
  private async filterOf(caller: WebhooksCaller, dto: RecoverEventsDto, now: Date): Promise<RecoverFilter> {
    if (dto.since === undefined) throw invalid('since', MESSAGES.recoverSinceRequired);
    const floor = retentionFloor(now, this.options.retentionDays);
    const lo = idFloorAt(new Date(dto.since));
    if (lo < floor) throw invalid('since', MESSAGES.recoverSinceBeforeRetention(this.options.retentionDays));
    const until = dto.until === undefined ? now : new Date(dto.until);
    if (until.getTime() <= new Date(dto.since).getTime()) throw invalid('until', MESSAGES.recoverUntilNotAfterSince);
    // Entries created after the task started are not its business: the range ends now at the latest.
    const hi = idFloorAt(Math.min(until.getTime(), now.getTime()));
    return {
      lo,
      hi,
      subscriptionIds: await this.scope(caller, dto.subscriptionId),
      status: dto.status ?? 'failed',
      eventType: dto.eventType ?? null,
    };
  }

  /** Active endpoints the caller may see (of `subscriptionId` only, when given); 409 for a deactivated one. */
  private async scope(caller: WebhooksCaller, subscriptionId?: string): Promise<string[]> {
    const visible = await this.assignments.visibleSubscriptionIds(callerScope(caller));
    if (visible) {
      if (!visible.length) return [];
      // Another user's endpoint: the task matches nothing, and says nothing about it.
      if (subscriptionId && !visible.includes(subscriptionId)) return [];
    }
    const where = subscriptionId ? { id: subscriptionId } : visible ? { id: In(visible) } : {};
    const subscriptions = await this.dataSource
      .getRepository(WebhookSubscriptionEntity)
      .find({ select: { id: true, active: true }, where });
    if (subscriptionId && subscriptions.length && !subscriptions[0].active) {
      throw new WebhooksConflictError(MESSAGES.subscriptionInactive(subscriptionId));
    }
    return subscriptions.filter((s) => s.active).map((s) => s.id);
  }
}
