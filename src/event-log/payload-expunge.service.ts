import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service';
import { WebhooksCaller } from '../auth/webhooks-caller';
import { isSealed, PayloadSealer } from '../lab-data/payload-sealer';
import { withDeadlockRetry } from '../persistence/deadlock-retry';
import { SqlDialect } from '../persistence/dialect.sql';
import { InjectSqlDialect } from '../persistence/sql-dialect.provider';
import { WebhookAttemptEntity } from '../persistence/webhook-attempt.entity';
import { OPEN_STATUSES, WebhookDeliveryEntity } from '../persistence/webhook-delivery.entity';
import { WebhooksNotFoundError } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';
import { EventLogService } from './event-log.service';

/**
 * Erases one entry's payload, response bodies and subject on request (a patient's right to
 * erasure, a payload sent by mistake). The entry stays, with its status and attempt metadata,
 * marked `payloadExpunged`; one still due is canceled, since there is nothing left to send.
 * An attempt already in flight may finish (its request may be on the wire), but its record
 * stores no response body and leaves the entry canceled, and no attempt follows it.
 * @publicApi
 */
@Injectable()
export class PayloadExpungeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectSqlDialect() private readonly dialect: SqlDialect,
    private readonly log: EventLogService,
    private readonly audit: AuditTrailService,
    private readonly sealer: PayloadSealer,
  ) {}

  /** Returns false when the payload was already gone (nothing changed, nothing audited). */
  async expunge(caller: WebhooksCaller, id: string): Promise<boolean> {
    if (!(await this.log.visibleIds(caller, [id])).length) throw new WebhooksNotFoundError(MESSAGES.eventNotFound(id));
    // An attempt recorded at the same moment locks its new row, then waits for the entry this
    // transaction holds: MySQL rolls one of the two back, and it runs again.
    return withDeadlockRetry(this.dialect, () => this.erase(caller, id));
  }

  /** Sealed attempt errors hold the receiver's own words (an HL7 ACK's text): kept as their code only. */
  private async eraseReceiverText(m: EntityManager, id: string): Promise<void> {
    const attempts = await m.find(WebhookAttemptEntity, {
      select: { id: true, error: true },
      where: { deliveryId: id, error: Not(IsNull()) },
    });
    for (const a of attempts.filter((a) => isSealed(a.error!))) {
      let code = '';
      try {
        code = this.sealer.open(a.error!).split(':')[0];
      } catch {
        // Sealed under a key no longer configured: nothing readable to keep.
      }
      await m.update(WebhookAttemptEntity, { id: a.id }, { error: MESSAGES.receiverTextErased(code) });
    }
  }

  private erase(caller: WebhooksCaller, id: string): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const entry = await m.findOne(WebhookDeliveryEntity, {
        select: { id: true, subscriptionId: true, payloadExpunged: true },
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!entry) throw new WebhooksNotFoundError(MESSAGES.eventNotFound(id));
      if (entry.payloadExpunged) return false;
      const now = new Date();
      await m.update(
        WebhookDeliveryEntity,
        { id },
        { payload: '', payloadExpunged: true, subjectHash: null, subjectSealed: null, updatedAt: now },
      );
      await m.update(
        WebhookDeliveryEntity,
        { id, status: In(OPEN_STATUSES) },
        { status: 'canceled', lastError: 'payload expunged', nextAttemptAt: null },
      );
      await m.update(WebhookAttemptEntity, { deliveryId: id }, { responseBody: null });
      await this.eraseReceiverText(m, id);
      await this.audit.record(m, {
        actorId: caller.id,
        action: 'payload.expunged',
        subscriptionId: entry.subscriptionId,
        deliveryIds: [id],
        changes: ['payload', 'responseBody', 'subject'],
      });
      return true;
    });
  }
}
