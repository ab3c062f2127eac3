import { UrlChange } from '../persistence/webhook-audit.entity';
import { WebhooksConflictError } from '../webhooks.errors';
import { MESSAGES } from '../webhooks.messages';

/**
 * A resend or recover would send entries to another URL than their last attempt's (the
 * endpoint's URL was changed since): 409 naming both URLs, with `urlChanges` for a client
 * to show, until the caller confirms with `confirmNewUrl: true`.
 */
export class UrlChangeConflict extends WebhooksConflictError {
  constructor(readonly urlChanges: UrlChange[]) {
    super(MESSAGES.urlChanged(urlChanges), { urlChanges });
  }
}

/** Entries' last URLs against their endpoints' current ones, counted per pair. */
export function urlChangesOf(entries: { url: string; currentUrl: string | undefined }[]): UrlChange[] {
  const byPair = new Map<string, UrlChange>();
  for (const { url: from, currentUrl: to } of entries) {
    if (to === undefined || from === to) continue;
    const key = JSON.stringify([from, to]);
    const change = byPair.get(key) ?? { from, to, count: 0 };
    change.count++;
    byPair.set(key, change);
  }
  return [...byPair.values()];
}
