import { Injectable } from '@nestjs/common';
import type { WebhookSubscriptionEntity } from '../../persistence/webhook-subscription.entity';
import type { FieldProblem } from '../../webhooks.errors';
import { MESSAGES } from '../../webhooks.messages';
import { AnswerVerdict, BodyFormat, FormatEntry, FormatRenderError, RenderedBody } from '../body-format';
import { FhirNotifications, payloadContentOf } from './fhir-notifications';
import { FHIR_JSON, FhirNoticePayload, isFhirNotice, notificationBundle } from './notification-bundle';

/**
 * FHIR R4 notifications, as the Subscriptions R5 Backport IG (1.1.0) has them in R4: each
 * entry is an `event-notification` Bundle with its event number. The body depends only on
 * the entry, the subscription and the options: every attempt of one entry carries the same
 * number, focus and timestamps. Any 2xx answer is a success (rest-hook).
 */
@Injectable()
export class FhirFormat implements BodyFormat {
  readonly name = 'fhir-r4' as const;

  constructor(private readonly notifications: FhirNotifications) {}

  unrenderable(): string[] {
    return [];
  }

  settingsProblem(s: Pick<WebhookSubscriptionEntity, 'fhir'>): FieldProblem | null {
    if (payloadContentOf(s) === 'full-resource' && !this.notifications.suppliesResources) {
      return {
        field: 'fhir.payloadContent',
        message:
          'fhir.payloadContent full-resource is not available: this lab supplies no FHIR resources (choose id-only or empty)',
      };
    }
    return null;
  }

  async render(entry: FormatEntry): Promise<RenderedBody> {
    if (isFhirNotice(entry.eventType)) return this.notice(entry);
    if (entry.eventNumber === null) {
      // Published before the subscription took this format: no number was given in commit order.
      throw new FormatRenderError(MESSAGES.fhirNoEventNumber);
    }
    const s = entry.subscription;
    const content = payloadContentOf(s);
    const payload = content === 'empty' ? null : (JSON.parse(entry.payloadJson) as Record<string, any>);
    const event = await this.notifications.event(entry.eventType, payload, entry.eventNumber, entry.createdAt, content);
    const bundle = notificationBundle({
      id: entry.entryId,
      timestamp: entry.createdAt,
      subscription: this.notifications.subscriptionReference(s.id),
      topic: this.notifications.topic(entry.eventType),
      status: this.notifications.status(s),
      type: 'event-notification',
      eventsSinceSubscriptionStart: entry.eventNumber,
      events: [event],
      payloadContent: content,
    });
    return { contentType: FHIR_JSON, body: JSON.stringify(bundle) };
  }

  /** A `handshake` or `heartbeat`: the status alone, with the count stored when it was written. */
  private notice(entry: FormatEntry): RenderedBody {
    const s = entry.subscription;
    const notice = JSON.parse(entry.payloadJson) as FhirNoticePayload;
    const bundle = notificationBundle({
      id: entry.entryId,
      timestamp: entry.createdAt,
      subscription: this.notifications.subscriptionReference(s.id),
      topic: this.notifications.topicOf(s),
      status: this.notifications.status(s),
      type: notice.eventType,
      eventsSinceSubscriptionStart: notice.eventsSinceSubscriptionStart,
      events: [],
      payloadContent: payloadContentOf(s),
    });
    return { contentType: FHIR_JSON, body: JSON.stringify(bundle) };
  }

  interpret(): AnswerVerdict {
    return { ok: true };
  }
}
