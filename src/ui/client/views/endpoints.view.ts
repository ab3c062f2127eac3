import { Column, listTable, pager } from '../components';
import { h, replace } from '../dom';
import { errorMessage } from '../errors';
import { href } from '../router';
import { Page, Subscription } from '../types';
import { View, ViewContext } from '../view';
import { endpointStatus, limiter, statsLine, statsOf } from './endpoint-health';

/**
 * A column of the endpoints table. To show more about an endpoint (health, stats, why it was
 * disabled), add an entry to `ENDPOINT_COLUMNS`.
 */
export interface EndpointColumn {
  label: string;
  /** May return a placeholder and fill it later (e.g. from another API call). */
  cell(s: Subscription, ctx: ViewContext): Node | string;
}

// Stats are one call per row: a few at a time, so a long list does not flood the API.
let statsQueue = limiter(4);

export const ENDPOINT_COLUMNS: EndpointColumn[] = [
  { label: 'URL', cell: (s) => h('a', { href: `#/endpoints/${encodeURIComponent(s.id)}` }, s.url) },
  { label: 'Description', cell: (s) => s.description ?? '—' },
  { label: 'Events', cell: (s) => s.events.join(', ') },
  { label: 'Status', cell: (s) => endpointStatus(s) },
  {
    label: 'Last 24 hours',
    cell: (s, ctx) => {
      const cell = h('span', null, 'Loading…');
      statsQueue(() => statsOf(ctx, s.id, 24)).then(
        (st) => replace(cell, statsLine(st)),
        (err) => replace(cell, errorMessage(err)),
      );
      return cell;
    },
  },
  { label: 'Assigned users', cell: (s) => (s.userIds.length ? s.userIds.join(', ') : 'none') },
  {
    label: 'Log',
    cell: (s) =>
      h('a', { href: href('/events', { subscriptionId: s.id }), 'aria-label': `Event log of ${s.url}` }, 'Event log'),
  },
];

/** Endpoints (subscriptions): an admin sees all and may add one; a Webhook User sees the assigned ones. */
export const endpointsView: View = {
  path: '/endpoints',
  title: 'Endpoints',
  nav: { label: 'Endpoints', order: 20 },
  async render(main, ctx) {
    statsQueue = limiter(4); // a fresh queue per visit: stale rows of a left view do not hold it
    const cursor = ctx.query.get('cursor');
    main.append(
      h('h1', null, 'Endpoints'),
      ctx.caller.isAdmin
        ? h('p', null, h('a', { href: '#/endpoints/new', class: 'button primary' }, 'New endpoint'))
        : h('p', null, 'The endpoints assigned to you (read-only).'),
    );
    const page = await ctx.api.get<Page<Subscription>>('/subscriptions', { limit: 100, cursor });
    if (!page.items.length) {
      main.append(
        h('p', { class: 'empty' }, ctx.caller.isAdmin ? 'No endpoint yet.' : 'No endpoint is assigned to you.'),
      );
      return;
    }
    const table = listTable({
      class: 'endpoints',
      caption: 'Endpoints',
      captionHidden: true,
      columns: ENDPOINT_COLUMNS.map((c): Column<Subscription> => ({ label: c.label, cell: (s) => c.cell(s, ctx) })),
      items: page.items,
    });
    main.append(
      table.element,
      pager({
        label: 'Pages of endpoints',
        path: '/endpoints',
        cursor,
        nextCursor: page.nextCursor,
        first: '« First page',
        next: 'More endpoints »',
      }),
    );
  },
};
