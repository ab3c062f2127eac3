import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditTrailService } from '../audit/audit-trail.service';
import { WebhooksCaller } from '../auth/webhooks-caller';
import { newId } from '../common/ids';
import { SecretBox } from '../crypto/secret-box';
import { EventCatalogService } from '../event-types/event-catalog.service';
import { WebhookEventType } from '../event-types/event-types';
import { BodyFormatsService } from '../formats/body-formats.service';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { EndpointSender } from '../sending/endpoint-sender';
import { signedHeaders, SignedRequest } from '../sending/signed-headers';
import { webhookMessageId } from '../sending/signer';
import { invalid } from '../webhooks.errors';
import { TestDeliveryResultDto } from './dto/test-delivery.dto';

/** The `eventType` of a test delivery's body: not one of the seven, so a receiver can tell it apart. */
export const TEST_EVENT_TYPE = 'webhook_test';

/**
 * Sends one signed test POST to an endpoint, with its basic auth and custom headers, through
 * the same HTTP client as deliveries (destination policy, time limit, body cap): the
 * `webhook_test` ping, or an event type's catalog example in the endpoint's body format. No
 * retry, no event-log entry: the answer goes straight back to the admin who asked, and the
 * audit trail records that they asked.
 */
@Injectable()
export class EndpointTestService {
  constructor(
    private readonly sender: EndpointSender,
    private readonly secretBox: SecretBox,
    private readonly catalog: EventCatalogService,
    private readonly formats: BodyFormatsService,
    private readonly audit: AuditTrailService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Sends the test POST `caller` asked for, then writes `subscription.tested` to the audit trail. */
  async test(
    caller: WebhooksCaller,
    subscription: WebhookSubscriptionEntity,
    eventType?: WebhookEventType,
  ): Promise<TestDeliveryResultDto> {
    const result = await this.send(subscription, eventType);
    await this.audit.record(this.dataSource.manager, {
      actorId: caller.id,
      action: 'subscription.tested',
      subscriptionId: subscription.id,
    });
    return result;
  }

  async send(subscription: WebhookSubscriptionEntity, eventType?: WebhookEventType): Promise<TestDeliveryResultDto> {
    const at = new Date();
    const id = newId();
    const request: SignedRequest = eventType
      ? await this.example(subscription, eventType, id, at)
      : {
          messageId: webhookMessageId(id),
          eventType: TEST_EVENT_TYPE,
          attempt: 1,
          body: JSON.stringify({
            eventType: TEST_EVENT_TYPE,
            subscriptionId: subscription.id,
            sentAt: at.toISOString(),
          }),
          contentType: 'application/json',
          at,
        };
    const signed = signedHeaders(this.secretBox, subscription, request);
    let { result } = await this.sender.send(subscription, signed, request.body);
    if (eventType && result.ok) {
      // An example is read as a real event would be (an HL7 v2 ACK may refuse it).
      const verdict = this.formats.interpret(subscription.format, { ...result, status: result.status! });
      if (!verdict.ok) result = { ...result, ok: false, error: verdict.error };
    }
    return {
      ok: result.ok,
      status: result.status,
      durationMs: result.durationMs,
      responseBody: result.body,
      error: result.error,
    };
  }

  /** The catalog example as a delivery of `eventType` to this endpoint would carry it. */
  private async example(
    subscription: WebhookSubscriptionEntity,
    eventType: WebhookEventType,
    id: string,
    at: Date,
  ): Promise<SignedRequest> {
    const problem = this.formats.problem(subscription.format, [eventType]);
    if (problem) throw invalid('eventType', problem.message.replace(/^events: /, 'eventType: '));
    const rendered = await this.formats.render({
      payloadJson: JSON.stringify(this.catalog.get(eventType).example),
      eventType,
      entryId: id,
      createdAt: at,
      // No event of the subscription: 0, a number no event is ever given (they start at 1).
      eventNumber: '0',
      attempt: 1,
      subscription,
    });
    return {
      messageId: webhookMessageId(id),
      eventType,
      schema: this.catalog.schemaHeader(eventType),
      attempt: 1,
      body: rendered.body,
      contentType: rendered.contentType,
      at,
    };
  }
}
