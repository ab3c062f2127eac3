import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { forDialect, SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { WebhookEventCounterEntity } from '../persistence/webhook-event-counter.entity';
import { EVENT_NUMBERS_SQL, EventNumbersSql } from './event-numbers.sql';

/** An entry row being published to a `fhir-r4` subscription, as `number` fills it in. */
export interface NumberedRow {
  subscriptionId: string;
  eventNumber: string | null;
}

/**
 * Event numbers per subscription, as FHIR notifications carry them: 1, 2, 3... with no gap,
 * in commit order. A publish adds one to the counter of each of its subscriptions inside its
 * own transaction and keeps the row locked until it commits, so a later publish to the same
 * subscription waits and gets the next number; a publish rolled back takes its number with it.
 * The number is stored on the entry: every retry and resend of it carries the same.
 */
@Injectable()
export class EventNumbersService {
  private readonly sql: EventNumbersSql;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() dialect: SqlDialect,
  ) {
    this.sql = forDialect(dialect, EVENT_NUMBERS_SQL);
  }

  /** Inside the publish transaction: the next number of each row's subscription. */
  async number(m: EntityManager, rows: NumberedRow[]): Promise<void> {
    // One event has one row per subscription; sorted, so that every transaction locks in one order.
    const ids = [...new Set(rows.map((r) => r.subscriptionId))].sort();
    await this.sql.bump(m, ids, new Date());
    const counters = await m.find(WebhookEventCounterEntity, { where: { subscriptionId: In(ids) } });
    const last = new Map(counters.map((c) => [c.subscriptionId, String(c.lastNumber)]));
    for (const row of rows) row.eventNumber = last.get(row.subscriptionId)!;
  }

  /** Events numbered so far on the subscription (`events-since-subscription-start`). */
  async current(subscriptionId: string, m: EntityManager = this.dataSource.manager): Promise<string> {
    const counter = await m.findOneBy(WebhookEventCounterEntity, { subscriptionId });
    return counter ? String(counter.lastNumber) : '0';
  }

  /**
   * Inside a transaction: holds the subscription's counter until it ends (a publish to it
   * waits), and returns the events numbered so far.
   */
  async lock(m: EntityManager, subscriptionId: string): Promise<string> {
    await this.sql.lock(m, subscriptionId, new Date());
    return this.current(subscriptionId, m);
  }
}
