import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { forDialect, SqlDialect } from './dialect.sql';
import { InjectSqlDialect } from './sql-dialect.provider';
import { WebhookEventCounterEntity } from './webhook-event-counter.entity';
import { EVENT_COUNTERS_SQL, EventCountersSql } from './webhook-event-counters.sql';

/** `webhook_event_counters`: the last event number of each subscription. */
@Injectable()
export class WebhookEventCountersRepository {
  private readonly sql: EventCountersSql;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() dialect: SqlDialect,
  ) {
    this.sql = forDialect(dialect, EVENT_COUNTERS_SQL);
  }

  /**
   * Inside `m`'s transaction: adds one to each subscription's counter (creating it at 1), keeps
   * the rows locked until the transaction ends, and returns each one's new number. `ids` come
   * sorted, so two publishes lock shared counters in one order.
   */
  async bump(m: EntityManager, ids: string[], now: Date): Promise<Map<string, string>> {
    await this.sql.bump(m, ids, now);
    const counters = await m.find(WebhookEventCounterEntity, { where: { subscriptionId: In(ids) } });
    return new Map(counters.map((c) => [c.subscriptionId, String(c.lastNumber)]));
  }

  /** Inside `m`'s transaction: locks the subscription's counter until it ends, creating it at 0. */
  lock(m: EntityManager, subscriptionId: string, now: Date): Promise<void> {
    return this.sql.lock(m, subscriptionId, now);
  }

  /** Events numbered so far on the subscription. */
  async current(subscriptionId: string, m: EntityManager = this.dataSource.manager): Promise<string> {
    const counter = await m.findOneBy(WebhookEventCounterEntity, { subscriptionId });
    return counter ? String(counter.lastNumber) : '0';
  }
}
