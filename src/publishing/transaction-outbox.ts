import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { DeliveryQueueService, DueAttempt } from '../delivery/delivery-queue.service';
import { SubjectGroup, SubjectOrderService } from '../delivery/subject-order.service';
import { LOG } from '../webhooks.messages';

interface Deferred {
  depth: number;
  attempts: DueAttempt[];
  /** Subjects with ordered entries, released once committed. */
  groups: SubjectGroup[];
}

/** Depth of the transaction a query runner is in (TypeORM keeps it protected). */
const depthOf = (qr: QueryRunner): number => (qr as unknown as { transactionDepth: number }).transactionDepth ?? 0;

/**
 * Transactional outbox: entries written inside a caller's transaction are enqueued only once
 * that transaction commits, and forgotten if it (or the savepoint they were written in) rolls
 * back. A crash between commit and enqueue is covered by the requeue sweep.
 */
@Injectable()
export class TransactionOutbox implements EntitySubscriberInterface, OnModuleInit {
  private readonly logger = new Logger('WebhooksPublish');
  private readonly pending = new WeakMap<QueryRunner, Deferred[]>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliveryQueue: DeliveryQueueService,
    private readonly order: SubjectOrderService,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  /** True when `queryRunner` is inside a transaction, so the attempts wait for its commit. */
  defer(queryRunner: QueryRunner | undefined, attempts: DueAttempt[], groups: SubjectGroup[] = []): boolean {
    if (!queryRunner?.isTransactionActive) return false;
    const list = this.pending.get(queryRunner) ?? [];
    list.push({ depth: depthOf(queryRunner), attempts, groups });
    this.pending.set(queryRunner, list);
    return true;
  }

  /** Returned promise: TypeORM awaits it, so the caller's commit returns once the jobs are queued. */
  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const qr = event.queryRunner;
    if (qr.isTransactionActive) return; // a savepoint was released: wait for the outer commit
    const list = this.pending.get(qr);
    if (!list) return;
    this.pending.delete(qr);
    const attempts = list.flatMap((d) => d.attempts);
    await this.deliveryQueue
      .enqueue(attempts)
      .catch((err) => this.logger.warn(LOG.enqueueAfterCommitFailed(attempts.length, err?.message ?? err)));
    await this.order.release(list.flatMap((d) => d.groups));
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const qr = event.queryRunner;
    const list = this.pending.get(qr);
    if (!list) return;
    const depth = qr.isTransactionActive ? depthOf(qr) : 0;
    const kept = list.filter((d) => d.depth <= depth);
    if (kept.length) this.pending.set(qr, kept);
    else this.pending.delete(qr);
  }
}
