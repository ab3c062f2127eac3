import { h, uid } from '../dom';
import { EventType, Subscription } from '../types';
import { authBody, authFields } from './endpoint-auth-fields';
import { formatBody, formatFields } from './format-fields';
import { filterBody, payloadFilterField } from './payload-filter-field';

/** The endpoint form's controls, each wrapped in `[data-field]` so a 400 lands beside it. */
export function endpointFields(types: EventType[], s: Subscription | null): (HTMLElement | null)[] {
  const text = (
    name: string,
    label: string,
    value: string,
    attrs: Record<string, string | boolean> = {},
    hint?: string,
  ) => {
    const id = uid(name);
    const hintId = hint ? `${id}-hint` : null;
    return h(
      'div',
      { class: 'field', 'data-field': name },
      h('label', { for: id }, label),
      hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
      h('input', { id, name, type: 'text', value, 'aria-describedby': hintId, ...attrs }),
    );
  };
  const eventsId = uid('events');
  return [
    text(
      'url',
      'URL',
      s?.url ?? '',
      { type: 'url', inputmode: 'url', required: true, autocomplete: 'off' },
      'The http(s) address that receives the POST requests.',
    ),
    h(
      'fieldset',
      { class: 'field', 'data-field': 'events', id: eventsId },
      h('legend', null, 'Events'),
      types.map((t) => {
        const id = uid('event');
        return h(
          'div',
          { class: 'check' },
          h('input', {
            type: 'checkbox',
            id,
            name: 'events',
            value: t.name,
            checked: s ? s.events.includes(t.name) : false,
          }),
          h('label', { for: id, title: t.description }, t.name),
        );
      }),
    ),
    ...formatFields(s),
    text(
      'userIds',
      'Assigned Webhook Users',
      (s?.userIds ?? []).join(', '),
      {},
      'User ids, separated by commas; they see this endpoint and its log.',
    ),
    text('description', 'Description', s?.description ?? ''),
    text('projectTemplateId', 'Project template id (optional filter)', s?.projectTemplateId ?? ''),
    payloadFilterField(s),
    orderingField(s),
    text('username', 'Basic auth user name', s?.username ?? '', { autocomplete: 'off' }),
    text(
      'password',
      'Basic auth password',
      '',
      { type: 'password', autocomplete: 'new-password' },
      s?.hasPassword ? 'Set; leave empty to keep it.' : 'Needed with a user name.',
    ),
    headersField(s),
    authFields(s),
    // On an existing endpoint, Activate/Deactivate is an action of its own (no stale checkbox here).
    s ? null : checkbox('active', 'Active (deliver events)', true),
  ];
}

function headersField(s: Subscription | null): HTMLElement {
  const id = uid('headers');
  // Values are write-only: an existing endpoint shows its header names with empty values.
  const value = Object.keys(s?.headers ?? {})
    .map((name) => `${name}:`)
    .join('\n');
  return h(
    'div',
    { class: 'field', 'data-field': 'headers' },
    h('label', { for: id }, 'Custom headers'),
    h(
      'p',
      { class: 'hint', id: `${id}-hint` },
      s
        ? 'One "Name: value" per line. Saved values are not shown; leave a value empty to keep it.'
        : 'One "Name: value" per line.',
    ),
    h('textarea', { id, name: 'headers', rows: '3', 'aria-describedby': `${id}-hint` }, value),
  );
}

/** `ordering`: whether entries about one lab object wait for each other. */
function orderingField(s: Subscription | null): HTMLElement {
  const id = uid('ordering');
  const current = s?.ordering ?? 'none';
  const option = (value: string, label: string) => h('option', { value, selected: current === value }, label);
  return h(
    'div',
    { class: 'field', 'data-field': 'ordering' },
    h('label', { for: id }, 'Delivery order'),
    h(
      'p',
      { class: 'hint', id: `${id}-hint` },
      'Per lab object: a correction never overtakes the report it corrects, but a failing event holds ' +
        'later events of its report, requisition or sample for up to its whole retry schedule (about 13 minutes).',
    ),
    h(
      'select',
      { id, name: 'ordering', 'aria-describedby': `${id}-hint` },
      option('none', 'As soon as possible (no waiting)'),
      option('subject', 'In publish order per lab object'),
    ),
  );
}

function checkbox(name: string, label: string, checked: boolean): HTMLElement {
  const id = uid(name);
  return h(
    'div',
    { class: 'field check', 'data-field': name },
    h('input', { type: 'checkbox', id, name, checked }),
    h('label', { for: id }, label),
  );
}

/** The request body from the form; on edit, an empty password or header value keeps the stored one. */
export function endpointBody(
  form: HTMLFormElement,
  editing: boolean,
  subscription: Subscription | null = null,
): Record<string, unknown> {
  const data = new FormData(form);
  const str = (n: string) => String(data.get(n) ?? '').trim();
  const body: Record<string, unknown> = {
    url: str('url'),
    events: data.getAll('events').map(String),
    userIds: str('userIds')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean),
    ordering: str('ordering') || 'none',
    headers: Object.fromEntries(
      str('headers')
        .split('\n')
        .filter((l) => l.trim())
        .map((l) => {
          const at = l.indexOf(':');
          const [name, value] = at < 0 ? [l.trim(), ''] : [l.slice(0, at).trim(), l.slice(at + 1).trim()];
          // On edit, an empty value keeps the stored one (the server says so if there is none).
          return [name, editing && !value ? { hasValue: true } : value];
        }),
    ),
  };
  const optional = (n: string) => {
    const v = str(n);
    if (v) body[n] = v;
    else if (editing) body[n] = null;
  };
  Object.assign(body, formatBody(data));
  if (!editing) body.active = data.get('active') !== null;
  optional('description');
  optional('projectTemplateId');
  if (str('username')) body.username = str('username');
  if (str('password')) body.password = str('password');
  else if (editing && !str('username')) body.password = null; // no user name: no basic auth
  return { ...body, ...filterBody(str('filter'), editing), ...authBody(data, editing ? subscription : null) };
}
