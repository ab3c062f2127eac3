import { h } from '../dom';
import { DELIVERY_STATUSES, isoToLocal, localToIso, statusText } from '../format';
import { Page, Subscription } from '../types';
import { ViewContext } from '../view';

/**
 * One filter of the event log: an API query parameter, the control that edits it, and how
 * the control's value maps to the API's. The hash (`#/events?status=failed`) holds API values.
 * To add a filter (e.g. a subject search), add an entry to `LOG_FILTERS`.
 */
export interface LogFilter {
  /** Query parameter of `GET /events`, and the control's name. */
  name: string;
  label: string;
  control(ctx: ViewContext, id: string, value: string): Promise<HTMLElement> | HTMLElement;
  /** Control value → API value; default: as is. */
  toApi?(controlValue: string): string | undefined;
}

const select = (id: string, name: string, value: string, options: [string, string][]) =>
  h(
    'select',
    { id, name },
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text)),
  );

const statusFilter: LogFilter = {
  name: 'status',
  label: 'Status',
  control: (_ctx, id, value) =>
    select(id, 'status', value, [
      ['', 'Any status'],
      ...DELIVERY_STATUSES.map((s): [string, string] => [s, statusText(s)]),
    ]),
};

const eventTypeFilter: LogFilter = {
  name: 'eventType',
  label: 'Event type',
  control: async (ctx, id, value) =>
    select(id, 'eventType', value, [
      ['', 'Any event type'],
      ...(await ctx.eventTypes()).map((t): [string, string] => [t.name, t.name]),
    ]),
};

const endpointFilter: LogFilter = {
  name: 'subscriptionId',
  label: 'Endpoint',
  control: async (ctx, id, value) => {
    const page = await ctx.api.get<Page<Subscription>>('/subscriptions', { limit: 100 });
    const options: [string, string][] = page.items.map((s) => [
      s.id,
      s.description ? `${s.description} (${s.url})` : s.url,
    ]);
    if (value && !options.some(([v]) => v === value)) options.push([value, `Endpoint ${value}`]);
    return select(id, 'subscriptionId', value, [['', 'Any endpoint'], ...options]);
  },
};

const instantFilter = (name: 'since' | 'until', label: string): LogFilter => ({
  name,
  label,
  control: (_ctx, id, value) => h('input', { id, name, type: 'datetime-local', value: isoToLocal(value) }),
  toApi: (v) => localToIso(v),
});

export const LOG_FILTERS: LogFilter[] = [
  statusFilter,
  eventTypeFilter,
  endpointFilter,
  instantFilter('since', 'From (your time)'),
  instantFilter('until', 'Until (your time)'),
];
