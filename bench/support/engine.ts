import { INestApplication } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import * as lib from '../../src';
import type { WebhookEventType } from '../../src';

/** The engine's publishing API, as the issue describes it (looked up at run time). */
export interface Publisher {
  publish(
    eventType: WebhookEventType,
    payload: Record<string, unknown>,
    opts?: { manager?: EntityManager },
  ): Promise<{ eventId: string; deliveryIds: string[] }>;
}

/** `WebhooksPublisher` if this checkout exports one with `publish`; null before the engine lands. */
export function publisherClass(): (new (...args: any[]) => Publisher) | null {
  const exports = lib as Record<string, unknown>;
  // Older checkouts name the publisher `WebhooksService`.
  const service = (exports.WebhooksPublisher ?? exports.WebhooksService) as
    (new (...args: any[]) => Publisher) | undefined;
  return typeof service === 'function' && typeof service.prototype?.publish === 'function' ? service : null;
}

export function publisher(app: INestApplication): Publisher | null {
  const cls = publisherClass();
  return cls ? app.get(cls, { strict: false }) : null;
}

export const NOT_AVAILABLE = 'not available yet: WebhooksPublisher.publish is not in this checkout';
