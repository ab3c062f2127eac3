import { Inject, Injectable } from '@nestjs/common';
import { topicUrl } from '../../event-types/event-types';
import type { FhirPayloadContent, WebhookSubscriptionEntity } from '../../persistence/webhook-subscription.entity';
import { ResolvedWebhooksOptions } from '../../webhooks-options.interface';
import { WEBHOOKS_OPTIONS } from '../../webhooks.constants';
import { MESSAGES } from '../../webhooks.messages';
import { FormatRenderError } from '../body-format';
import { FhirFocus, ResolvedFhirOptions } from './fhir-options';
import type { NotificationEvent, SubscriptionStatusCode } from './notification-bundle';

/** A `fhir-r4` subscription's payload content; `id-only` (the least PHI) unless it chose otherwise. */
export const payloadContentOf = (s: Pick<WebhookSubscriptionEntity, 'fhir'>): FhirPayloadContent =>
  s.fhir?.payloadContent ?? 'id-only';

/**
 * The parts of a FHIR notification that depend on the host's options: references under its
 * FHIR base URL, each event's topic and focus, and the focus resource for `full-resource`.
 * Failures of the host's functions are named without their message (it may quote PHI).
 */
@Injectable()
export class FhirNotifications {
  private readonly options: ResolvedFhirOptions;

  constructor(@Inject(WEBHOOKS_OPTIONS) options: ResolvedWebhooksOptions) {
    this.options = options.fhir;
  }

  /** Whether `full-resource` can be chosen: only when the host supplies the resources. */
  get suppliesResources(): boolean {
    return this.options.resourceOf !== null;
  }

  subscriptionReference(id: string): string {
    return this.under(`Subscription/${id}`);
  }

  topic(eventType: string): string {
    return topicUrl(this.options.baseUrl, eventType);
  }

  /** One topic when the subscription has one event type; several (or none) name no topic. */
  topicOf(s: Pick<WebhookSubscriptionEntity, 'events'>): string | null {
    return s.events.length === 1 ? this.topic(s.events[0]) : null;
  }

  status(s: Pick<WebhookSubscriptionEntity, 'active' | 'failingSince'>): SubscriptionStatusCode {
    return !s.active ? 'off' : s.failingSince ? 'error' : 'active';
  }

  /** One numbered event, with its focus and, for `full-resource`, the resource. */
  async event(
    eventType: string,
    payload: Record<string, any> | null,
    eventNumber: string,
    timestamp: Date,
    content: FhirPayloadContent,
  ): Promise<NotificationEvent> {
    const focus = content === 'empty' || payload === null ? null : this.focusOf(eventType, payload);
    const event: NotificationEvent = {
      eventNumber,
      timestamp,
      focus: focus && {
        ...focus,
        reference: this.under(`${focus.resourceType}/${encodeURIComponent(focus.id)}`),
        fullUrl:
          this.options.baseUrl === null ? null : this.under(`${focus.resourceType}/${encodeURIComponent(focus.id)}`),
      },
    };
    if (content === 'full-resource' && focus && payload)
      event.resource = await this.resourceOf(eventType, payload, focus);
    return event;
  }

  private focusOf(eventType: string, payload: Record<string, any>): FhirFocus | null {
    let focus: FhirFocus | null;
    try {
      focus = this.options.focusOf({ eventType, payload });
    } catch (err) {
      throw new FormatRenderError(MESSAGES.fhirHookFailed('focusOf', eventType, (err as Error)?.name ?? 'error'));
    }
    if (focus === null || focus === undefined) return null;
    if (!/^[A-Z][A-Za-z]{1,63}$/.test(focus.resourceType) || typeof focus.id !== 'string' || !focus.id) {
      throw new FormatRenderError(MESSAGES.fhirNoFocus(eventType));
    }
    return focus;
  }

  private async resourceOf(eventType: string, payload: Record<string, any>, focus: FhirFocus) {
    const resourceOf = this.options.resourceOf;
    if (!resourceOf) throw new FormatRenderError(MESSAGES.fhirNoResourceOf);
    let resource: Record<string, unknown>;
    try {
      resource = await resourceOf({ eventType, payload, focus });
    } catch (err) {
      throw new FormatRenderError(MESSAGES.fhirHookFailed('resourceOf', eventType, (err as Error)?.name ?? 'error'));
    }
    if (resource?.resourceType !== focus.resourceType || resource?.id !== focus.id) {
      throw new FormatRenderError(MESSAGES.fhirWrongResource(focus.resourceType, eventType));
    }
    return resource;
  }

  private under(path: string): string {
    return this.options.baseUrl === null ? path : `${this.options.baseUrl}/${path}`;
  }
}
