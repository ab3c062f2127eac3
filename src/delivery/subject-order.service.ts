import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MicroBatcher } from '../common/micro-batcher';
import { withDeadlockRetry } from '../persistence/deadlock-retry';
import { SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { OrderedEntry, WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { FirstOpen } from '../persistence/webhook-deliveries.sql';
import { WebhookSubjectSequencesRepository } from '../persistence/webhook-subject-sequences.repository';
import { SubjectGroup } from '../persistence/webhook-subject-sequences.sql';
import { LOG } from '../webhooks.messages';
import { DeliveryQueueService, DueAttempt } from './delivery-queue.service';

export type { SubjectGroup } from '../persistence/webhook-subject-sequences.sql';

/** An entry row being published, as `number` fills it in. */
export interface OrderedRow extends SubjectGroup {
  orderSeq: string | null;
  nextAttemptAt: Date | null;
}

const BATCH_SIZE = 100;

const keyOf = (g: SubjectGroup): string => `${g.subscriptionId}\u0000${g.subjectHash}`;

/** Each group once, in key order: every transaction locks counters in that order, so none deadlock. */
function distinctSorted(groups: SubjectGroup[]): SubjectGroup[] {
  const byKey = new Map(
    groups.map((g) => [keyOf(g), { subscriptionId: g.subscriptionId, subjectHash: g.subjectHash }]),
  );
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}

/**
 * Ordering per subject. An ordered entry is written waiting (`pending`, `nextAttemptAt` null,
 * no job) with the next number of its subject's counter, taken under the counter row's lock,
 * which the publish holds until it commits: numbers follow commit order. `release` lets the
 * first open entry of a subject go when it waits; it runs after a publish commits and after an
 * entry of the subject becomes final, under the same lock, so a release never misses an entry
 * being published and never lets two go. The requeue sweep releases what a crash left waiting.
 */
@Injectable()
export class SubjectOrderService {
  private readonly logger = new Logger('WebhooksOrdering');
  private readonly releases = new MicroBatcher<SubjectGroup, void>((groups) => this.releaseBatch(groups), BATCH_SIZE);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
    private readonly queue: DeliveryQueueService,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly sequences: WebhookSubjectSequencesRepository,
  ) {}

  /** Inside the publish transaction: numbers the rows and sets them waiting. */
  async number(m: EntityManager, rows: OrderedRow[]): Promise<void> {
    const groups = distinctSorted(rows);
    const now = new Date();
    // Never below the clock (in microseconds): a counter purged or made anew still counts upwards.
    const counters = await this.sequences.bump(m, groups, now.getTime() * 1000, now);
    const seqs = new Map(counters.map((c) => [keyOf(c), c.lastSeq]));
    for (const row of rows) {
      row.orderSeq = String(seqs.get(keyOf(row)));
      row.nextAttemptAt = null;
    }
  }

  /** Lets the first open entry of each group go, if it waits. Never throws: the sweep is the safety net. */
  async release(groups: SubjectGroup[]): Promise<void> {
    await Promise.all(distinctSorted(groups).map((g) => this.releases.add(g))).catch((err) =>
      this.logger.warn(LOG.subjectsNotReleased(groups.length, err?.message ?? err)),
    );
  }

  /**
   * Sweep: subjects whose first open entry waits, with no open entry before it, since before
   * `before` (a release lost to a crash). Releases them and returns how many.
   */
  async releaseStuck(before: Date, limit = 1000): Promise<number> {
    const stuck = await this.deliveries.stuckSubjects(before, limit);
    await this.release(stuck);
    return stuck.length;
  }

  /** The groups of the given entries that are open and in an order (before a resend takes them out). */
  async openGroupsOf(ids: string[]): Promise<SubjectGroup[]> {
    if (!ids.length) return [];
    return this.deliveries.openGroupsOf(ids);
  }

  /** Ordering switched off: the subscription's open entries leave their order, and those waiting go now. */
  async dissolve(subscriptionId: string): Promise<void> {
    const waiting = await this.deliveries.waitingInOrder(subscriptionId);
    await this.deliveries.leaveOrder(subscriptionId, new Date());
    await this.enqueue(waiting);
  }

  private async releaseBatch(items: SubjectGroup[]): Promise<void[]> {
    const groups = distinctSorted(items);
    const released = await withDeadlockRetry(this.dialect, () =>
      this.dataSource.transaction((m) => this.releaseIn(m, groups)),
    );
    await this.enqueue(released);
    return items.map(() => undefined);
  }

  private async releaseIn(m: EntityManager, groups: SubjectGroup[]): Promise<FirstOpen[]> {
    // The counters' locks: a publish of these subjects, or another release of them, waits for
    // this commit. Taken first, so what is read next is what was committed before.
    await this.sequences.lock(m, groups);
    const firsts = await this.deliveries.firstOpen(m, groups);
    const waiting = firsts.filter((f) => f.status === 'pending' && f.next_attempt_at === null);
    if (!waiting.length) return [];
    await this.deliveries.releaseWaiting(
      m,
      waiting.map((w) => w.id),
      new Date(),
    );
    return waiting;
  }

  private async enqueue(entries: OrderedEntry[]): Promise<void> {
    const attempts: DueAttempt[] = entries.map((e) => ({
      deliveryId: e.id,
      attempt: Number(e.attempt_count) + 1,
      url: e.url,
    }));
    await this.queue
      .enqueue(attempts)
      .catch((err) => this.logger.warn(LOG.releasedNotQueued(attempts.length, err?.message ?? err)));
  }
}
