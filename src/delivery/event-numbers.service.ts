import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { WebhookEventCountersRepository } from '../persistence/webhook-event-counters.repository';

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
  constructor(private readonly counters: WebhookEventCountersRepository) {}

  /** Inside the publish transaction: the next number of each row's subscription. */
  async number(m: EntityManager, rows: NumberedRow[]): Promise<void> {
    // One event has one row per subscription; sorted, so that every transaction locks in one order.
    const ids = [...new Set(rows.map((r) => r.subscriptionId))].sort();
    const last = await this.counters.bump(m, ids, new Date());
    for (const row of rows) row.eventNumber = last.get(row.subscriptionId)!;
  }

  /** Events numbered so far on the subscription (`events-since-subscription-start`). */
  current(subscriptionId: string, m?: EntityManager): Promise<string> {
    return this.counters.current(subscriptionId, m);
  }

  /**
   * Inside a transaction: holds the subscription's counter until it ends (a publish to it
   * waits), and returns the events numbered so far.
   */
  async lock(m: EntityManager, subscriptionId: string): Promise<string> {
    await this.counters.lock(m, subscriptionId, new Date());
    return this.current(subscriptionId, m);
  }
}
