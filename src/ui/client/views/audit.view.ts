import { AUDIT_ACTIONS, AuditAction } from '../../../audit/audit-actions';
import { Column, listTable, pager } from '../components';
import { h, replace } from '../dom';
import { showFieldErrors } from '../errors';
import { time } from '../format';
import { AuditEntry, Page, Subscription } from '../types';
import { View, ViewContext } from '../view';
import { endpointFilter, instantFilter, select } from './event-log-filters';
import { currentFilters, filterForm, ListFilter } from './filter-form';

const PAGE_SIZE = 50;

/** What each action the server records means, in words; the API's name is shown beside it. */
const AUDIT_ACTION_TEXT: Record<AuditAction, string> = {
  'subscription.created': 'Endpoint created',
  'subscription.updated': 'Endpoint changed',
  'subscription.deleted': 'Endpoint deleted',
  'subscription.secret_rotated': 'Signing secret rotated',
  'subscription.tested': 'Test delivery sent',
  'event.viewed': 'Payload viewed',
  'events.resent': 'Entries resent',
  'events.recovered': 'Entries recovered',
  'events.redirected': 'Entries sent to a changed URL',
  'payload.expunged': 'Payload erased',
  'endpoint.disabled': 'Endpoint deactivated by the module',
  'endpoint.enabled': 'Endpoint reactivated',
  'link.created': 'Integrator link created',
  'link.revoked': 'Integrator link revoked',
  'link.used': 'Integrator link used',
};

/** An action in words (an action this page does not know yet: its API name). */
const auditActionText = (action: string): string => AUDIT_ACTION_TEXT[action as AuditAction] ?? action;

export const AUDIT_FILTERS: ListFilter[] = [
  {
    name: 'actorId',
    label: 'Who (user id, or system)',
    control: (_ctx, id, value) =>
      h('input', { id, name: 'actorId', type: 'search', value, maxlength: 191, autocomplete: 'off' }),
    toApi: (v) => v.trim() || undefined,
  },
  {
    name: 'action',
    label: 'Action',
    control: (_ctx, id, value) =>
      select(id, 'action', value, [
        ['', 'Any action'],
        ...AUDIT_ACTIONS.map((a): [string, string] => [a, AUDIT_ACTION_TEXT[a]]),
      ]),
  },
  endpointFilter,
  instantFilter('since', 'From (your time)'),
  instantFilter('until', 'Until (your time)'),
];

/** The audit trail (Webhook Admins only): who did what and when, newest first, with filters. */
export const auditView: View = {
  path: '/audit',
  title: 'Audit trail',
  nav: { label: 'Audit', order: 30 },
  adminOnly: true,
  async render(main, ctx) {
    const rows = ctx.api.get<Page<AuditEntry>>('/audit', {
      ...currentFilters(ctx, AUDIT_FILTERS),
      limit: PAGE_SIZE,
      cursor: ctx.query.get('cursor'),
    });
    // Endpoint URLs for the rows; a deleted endpoint is named by its id.
    const endpoints = ctx.api
      .get<Page<Subscription>>('/subscriptions', { limit: 100 })
      .then((p) => new Map(p.items.map((s) => [s.id, s.url])))
      .catch(() => new Map<string, string>());
    const filters = filterForm(ctx, AUDIT_FILTERS, '/audit', 'Filter the audit trail');
    const results = h('div', { class: 'results' });
    main.append(
      h('h1', null, 'Audit trail'),
      h('p', null, 'Who changed an endpoint, read a payload, resent, recovered or erased entries, and when.'),
      filters.element,
      results,
    );
    try {
      const [page, urls] = await Promise.all([rows, endpoints]);
      if (!ctx.isCurrent()) return;
      renderRows(results, page, urls, ctx);
    } catch (err) {
      filters.unfold();
      showFieldErrors(filters.form, err, filters.form.querySelector('.form-errors')!);
    }
  },
};

function renderRows(results: HTMLElement, page: Page<AuditEntry>, urls: Map<string, string>, ctx: ViewContext): void {
  const cursor = ctx.query.get('cursor');
  const older = !!cursor;
  const pages = pager({
    label: 'Pages of the audit trail',
    path: '/audit',
    query: currentFilters(ctx, AUDIT_FILTERS),
    cursor,
    nextCursor: page.nextCursor,
    first: '« Newest',
    next: 'Older »',
  });
  if (!page.items.length) {
    replace(results, h('p', { class: 'empty' }, older ? 'Nothing older.' : 'Nothing matches these filters.'), pages);
    return;
  }
  const columns: Column<AuditEntry>[] = [
    { label: 'Time', cell: (a) => time(a.at) },
    { label: 'Who', cell: (a) => a.actorId },
    { label: 'Action', cell: (a) => [auditActionText(a.action), ' ', h('code', { class: 'hint' }, a.action)] },
    { label: 'Endpoint', class: 'url', cell: (a) => endpointCell(a.subscriptionId, urls) },
    { label: 'Entries', cell: (a) => entriesCell(a) },
    { label: 'Fields changed', cell: (a) => (a.changes?.length ? a.changes.join(', ') : '—') },
  ];
  const table = listTable({
    class: 'log audit',
    caption: `Audit trail ${older ? '(older page)' : '(newest first)'}`,
    columns,
    items: page.items,
  });
  replace(results, table.element, pages);
}

function endpointCell(id: string | null, urls: Map<string, string>): Node | string {
  if (!id) return '—';
  const url = urls.get(id);
  return url ? h('a', { href: `#/endpoints/${encodeURIComponent(id)}` }, url) : `deleted endpoint ${id}`;
}

/** "3 entries", unfolding to a link to each (the row keeps up to 100 ids). */
function entriesCell(a: AuditEntry): Node | string {
  if (!a.count) return '—';
  const label = `${a.count} ${a.count === 1 ? 'entry' : 'entries'}`;
  if (!a.deliveryIds.length) return label;
  return h(
    'details',
    { class: 'entries' },
    h('summary', null, label),
    h(
      'ul',
      null,
      a.deliveryIds.map((id) =>
        h('li', null, h('a', { href: `#/events/${encodeURIComponent(id)}` }, h('code', null, id))),
      ),
      a.count > a.deliveryIds.length ? h('li', null, `and ${a.count - a.deliveryIds.length} more`) : null,
    ),
  );
}
