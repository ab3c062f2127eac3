import { Child, h, uid } from './dom';
import { href } from './router';

/**
 * A form field: the label, then the control (a checkbox comes before its label). A hint sits
 * between them and describes the control.
 */
export function field(name: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (control.getAttribute('type') === 'checkbox')
    return h('div', { class: 'field check', 'data-field': name }, control, h('label', { for: control.id }, label));
  const hintId = hint ? uid('hint') : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: control.id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    control,
  );
}

/** A column of a list table: its heading and what each row shows under it. */
export interface Column<T> {
  label: string;
  cell(item: T): Child;
  /** Class of the cells (`url`, `num`). */
  class?: string;
  /**
   * A column of row controls (checkboxes): its heading is for screen readers only and its
   * cells name no column (a phone shows them without a label); `class` marks heading and cells.
   */
  controls?: boolean;
}

export interface ListTable<T> {
  /** The table in its scrolling wrapper, ready to append. */
  element: HTMLElement;
  tbody: HTMLTableSectionElement;
  /** A row for `item`, as the table draws them (to add or redraw rows later). */
  row(item: T): HTMLTableRowElement;
}

/**
 * The list tables of the page (event log, audit trail, endpoints): a caption, one heading per
 * column, one row per item whose cells carry `data-label` (a phone shows each row as a card).
 */
export function listTable<T>(options: {
  class: string;
  caption: string;
  /** The caption for screen readers only. */
  captionHidden?: boolean;
  columns: Column<T>[];
  items: T[];
  /** Attributes of an item's row (`data-id`…). */
  rowProps?(item: T): Record<string, string | null>;
}): ListTable<T> {
  const { columns } = options;
  const row = (item: T) =>
    h(
      'tr',
      options.rowProps?.(item) ?? null,
      columns.map((c) => h('td', { 'data-label': c.controls ? null : c.label, class: c.class ?? null }, c.cell(item))),
    );
  const tbody = h('tbody', null, options.items.map(row));
  const head = columns.map((c) =>
    c.controls
      ? h('th', { scope: 'col', class: c.class ?? null }, h('span', { class: 'visually-hidden' }, c.label))
      : h('th', { scope: 'col' }, c.label),
  );
  const element = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: options.class },
      h('caption', options.captionHidden ? { class: 'visually-hidden' } : null, options.caption),
      h('thead', null, h('tr', null, head)),
      tbody,
    ),
  );
  return { element, tbody, row };
}

/**
 * "« Newest" and "Older »" links of a list read one cursor page at a time: the first shown on
 * any page but the first, the second while the server names a next page.
 */
export function pager(options: {
  /** Names the navigation landmark: "Pages of …". */
  label: string;
  path: string;
  /** The list's filters, kept on both links. */
  query?: Record<string, string | undefined>;
  cursor: string | null;
  nextCursor: string | null;
  first: string;
  next: string;
}): HTMLElement {
  const query = options.query ?? {};
  return h(
    'nav',
    { class: 'pager', 'aria-label': options.label },
    options.cursor ? h('a', { href: href(options.path, query) }, options.first) : null,
    options.nextCursor
      ? h('a', { href: href(options.path, { ...query, cursor: options.nextCursor }) }, options.next)
      : null,
  );
}
