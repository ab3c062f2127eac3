import { Injectable } from '@nestjs/common';
import { EventCatalogService } from '../event-types/event-catalog.service';
import { isWebhookEventType } from '../event-types/event-types';
import { SchemaField } from '../event-types/schema-fields';
import { invalid } from '../webhooks.errors';
import { commonFields, filterProblem } from './filter-check';
import { compileFilter, PayloadFilter, PayloadPredicate } from './payload-filter';

/** Compiled filters kept at most: one per distinct filter and event list in use. */
const MAX_COMPILED = 10_000;

/**
 * Subscriptions' payload filters: checked at write against the schemas of the subscription's
 * events, compiled once per distinct filter (the active-subscription copy is re-read on each
 * change, and finds its predicates here), evaluated at publish.
 */
@Injectable()
export class SubscriptionFiltersService {
  private readonly compiled = new Map<string, PayloadPredicate>();

  constructor(private readonly catalog: EventCatalogService) {}

  /** The fields a filter of a subscription to `events` may name: those every one of its events carries. */
  fieldsFor(events: readonly string[]): SchemaField[] {
    return commonFields(events.filter(isWebhookEventType).map((e) => this.catalog.fields(e)));
  }

  /** Throws a 400 naming the problem (and the allowed paths for an unknown one); nothing else. */
  check(filter: unknown, events: readonly string[]): void {
    if (filter === null || filter === undefined) return;
    const problem = filterProblem(filter, this.fieldsFor(events));
    if (problem) throw invalid('filter', problem.message);
  }

  /** The predicate of a stored filter; null when there is none (every payload passes). */
  predicate(filter: PayloadFilter | null, events: readonly string[]): PayloadPredicate | null {
    if (!filter) return null;
    const key = `${events.join(',')} ${JSON.stringify(filter)}`;
    let predicate = this.compiled.get(key);
    if (!predicate) {
      const instants = this.fieldsFor(events)
        .filter((f) => f.format === 'date' || f.format === 'date-time')
        .map((f) => f.path);
      predicate = compileFilter(filter, new Set(instants));
      if (this.compiled.size >= MAX_COMPILED) this.compiled.clear();
      this.compiled.set(key, predicate);
    }
    return predicate;
  }
}
