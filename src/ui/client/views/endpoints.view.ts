import { h } from '../dom';
import { href } from '../router';
import { Page, Subscription } from '../types';
import { View } from '../view';

/**
 * A column of the endpoints table. To show more about an endpoint (health, stats, why it was
 * disabled), add an entry to `ENDPOINT_COLUMNS`.
 */
export interface EndpointColumn {
  label: string;
  cell(s: Subscription): Node | string;
}

export const ENDPOINT_COLUMNS: EndpointColumn[] = [
  { label: 'URL', cell: (s) => h('a', { href: `#/endpoints/${encodeURIComponent(s.id)}` }, s.url) },
  { label: 'Description', cell: (s) => s.description ?? '—' },
  { label: 'Events', cell: (s) => s.events.join(', ') },
  {
    label: 'Status',
    cell: (s) =>
      h(
        'span',
        { class: `status ${s.active ? 'status-succeeded' : 'status-canceled'}` },
        s.active ? 'Active' : 'Inactive',
      ),
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
    main.append(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'endpoints' },
          h('caption', { class: 'visually-hidden' }, 'Endpoints'),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ENDPOINT_COLUMNS.map((c) => h('th', { scope: 'col' }, c.label)),
            ),
          ),
          h(
            'tbody',
            null,
            page.items.map((s) =>
              h(
                'tr',
                null,
                ENDPOINT_COLUMNS.map((c) => h('td', { 'data-label': c.label }, c.cell(s))),
              ),
            ),
          ),
        ),
      ),
      h(
        'nav',
        { class: 'pager', 'aria-label': 'Pages of endpoints' },
        cursor ? h('a', { href: '#/endpoints' }, '« First page') : null,
        page.nextCursor ? h('a', { href: href('/endpoints', { cursor: page.nextCursor }) }, 'More endpoints »') : null,
      ),
    );
  },
};
