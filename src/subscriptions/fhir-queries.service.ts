import { Injectable } from '@nestjs/common';
import { WebhooksCaller } from '../auth/webhooks-caller';
import { newId } from '../common/ids';
import { EventNumbersService } from '../delivery/event-numbers.service';
import { FhirNotifications, payloadContentOf } from '../formats/fhir/fhir-notifications';
import {
  NotificationEvent,
  notificationBundle,
  NotificationInput,
  subscriptionStatus,
} from '../formats/fhir/notification-bundle';
import { PayloadSealer } from '../lab-data/payload-sealer';
import { WebhookDeliveriesRepository } from '../persistence/webhook-deliveries.repository';
import { WebhookSubscriptionEntity } from '../persistence/webhook-subscription.entity';
import { WebhooksBadRequestError, WebhooksNotFoundError } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';
import { FhirEventsQueryDto } from './dto/fhir-events-query.dto';
import { SubscriptionsService } from './subscriptions.service';

/** Events in one `$events` answer, at most: a client catching up asks again from the next number. */
export const MAX_QUERY_EVENTS = 100;

/**
 * `$status` and `$events` of a `fhir-r4` subscription, as the Subscriptions Backport IG has
 * them in R4, under the subscription's own access rules (an admin: any; a Webhook User: the
 * endpoints assigned to them). `$events` is built from the event log, so it reaches back as
 * far as the log does (30 days by default).
 */
@Injectable()
export class FhirQueriesService {
  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly subscriptions: SubscriptionsService,
    private readonly numbers: EventNumbersService,
    private readonly notifications: FhirNotifications,
    private readonly sealer: PayloadSealer,
  ) {}

  /** A `searchset` Bundle holding the subscription's status `Parameters` (type `query-status`). */
  async status(caller: WebhooksCaller, id: string): Promise<Record<string, unknown>> {
    const s = await this.fhirSubscription(caller, id);
    const status = subscriptionStatus(this.input(s, 'query-status', await this.numbers.current(s.id), []));
    return {
      resourceType: 'Bundle',
      id: newId(),
      type: 'searchset',
      timestamp: new Date().toISOString(),
      total: 1,
      entry: [{ fullUrl: `urn:uuid:${status.id}`, resource: status, search: { mode: 'match' } }],
    };
  }

  /** A `query-event` notification Bundle with the logged events numbered in the range (100 at most). */
  async events(caller: WebhooksCaller, id: string, q: FhirEventsQueryDto): Promise<Record<string, unknown>> {
    const s = await this.fhirSubscription(caller, id);
    const since = BigInt(q.eventsSinceNumber ?? '1');
    const until = q.eventsUntilNumber === undefined ? null : BigInt(q.eventsUntilNumber);
    if (until !== null && until < since) {
      throw new WebhooksBadRequestError(MESSAGES.reversedEventRange);
    }
    const rows = await this.deliveries.numberedEvents(s.id, since, until, MAX_QUERY_EVENTS);
    const content = payloadContentOf(s);
    const events: NotificationEvent[] = [];
    for (const r of rows) {
      const expunged = Boolean(Number(r.payload_expunged)) || r.payload === '';
      const payload = expunged || content === 'empty' ? null : JSON.parse(this.sealer.open(r.payload));
      events.push(await this.notifications.event(r.event_type, payload, String(r.event_number), r.created_at, content));
    }
    return notificationBundle(this.input(s, 'query-event', await this.numbers.current(s.id), events));
  }

  private input(
    s: WebhookSubscriptionEntity,
    type: NotificationInput['type'],
    count: string,
    events: NotificationEvent[],
  ): NotificationInput {
    return {
      id: newId(),
      timestamp: new Date(),
      subscription: this.notifications.subscriptionReference(s.id),
      topic: this.notifications.topicOf(s),
      status: this.notifications.status(s),
      type,
      eventsSinceSubscriptionStart: count,
      events,
      payloadContent: payloadContentOf(s),
    };
  }

  private async fhirSubscription(caller: WebhooksCaller, id: string): Promise<WebhookSubscriptionEntity> {
    const s = await this.subscriptions.findVisible(caller, id);
    if (s.format !== 'fhir-r4') throw new WebhooksNotFoundError(MESSAGES.notFhirSubscription(id));
    return s;
  }
}
