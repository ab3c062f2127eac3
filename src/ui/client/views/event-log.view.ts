import { Column, listTable, pager } from '../components';
import { h, replace, uid } from '../dom';
import { showFieldErrors } from '../errors';
import { localTime, statusBadge, time } from '../format';
import { EventEntry, Page } from '../types';
import { View, ViewContext } from '../view';
import { chartSection } from './delivery-chart';
import { endpointFilter, LOG_FILTERS } from './event-log-filters';
import { currentFilters, filterForm } from './filter-form';
import { liveSwitch } from './live-log';
import { resendButton } from './resend';

const PAGE_SIZE = 50;

/** The event log: filters, newest first, one cursor page at a time, select and resend. */
export const eventLogView: View = {
  path: '/events',
  title: 'Event log',
  forLinks: true,
  nav: { label: 'Event log', order: 10 },
  async render(main, ctx) {
    // An integrator link shows one endpoint: no endpoint filter (it may not list endpoints).
    const shown = ctx.caller.link ? LOG_FILTERS.filter((f) => f !== endpointFilter) : LOG_FILTERS;
    const query = currentFilters(ctx, shown);
    // The entries do not wait for the filters' options (event types, endpoints): both load at once.
    const entries = ctx.api.get<Page<EventEntry>>('/events', {
      ...query,
      limit: PAGE_SIZE,
      cursor: ctx.query.get('cursor'),
    });
    const filters = filterForm(ctx, shown, '/events', 'Filter the event log');
    const results = h('div', { class: 'results' });
    // The chart folds below the entries: on a phone the first entries stay on the first screen.
    main.append(h('h1', null, 'Event log'), filters.element, results, overTime(ctx));
    try {
      const page = await entries;
      if (!ctx.isCurrent()) return;
      let table = renderResults(results, page, ctx, query);
      // Live follows the newest page only: an older page stays as it was read.
      if (!ctx.query.get('cursor'))
        results.before(
          liveSwitch(
            ctx,
            query,
            { table: () => table, redraw: (p) => (table = renderResults(results, p, ctx, query)) },
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

function renderResults(
  results: HTMLElement,
  page: Page<EventEntry>,
  ctx: ViewContext,
  query: Record<string, string | undefined>,
): LogTable | null {
  const pages = pager({
    label: 'Pages of the event log',
    path: '/events',
    query,
    cursor: ctx.query.get('cursor'),
    nextCursor: page.nextCursor,
    first: '« Newest entries',
    next: 'Older entries »',
  });
  if (!page.items.length) {
    replace(
      results,
      h('p', { class: 'empty' }, ctx.query.get('cursor') ? 'No older entries.' : 'No entries match these filters.'),
      pages,
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
  // Entries the live log added since the page was drawn: tagged "new", also when redrawn.
  const fresh = new Set<string>();
  const columns: Column<EventEntry>[] = [
    { label: 'Select', controls: true, class: 'select', cell: (e) => boxOf(e) },
    {
      label: 'Time',
      cell: (e) => h('a', { href: `#/events/${encodeURIComponent(e.id)}` }, time(e.createdAt)),
    },
    {
      label: 'Event type',
      cell: (e) => [
        e.eventType,
        e.payloadExpunged ? h('span', { class: 'tag' }, 'payload erased') : null,
        fresh.has(e.id) ? h('span', { class: 'tag' }, 'new') : null,
      ],
    },
    { label: 'Endpoint', class: 'url', cell: (e) => e.url },
    { label: 'Status', cell: (e) => statusBadge(e.status) },
    { label: 'Attempts', class: 'num', cell: (e) => String(e.attemptCount) },
    {
      label: 'Last response',
      class: 'num',
      cell: (e) => (e.lastResponseStatus === null ? (e.lastError ? 'no response' : '—') : String(e.lastResponseStatus)),
    },
    { label: 'Next attempt', cell: (e) => time(e.nextAttemptAt) },
  ];
  const boxOf = (e: EventEntry) => {
    const box = boxes.get(e.id) ?? h('input', { type: 'checkbox', value: e.id });
    box.setAttribute('aria-label', `Select the ${e.eventType} entry of ${localTime(e.createdAt)}`);
    if (!boxes.has(e.id)) box.addEventListener('change', sync);
    boxes.set(e.id, box);
    return box;
  };
  const table = listTable({
    class: 'log',
    caption: `Entries ${ctx.query.get('cursor') ? '(older page)' : '(newest first)'}`,
    columns,
    items: page.items,
    rowProps: (e) => ({ 'data-id': e.id, 'data-updated': e.updatedAt, class: fresh.has(e.id) ? 'fresh' : null }),
  });
  replace(
    results,
    h(
      'div',
      { class: 'bulk' },
      h('span', { class: 'select-all' }, selectAll, h('label', { for: allId }, 'Select all on this page')),
      resend.element,
    ),
    table.element,
    pages,
  );
  sync();
  return {
    ids: () => [...boxes.keys()],
    prepend(items) {
      const added = items.filter((e) => !boxes.has(e.id));
      added.forEach((e) => fresh.add(e.id));
      table.tbody.prepend(...added.map(table.row));
      sync();
      return added.length;
    },
    update(items) {
      for (const e of items) {
        const row = table.tbody.querySelector(`tr[data-id="${CSS.escape(e.id)}"]`);
        if (row && row.getAttribute('data-updated') !== e.updatedAt) row.replaceWith(table.row(e));
      }
    },
  };
}
