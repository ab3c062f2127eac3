import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { WebhooksClock } from '../common/webhooks-clock';
import {
  SubscriptionFormat,
  SubscriptionOrdering,
  WebhookSubscriptionEntity,
} from '../persistence/webhook-subscription.entity';
import { WEBHOOKS_QUEUE } from '../webhooks.constants';
import { LOG } from '../webhooks.messages';
import { PayloadPredicate } from './payload-filter';
import { SubscriptionFiltersService } from './subscription-filters.service';

/** What publishing needs of an active subscription. */
export interface ActiveSubscription {
  id: string;
  url: string;
  events: string[];
  projectTemplateId: string | null;
  ordering: SubscriptionOrdering;
  /** `fhir-r4`: its entries are numbered (see EventNumbersService). */
  format: SubscriptionFormat;
  /** The compiled payload filter; null: every event of its types. */
  accepts: PayloadPredicate | null;
}

/**
 * Longest a snapshot is used without a change message: covers a message lost while this
 * instance's Redis connection was down, and rows changed in the database by hand.
 */
export const SNAPSHOT_MAX_AGE_MS = 10_000;

/**
 * The active subscriptions, read once and kept in memory for every publish of this instance
 * (instead of one SELECT per publish). A change made through the module (create, update,
 * delete, an endpoint deactivated) drops this instance's copy at once and tells every other
 * instance on the same Redis and Bull prefix over pub/sub, after its transaction committed;
 * they drop theirs when the message arrives (milliseconds). A copy is also dropped when the
 * Redis connection comes back (messages may have been missed) and after SNAPSHOT_MAX_AGE_MS.
 */
@Injectable()
export class ActiveSubscriptionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('WebhooksSubscriptions');
  private snapshot?: { at: number; load: Promise<ActiveSubscription[]> };
  private subscriber?: Redis;
  private readonly channel: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectQueue(WEBHOOKS_QUEUE) private readonly queue: Queue,
    private readonly filters: SubscriptionFiltersService,
    private readonly clock: WebhooksClock,
  ) {
    this.channel = queue.toKey('subscriptions-changed');
  }

  async onModuleInit(): Promise<void> {
    const subscriber = (this.queue.client as unknown as Redis).duplicate();
    this.subscriber = subscriber;
    subscriber.on('message', () => this.drop());
    // (Re)connected: a change message may have been missed meanwhile.
    subscriber.on('ready', () => this.drop());
    subscriber.on('error', () => undefined); // the queue's own connection reports Redis errors
    await subscriber
      .subscribe(this.channel)
      .catch((err) => this.logger.warn(LOG.noChangeMessages(err?.message ?? err, SNAPSHOT_MAX_AGE_MS)));
  }

  onModuleDestroy(): void {
    this.subscriber?.disconnect();
  }

  /** The active subscriptions (a shared read when none is held or it is too old). */
  all(): Promise<ActiveSubscription[]> {
    const now = this.clock.now();
    if (this.snapshot && now - this.snapshot.at < SNAPSHOT_MAX_AGE_MS) return this.snapshot.load;
    const snapshot = { at: now, load: this.load() };
    this.snapshot = snapshot;
    snapshot.load.catch(() => {
      if (this.snapshot === snapshot) this.snapshot = undefined;
    });
    return snapshot.load;
  }

  /**
   * Call after a change to subscriptions has committed: this instance reads them again on its
   * next publish, and the others are told. Never throws (the copies expire anyway).
   */
  async changed(): Promise<void> {
    this.drop();
    await this.queue.client
      .publish(this.channel, '1')
      .catch((err) => this.logger.warn(LOG.changeNotAnnounced(err?.message ?? err)));
  }

  private drop(): void {
    this.snapshot = undefined;
  }

  private async load(): Promise<ActiveSubscription[]> {
    const rows = await this.dataSource.getRepository(WebhookSubscriptionEntity).find({
      select: {
        id: true,
        url: true,
        events: true,
        projectTemplateId: true,
        ordering: true,
        format: true,
        filter: true,
      },
      where: { active: true },
    });
    return rows.map(({ id, url, events, projectTemplateId, ordering, format, filter }) => ({
      id,
      url,
      events,
      projectTemplateId,
      ordering,
      format,
      accepts: this.filters.predicate(filter, events),
    }));
  }
}
