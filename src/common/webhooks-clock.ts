import { Injectable } from '@nestjs/common';

/**
 * The module's clock for the windows it keeps in memory (the active-subscriptions snapshot's
 * age, an OAuth2 token's lifetime). One provider, so a test moves time for the whole module
 * (`jest.spyOn(app.get(WebhooksClock), 'now')` or `overrideProvider(WebhooksClock)`) instead of
 * sleeping until a window passes. Bull's timers and the database's clock are not behind it.
 * @internal
 */
@Injectable()
export class WebhooksClock {
  /** Milliseconds since the epoch, as `Date.now()`. */
  now(): number {
    return Date.now();
  }
}
