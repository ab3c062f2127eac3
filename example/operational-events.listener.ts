import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { DeliveryExhaustedEvent, EndpointDisabledEvent, EndpointRecoveredEvent } from '../src';

/**
 * Where a lab host would e-mail or page the integration team: the module's operational
 * events. The example only logs what the message would say.
 */
@Injectable()
export class OperationalEventsListener {
  private readonly logger = new Logger('LabOperations');

  @OnEvent('webhooks.endpoint.disabled')
  endpointDisabled(e: EndpointDisabledEvent): void {
    const since = e.failingSince ? `, failing since ${e.failingSince.toISOString()}` : '';
    this.logger.warn(`would e-mail: endpoint ${e.subscriptionId} (${e.url}) was deactivated (${e.reason}${since})`);
  }

  @OnEvent('webhooks.delivery.exhausted')
  deliveryExhausted(e: DeliveryExhaustedEvent): void {
    this.logger.warn(
      `would e-mail: ${e.eventType} entry ${e.deliveryId} to endpoint ${e.subscriptionId} failed for good (${e.lastError})`,
    );
  }

  @OnEvent('webhooks.endpoint.recovered')
  endpointRecovered(e: EndpointRecoveredEvent): void {
    this.logger.log(`would e-mail: endpoint ${e.subscriptionId} (${e.url}) delivers again`);
  }
}
