import { h } from '../dom';
import { DELIVERY_STATUSES, isoToLocal, localToIso, statusText } from '../format';
import { Page, Subscription } from '../types';
import { ListFilter } from './filter-form';

/** A filter of the event log. To add one, add an entry to `LOG_FILTERS`. */
export type LogFilter = ListFilter;

export const select = (id: string, name: string, value: string, options: [string, string][]) =>
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

/** Every endpoint the caller may see, as a select (the log's and the audit trail's endpoint filter). */
export const endpointFilter: LogFilter = {
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

/** A lab object's id (report, requisition, sample): the API matches it exactly. */
const subjectFilter: LogFilter = {
  name: 'subject',
  label: 'Subject (exact id, e.g. R-123)',
  control: (_ctx, id, value) =>
    h('input', {
      id,
      name: 'subject',
      type: 'search',
      value,
      maxlength: 200,
      autocomplete: 'off',
      spellcheck: 'false',
    }),
  toApi: (v) => v.trim() || undefined,
};

export const instantFilter = (name: 'since' | 'until', label: string): LogFilter => ({
  name,
  label,
  control: (_ctx, id, value) => h('input', { id, name, type: 'datetime-local', value: isoToLocal(value) }),
  toApi: (v) => localToIso(v),
});

export const LOG_FILTERS: LogFilter[] = [
  subjectFilter,
  statusFilter,
  eventTypeFilter,
  endpointFilter,
  instantFilter('since', 'From (your time)'),
  instantFilter('until', 'Until (your time)'),
];
