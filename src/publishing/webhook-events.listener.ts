import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { PublishResult, WebhooksPublisher } from './webhooks.publisher';

// suppressErrors: false, so that `emitAsync` callers see a refused payload or a database error.
const listen = { suppressErrors: false } as const;
type Payload = Record<string, unknown>;

/** Domain code emits one of the seven names on the event emitter; each becomes a publish. */
@Injectable()
export class WebhookEventsListener {
  constructor(private readonly webhooks: WebhooksPublisher) {}

  @OnEvent('requisition_signed_accession', listen)
  requisitionSignedAccession(payload: Payload): Promise<PublishResult> {
    return this.webhooks.publish('requisition_signed_accession', payload);
  }

  @OnEvent('report_signed', listen)
  reportSigned(payload: Payload): Promise<PublishResult> {
    return this.webhooks.publish('report_signed', payload);
  }

  @OnEvent('report_corrected', listen)
  reportCorrected(payload: Payload): Promise<PublishResult> {
    return this.webhooks.publish('report_corrected', payload);
  }

  @OnEvent('sample_rejected', listen)
  sampleRejected(payload: Payload): Promise<PublishResult> {
    return this.webhooks.publish('sample_rejected', payload);
  }

  @OnEvent('requisition_canceled', listen)
  requisitionCanceled(payload: Payload): Promise<PublishResult> {
    return this.webhooks.publish('requisition_canceled', payload);
  }

  @OnEvent('report_ready_for_generation', listen)
  reportReadyForGeneration(payload: Payload): Promise<PublishResult> {
    return this.webhooks.publish('report_ready_for_generation', payload);
  }

  @OnEvent('report_correction_ready_for_generation', listen)
  reportCorrectionReadyForGeneration(payload: Payload): Promise<PublishResult> {
    return this.webhooks.publish('report_correction_ready_for_generation', payload);
  }
}
