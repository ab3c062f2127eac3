import { h, replace, uid } from '../dom';
import { showFieldErrors } from '../errors';
import { localTime, statusBadge, time } from '../format';
import { href } from '../router';
import { EventEntry, Page } from '../types';
import { View, ViewContext } from '../view';
import { LOG_FILTERS } from './event-log-filters';
import { currentFilters, filterForm } from './filter-form';
import { resendButton } from './resend';

const PAGE_SIZE = 50;

/** The event log: filters, newest first, one cursor page at a time, select and resend. */
export const eventLogView: View = {
  path: '/events',
  title: 'Event log',
  nav: { label: 'Event log', order: 10 },
  async render(main, ctx) {
    // The entries do not wait for the filters' options (event types, endpoints): both load at once.
    const entries = ctx.api.get<Page<EventEntry>>('/events', {
      ...currentFilters(ctx, LOG_FILTERS),
      limit: PAGE_SIZE,
      cursor: ctx.query.get('cursor'),
    });
    const filters = filterForm(ctx, LOG_FILTERS, '/events', 'Filter the event log');
    const results = h('div', { class: 'results' });
    main.append(h('h1', null, 'Event log'), filters.element, results);
    try {
      const page = await entries;
      if (!ctx.isCurrent()) return;
      renderResults(results, page, ctx);
    } catch (err) {
      // A 400 names the filter at fault: put the message beside that control.
      filters.unfold();
      showFieldErrors(filters.form, err, filters.form.querySelector('.form-errors')!);
    }
  },
};

function renderResults(results: HTMLElement, page: Page<EventEntry>, ctx: ViewContext): void {
  if (!page.items.length) {
    replace(
      results,
      h('p', { class: 'empty' }, ctx.query.get('cursor') ? 'No older entries.' : 'No entries match these filters.'),
      pager(page, ctx),
    );
    return;
  }
  const boxes: HTMLInputElement[] = [];
  const allId = uid('select-all');
  const selectAll = h('input', { type: 'checkbox', id: allId });
  const resend = resendButton(ctx, () => boxes.filter((b) => b.checked).map((b) => b.value));
  const sync = () => {
    const n = boxes.filter((b) => b.checked).length;
    selectAll.checked = n === boxes.length;
    selectAll.indeterminate = n > 0 && n < boxes.length;
    resend.setCount(n);
  };
  selectAll.addEventListener('change', () => {
    boxes.forEach((b) => (b.checked = selectAll.checked));
    sync();
  });
  const rows = page.items.map((e) => {
    const box = h('input', {
      type: 'checkbox',
      value: e.id,
      'aria-label': `Select the ${e.eventType} entry of ${localTime(e.createdAt)}`,
    });
    box.addEventListener('change', sync);
    boxes.push(box);
    return h(
      'tr',
      null,
      h('td', { class: 'select' }, box),
      h('td', { 'data-label': 'Time' }, h('a', { href: `#/events/${encodeURIComponent(e.id)}` }, time(e.createdAt))),
      h(
        'td',
        { 'data-label': 'Event type' },
        e.eventType,
        e.payloadExpunged ? h('span', { class: 'tag' }, 'payload erased') : null,
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
  });
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
        h('tbody', null, rows),
      ),
    ),
    pager(page, ctx),
  );
  sync();
}

function pager(page: Page<EventEntry>, ctx: ViewContext): HTMLElement {
  const filters = currentFilters(ctx, LOG_FILTERS);
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages of the event log' },
    ctx.query.get('cursor') ? h('a', { href: href('/events', filters) }, '« Newest entries') : null,
    page.nextCursor
      ? h('a', { href: href('/events', { ...filters, cursor: page.nextCursor }) }, 'Older entries »')
      : null,
  );
}
