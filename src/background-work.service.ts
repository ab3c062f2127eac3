import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AuditRetentionService } from './audit/audit-retention.service';
import { BackgroundJob } from './common/background-job';
import { DeliveryProcessor } from './delivery/delivery.processor';
import { RequeueSweepService } from './delivery/requeue-sweep.service';
import { CertificateExpiryService } from './endpoint-health/certificate-expiry.service';
import { EventLogRetentionService } from './event-log/event-log-retention.service';
import { RecoverTaskRunner } from './recover-tasks/recover-task.runner';
import { FhirNoticesService } from './subscriptions/fhir-notices.service';
import { ResolvedWebhooksOptions } from './webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from './webhooks.constants';

/**
 * Starts the instance's background work at bootstrap and stops it before shutdown, in one
 * place. With `processDeliveries: false` (an API-only instance) only the certificate check
 * runs: no delivery worker, requeue sweep, recover tasks, FHIR heartbeats or purges.
 * @internal
 */
@Injectable()
export class BackgroundWorkService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly jobs: BackgroundJob[];
  private started: BackgroundJob[] = [];

  constructor(
    @Inject(WEBHOOKS_OPTIONS) options: ResolvedWebhooksOptions,
    certificates: CertificateExpiryService,
    processor: DeliveryProcessor,
    requeueSweep: RequeueSweepService,
    recoverTasks: RecoverTaskRunner,
    fhirNotices: FhirNoticesService,
    eventLogRetention: EventLogRetentionService,
    auditRetention: AuditRetentionService,
  ) {
    const deliveryWork = [processor, requeueSweep, recoverTasks, fhirNotices, eventLogRetention, auditRetention];
    this.jobs = [certificates, ...(options.processDeliveries ? deliveryWork : [])];
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = this.jobs;
    await Promise.all(this.jobs.map((job) => job.start()));
  }

  async beforeApplicationShutdown(): Promise<void> {
    const started = this.started;
    this.started = [];
    await Promise.all(started.map((job) => job.stop?.()));
  }
}
