import { Injectable, Logger, Optional } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, Not } from 'typeorm';
import { BackgroundJob } from '../common/background-job';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { daysLeft, EXPIRY_WARNING_DAYS, storedCertificateInfo } from '../sending/certificates';
import { LOG } from '../webhooks.messages';
import { CertificateExpiringEvent, WEBHOOKS_OPERATIONAL_EVENTS as EVENTS } from './operational-events';

const DAY_MS = 86_400_000;

/** How often this instance looks for expiring client certificates. */
const CHECK_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Announces client certificates within `EXPIRY_WARNING_DAYS` of expiry (or expired) as
 * `webhooks.endpoint.certificate_expiring`: at start and every hour, for active endpoints.
 * At most once a day per endpoint across instances: only the instance whose conditional
 * UPDATE of `certificate_warned_at` changed the row emits. A new certificate clears it.
 */
@Injectable()
export class CertificateExpiryService implements BackgroundJob {
  private readonly logger = new Logger('WebhooksHealth');
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() private readonly emitter?: EventEmitter2,
  ) {}

  start(): void {
    const run = (): void => {
      this.check().catch((err) => this.logger.warn(LOG.certificateCheckFailed(err?.code ?? err?.message)));
    };
    run();
    this.timer = setInterval(run, CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Emits for each endpoint due a warning now; returns the events emitted. */
  async check(now = new Date()): Promise<CertificateExpiringEvent[]> {
    const rows = await this.dataSource.getRepository(WebhookSubscriptionEntity).find({
      select: { id: true, url: true, tlsClientCertificate: true },
      where: { active: true, tlsClientCertificate: Not(IsNull()) },
    });
    const emitted: CertificateExpiringEvent[] = [];
    for (const row of rows) {
      const info = storedCertificateInfo(row.tlsClientCertificate);
      if (!info || info.notAfter.getTime() - now.getTime() > EXPIRY_WARNING_DAYS * DAY_MS) continue;
      const won = await this.dataSource
        .createQueryBuilder()
        .update(WebhookSubscriptionEntity)
        .set({ certificateWarnedAt: now })
        .where('id = :id AND (certificate_warned_at IS NULL OR certificate_warned_at <= :dayAgo)', {
          id: row.id,
          dayAgo: new Date(now.getTime() - DAY_MS),
        })
        .execute();
      if (!won.affected) continue;
      const event: CertificateExpiringEvent = {
        subscriptionId: row.id,
        url: row.url,
        subject: info.subject,
        serial: info.serial,
        notAfter: info.notAfter,
        daysLeft: daysLeft(info, now),
      };
      emitted.push(event);
      this.logger.warn(LOG.certificateExpiring(row.id, event.daysLeft));
      try {
        this.emitter?.emit(EVENTS.certificateExpiring, event);
      } catch (err) {
        this.logger.warn(LOG.listenerFailed(EVENTS.certificateExpiring, err?.message ?? err));
      }
    }
    return emitted;
  }
}
