import { ApiError } from '../api';
import { h, uid } from '../dom';
import { Subscription } from '../types';

/** A filter saved with an endpoint, as the form shows it: indented JSON, or empty for none. */
export const filterText = (filter: Subscription['filter'] | undefined): string =>
  filter ? JSON.stringify(filter, null, 2) : '';

/**
 * `filter`: a JSON condition on payload fields (`{"orderingFacility.id": "F-100"}`). The server
 * checks it against the events' schemas; its 400 (with the allowed paths) shows beside it.
 */
export function payloadFilterField(s: Subscription | null): HTMLElement {
  const id = uid('filter');
  return h(
    'div',
    { class: 'field', 'data-field': 'filter' },
    h('label', { for: id }, 'Payload filter (optional)'),
    h(
      'p',
      { class: 'hint', id: `${id}-hint` },
      'Only events whose payload matches are sent, e.g. {"orderingFacility.id": "F-100"} for one clinic. ',
      'The fields are listed under ',
      h('a', { href: '#/event-types' }, 'Event types'),
      '. Leave empty to send every event.',
    ),
    h(
      'textarea',
      { id, name: 'filter', rows: '3', spellcheck: 'false', 'aria-describedby': `${id}-hint`, class: 'code' },
      filterText(s?.filter),
    ),
  );
}

/**
 * The `filter` of the request body: the parsed JSON; when empty, nothing on create and null
 * (no filter) on edit. Text that is not JSON is refused here, beside the field, as a 400 would be.
 */
export function filterBody(text: string, editing: boolean): { filter?: unknown } {
  if (!text.trim()) return editing ? { filter: null } : {};
  try {
    return { filter: JSON.parse(text) };
  } catch {
    const message = 'filter is not valid JSON: write an object such as {"orderingFacility.id": "F-100"}';
    throw new ApiError(400, message, [{ field: 'filter', message }]);
  }
}
