import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { WEBHOOKS_QUEUE } from '../webhooks.constants';
import { OldestDueEntry } from './oldest-due-entry';
import { loadPackage } from './optional-package';
import { withTimeout } from './with-timeout';

type Terminus = typeof import('@nestjs/terminus');

/**
 * What terminus expects of an indicator (its `HealthIndicatorResult`), without importing it.
 *
 * @publicApi
 */
export type WebhooksHealthResult<Key extends string> = Record<
  Key,
  { status: 'up' | 'down'; [detail: string]: unknown }
>;

/** @publicApi */
export interface WebhooksHealthCheckOptions {
  /** How long each store may take to answer before it counts as down, in ms. @default 1000 */
  timeoutMs?: number;
}

/**
 * A `@nestjs/terminus` health indicator: the database and Redis answer within the time limit
 * (down when either does not), with the delivery queue's waiting and delayed counts and the
 * age of the oldest due entry. `@nestjs/terminus` is an optional peer, loaded on first use.
 *
 * @publicApi
 */
@Injectable()
export class WebhooksHealthIndicator {
  private terminus?: Terminus;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(WEBHOOKS_QUEUE) private readonly queue: Queue,
    private readonly oldestDue: OldestDueEntry,
  ) {}

  /** Use in `HealthCheckService.check([() => indicator.isHealthy('webhooks')])`. */
  async isHealthy<Key extends string = 'webhooks'>(
    key: Key = 'webhooks' as Key,
    options: WebhooksHealthCheckOptions = {},
  ): Promise<WebhooksHealthResult<Key>> {
    this.terminus ??= loadPackage<Terminus>('@nestjs/terminus', 'WebhooksHealthIndicator');
    const session = new this.terminus.HealthIndicatorService().check(key);
    const ms = options.timeoutMs ?? 1000;
    const [database, redis] = await Promise.allSettled([
      withTimeout(this.databaseFigures(), ms),
      withTimeout(this.redisFigures(), ms),
    ]);
    const data: Record<string, unknown> = {
      database: database.status === 'fulfilled' ? 'up' : 'down',
      redis: redis.status === 'fulfilled' ? 'up' : 'down',
      ...(database.status === 'fulfilled' ? database.value : { databaseError: reason(database.reason) }),
      ...(redis.status === 'fulfilled' ? redis.value : { redisError: reason(redis.reason) }),
    };
    return database.status === 'fulfilled' && redis.status === 'fulfilled' ? session.up(data) : session.down(data);
  }

  private async databaseFigures(): Promise<{ oldestDueAgeSeconds: number }> {
    await this.dataSource.query('SELECT 1');
    return { oldestDueAgeSeconds: Math.round(await this.oldestDue.ageSeconds()) };
  }

  private async redisFigures(): Promise<{ waiting: number; delayed: number }> {
    await this.queue.client.ping();
    const [waiting, delayed] = await Promise.all([this.queue.getWaitingCount(), this.queue.getDelayedCount()]);
    return { waiting, delayed };
  }
}

/** An error code or the timeout, never a message that could quote a connection string. */
function reason(err: any): string {
  if (err?.code === 'ETIMEOUT') return err.message;
  return err?.code ?? err?.driverError?.code ?? 'unreachable';
}
