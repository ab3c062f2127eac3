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

/** `WebhooksService` if this checkout exports one with `publish`; null before the engine lands. */
export function publisherClass(): (new (...args: any[]) => Publisher) | null {
  const service = (lib as Record<string, unknown>).WebhooksService as (new (...args: any[]) => Publisher) | undefined;
  return typeof service === 'function' && typeof service.prototype?.publish === 'function' ? service : null;
}

export function publisher(app: INestApplication): Publisher | null {
  const cls = publisherClass();
  return cls ? app.get(cls, { strict: false }) : null;
}

/**
 * The event log's purge, once written: a method whose name starts with `purge` on a provider
 * the package exports. Returns a function that runs it, or null when there is none.
 */
export function purger(app: INestApplication): { name: string; run: () => Promise<unknown> } | null {
  for (const [exportName, value] of Object.entries(lib as Record<string, unknown>)) {
    if (typeof value !== 'function' || !value.prototype) continue;
    const method = Object.getOwnPropertyNames(value.prototype).find((m) => /^purge/i.test(m));
    if (!method) continue;
    let instance: any;
    try {
      instance = app.get(value as any, { strict: false });
    } catch {
      continue;
    }
    return { name: `${exportName}.${method}`, run: () => instance[method]() };
  }
  return null;
}

export const NOT_AVAILABLE = 'not available yet: WebhooksService.publish is not in this checkout';
