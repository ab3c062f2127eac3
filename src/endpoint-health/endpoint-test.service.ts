import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import { SecretBox } from '../crypto/secret-box';
import { EndpointSender } from '../delivery/endpoint-sender';
import { signedHeaders } from '../delivery/signed-headers';
import { webhookMessageId } from '../delivery/signer';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { TestDeliveryResultDto } from './dto/test-delivery.dto';

/** The `eventType` of a test delivery's body: not one of the seven, so a receiver can tell it apart. */
export const TEST_EVENT_TYPE = 'webhook_test';

/**
 * Sends one signed test POST to an endpoint, with its basic auth and custom headers, through
 * the same HTTP client as deliveries (destination policy, time limit, body cap). No retry,
 * no event-log entry: the answer goes straight back to the admin who asked.
 */
@Injectable()
export class EndpointTestService {
  constructor(
    private readonly sender: EndpointSender,
    private readonly secretBox: SecretBox,
  ) {}

  async send(subscription: WebhookSubscriptionEntity): Promise<TestDeliveryResultDto> {
    const at = new Date();
    const body = JSON.stringify({
      eventType: TEST_EVENT_TYPE,
      subscriptionId: subscription.id,
      sentAt: at.toISOString(),
    });
    const request = signedHeaders(this.secretBox, subscription, {
      messageId: webhookMessageId(newId()),
      eventType: TEST_EVENT_TYPE,
      attempt: 1,
      body,
      contentType: 'application/json',
      at,
    });
    const { result } = await this.sender.send(subscription, request, body);
    return {
      ok: result.ok,
      status: result.status,
      durationMs: result.durationMs,
      responseBody: result.body,
      error: result.error,
    };
  }
}
