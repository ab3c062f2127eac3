import { h, replace, uid } from '../dom';
import { errorMessage } from '../errors';
import { href } from '../router';
import { ViewContext } from '../view';

/**
 * One filter of a list view (the event log, the audit trail): an API query parameter, the
 * control that edits it, and how the control's value maps to the API's. The hash
 * (`#/events?status=failed`) holds API values.
 */
export interface ListFilter {
  /** Query parameter of the list's API route, and the control's name. */
  name: string;
  label: string;
  control(ctx: ViewContext, id: string, value: string): Promise<HTMLElement> | HTMLElement;
  /** Control value → API value; default: as is, empty → left out. */
  toApi?(controlValue: string): string | undefined;
}

/** Phones: the filters fold into a disclosure so the first results show on the first screen. */
const NARROW = window.matchMedia('(max-width: 700px)');
// Back to a wide window: every folded filter form opens again.
NARROW.addEventListener('change', (e) => {
  if (!e.matches)
    document.querySelectorAll<HTMLDetailsElement>('details.filters-disclosure').forEach((d) => (d.open = true));
});

export interface FilterForm {
  /** The disclosure holding the form: open on wide screens, folded on phones. */
  element: HTMLDetailsElement;
  form: HTMLFormElement;
  /** Opens the disclosure (e.g. to show a filter's error). */
  unfold(): void;
}

/** The query of the current hash restricted to `filters`, in API values. */
export const currentFilters = (ctx: ViewContext, filters: ListFilter[]): Record<string, string | undefined> =>
  Object.fromEntries(filters.map((f) => [f.name, ctx.query.get(f.name) ?? undefined]));

/**
 * A list's filters: submitting goes to `#<path>?<filters>` (first page). A control whose
 * options need the API shows "Loading…" until they arrive.
 */
export function filterForm(ctx: ViewContext, filters: ListFilter[], path: string, label: string): FilterForm {
  const fields = filters.map((f) => {
    const id = uid(`filter-${f.name}`);
    const value = ctx.query.get(f.name) ?? '';
    const placeholder = h('select', { id, name: f.name, disabled: true }, h('option', { value }, 'Loading…'));
    const field = h('div', { class: 'field', 'data-field': f.name }, h('label', { for: id }, f.label), placeholder);
    Promise.resolve()
      .then(() => f.control(ctx, id, value))
      .then(
        (control) => placeholder.replaceWith(control),
        (err) => {
          replace(placeholder, h('option', { value }, 'unavailable'));
          field.append(errorMessage(err));
        },
      );
    return field;
  });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': label },
    h('div', { class: 'field-row' }, fields),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Apply filters'),
      h('a', { href: `#${path}`, class: 'button secondary' }, 'Clear filters'),
    ),
    h('div', { class: 'form-errors' }),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const query: Record<string, string | undefined> = {};
    for (const f of filters) {
      const raw = String(data.get(f.name) ?? '');
      query[f.name] = f.toApi ? f.toApi(raw) : raw || undefined;
    }
    ctx.navigate(href(path, query));
  });
  const active = filters.filter((f) => ctx.query.get(f.name)).length;
  const element = h(
    'details',
    { class: 'filters-disclosure', open: !NARROW.matches },
    h('summary', null, active ? `Filters (${active} active)` : 'Filters'),
    form,
  );
  return { element, form, unfold: () => (element.open = true) };
}
