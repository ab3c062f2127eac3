import { h, replace, uid } from '../dom';
import { showFieldErrors } from '../errors';
import { localTime, statusBadge, time } from '../format';
import { href } from '../router';
import { EventEntry, Page } from '../types';
import { View, ViewContext } from '../view';
import { chartSection } from './delivery-chart';
import { LOG_FILTERS as ALL_FILTERS, endpointFilter } from './event-log-filters';
import { currentFilters, filterForm } from './filter-form';
import { liveSwitch } from './live-log';
import { resendButton } from './resend';

const PAGE_SIZE = 50;

/** An integrator link shows one endpoint: no endpoint filter (it may not list endpoints). */
const filtersOf = (ctx: ViewContext) =>
  ctx.caller.link ? ALL_FILTERS.filter((f) => f !== endpointFilter) : ALL_FILTERS;

/** The event log: filters, newest first, one cursor page at a time, select and resend. */
export const eventLogView: View = {
  path: '/events',
  title: 'Event log',
  forLinks: true,
  nav: { label: 'Event log', order: 10 },
  async render(main, ctx) {
    const LOG_FILTERS = filtersOf(ctx);
    // The entries do not wait for the filters' options (event types, endpoints): both load at once.
    const entries = ctx.api.get<Page<EventEntry>>('/events', {
      ...currentFilters(ctx, LOG_FILTERS),
      limit: PAGE_SIZE,
      cursor: ctx.query.get('cursor'),
    });
    const filters = filterForm(ctx, LOG_FILTERS, '/events', 'Filter the event log');
    const results = h('div', { class: 'results' });
    // The chart folds below the entries: on a phone the first entries stay on the first screen.
    main.append(h('h1', null, 'Event log'), filters.element, results, overTime(ctx));
    try {
      const page = await entries;
      if (!ctx.isCurrent()) return;
      let table = renderResults(results, page, ctx);
      // Live follows the newest page only: an older page stays as it was read.
      if (!ctx.query.get('cursor'))
        results.before(
          liveSwitch(
            ctx,
            currentFilters(ctx, LOG_FILTERS),
            { table: () => table, redraw: (p) => (table = renderResults(results, p, ctx)) },
            PAGE_SIZE,
          ),
        );
    } catch (err) {
      // A 400 names the filter at fault: put the message beside that control.
      filters.unfold();
      showFieldErrors(filters.form, err, filters.form.querySelector('.form-errors')!);
    }
  },
};

/** Deliveries over time of every endpoint the caller sees: folded, and asked for only when opened. */
function overTime(ctx: ViewContext): HTMLElement {
  const fold = h(
    'details',
    { class: 'log-chart' },
    h(
      'summary',
      null,
      ctx.caller.isAdmin
        ? 'Deliveries over time, all endpoints'
        : ctx.caller.link
          ? 'Deliveries over time, this endpoint'
          : 'Deliveries over time, your endpoints',
    ),
  );
  fold.addEventListener('toggle', () => {
    if (fold.open && !fold.querySelector('.chart-section'))
      fold.append(chartSection(ctx, '/events/chart', 'Deliveries over time'));
  });
  return fold;
}

/** The drawn page: its rows can be added to and redrawn in place (the live log does). */
export interface LogTable {
  ids(): string[];
  /** Adds entries not shown yet at the top, newest first; returns how many were new. */
  prepend(items: EventEntry[]): number;
  /** Redraws the rows of these entries, keeping their selection. */
  update(items: EventEntry[]): void;
}

function renderResults(results: HTMLElement, page: Page<EventEntry>, ctx: ViewContext): LogTable | null {
  if (!page.items.length) {
    replace(
      results,
      h('p', { class: 'empty' }, ctx.query.get('cursor') ? 'No older entries.' : 'No entries match these filters.'),
      pager(page, ctx),
    );
    return null;
  }
  const boxes = new Map<string, HTMLInputElement>();
  const allId = uid('select-all');
  const selectAll = h('input', { type: 'checkbox', id: allId });
  const resend = resendButton(ctx, () => [...boxes.values()].filter((b) => b.checked).map((b) => b.value));
  const sync = () => {
    const n = [...boxes.values()].filter((b) => b.checked).length;
    selectAll.checked = n === boxes.size;
    selectAll.indeterminate = n > 0 && n < boxes.size;
    resend.setCount(n);
  };
  selectAll.addEventListener('change', () => {
    boxes.forEach((b) => (b.checked = selectAll.checked));
    sync();
  });
  const rowOf = (e: EventEntry, fresh = false) => {
    const box = boxes.get(e.id) ?? h('input', { type: 'checkbox', value: e.id });
    box.setAttribute('aria-label', `Select the ${e.eventType} entry of ${localTime(e.createdAt)}`);
    if (!boxes.has(e.id)) box.addEventListener('change', sync);
    boxes.set(e.id, box);
    return h(
      'tr',
      { 'data-id': e.id, 'data-updated': e.updatedAt, class: fresh ? 'fresh' : null },
      h('td', { class: 'select' }, box),
      h('td', { 'data-label': 'Time' }, h('a', { href: `#/events/${encodeURIComponent(e.id)}` }, time(e.createdAt))),
      h(
        'td',
        { 'data-label': 'Event type' },
        e.eventType,
        e.payloadExpunged ? h('span', { class: 'tag' }, 'payload erased') : null,
        fresh ? h('span', { class: 'tag' }, 'new') : null,
      ),
      h('td', { 'data-label': 'Endpoint', class: 'url' }, e.url),
      h('td', { 'data-label': 'Status' }, statusBadge(e.status)),
      h('td', { 'data-label': 'Attempts', class: 'num' }, String(e.attemptCount)),
      h(
        'td',
        { 'data-label': 'Last response', class: 'num' },
        e.lastResponseStatus === null ? (e.lastError ? 'no response' : '—') : String(e.lastResponseStatus),
      ),
      h('td', { 'data-label': 'Next attempt' }, time(e.nextAttemptAt)),
    );
  };
  const tbody = h(
    'tbody',
    null,
    page.items.map((e) => rowOf(e)),
  );
  replace(
    results,
    h(
      'div',
      { class: 'bulk' },
      h('span', { class: 'select-all' }, selectAll, h('label', { for: allId }, 'Select all on this page')),
      resend.element,
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'log' },
        h('caption', null, `Entries ${ctx.query.get('cursor') ? '(older page)' : '(newest first)'}`),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Select', 'Time', 'Event type', 'Endpoint', 'Status', 'Attempts', 'Last response', 'Next attempt'].map(
              (c, i) =>
                h(
                  'th',
                  { scope: 'col', class: i === 0 ? 'select' : null },
                  i === 0 ? h('span', { class: 'visually-hidden' }, c) : c,
                ),
            ),
          ),
        ),
        tbody,
      ),
    ),
    pager(page, ctx),
  );
  sync();
  return {
    ids: () => [...boxes.keys()],
    prepend(items) {
      const fresh = items.filter((e) => !boxes.has(e.id));
      tbody.prepend(...fresh.map((e) => rowOf(e, true)));
      sync();
      return fresh.length;
    },
    update(items) {
      for (const e of items) {
        const row = tbody.querySelector(`tr[data-id="${CSS.escape(e.id)}"]`);
        if (row && row.getAttribute('data-updated') !== e.updatedAt)
          row.replaceWith(rowOf(e, row.classList.contains('fresh')));
      }
    },
  };
}

function pager(page: Page<EventEntry>, ctx: ViewContext): HTMLElement {
  const filters = currentFilters(ctx, filtersOf(ctx));
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages of the event log' },
    ctx.query.get('cursor') ? h('a', { href: href('/events', filters) }, '« Newest entries') : null,
    page.nextCursor
      ? h('a', { href: href('/events', { ...filters, cursor: page.nextCursor }) }, 'Older entries »')
      : null,
  );
}
