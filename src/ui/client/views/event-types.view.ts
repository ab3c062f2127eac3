import { h, listenAsync, replace, uid } from '../dom';
import { errorMessage } from '../errors';
import { EventType, Page, Subscription, TestDeliveryResult } from '../types';
import { View, ViewContext } from '../view';
import { testOutcome } from './endpoint-actions';

const schemaName = (t: EventType) => `${t.name}/${t.schemaVersion}`;
/** A table's head row: one column header per label. */
const head = (...labels: string[]) =>
  h(
    'thead',
    null,
    h(
      'tr',
      null,
      labels.map((l) => h('th', { scope: 'col' }, l)),
    ),
  );
const typeHref = (t: EventType) => `#/event-types/${encodeURIComponent(t.name)}`;

/** What will a receiver get? The seven event types, each with its payload schema version. */
export const eventTypesView: View = {
  path: '/event-types',
  title: 'Event types',
  nav: { label: 'Event types', order: 25 },
  async render(main, ctx) {
    const types = await ctx.eventTypes();
    main.append(
      h('h1', null, 'Event types'),
      h('p', null, 'What each event sends: its fields, an example, and the schema named in its webhook-schema header.'),
      h(
        'table',
        { class: 'event-types' },
        head('Event', 'Description', 'Schema'),
        h(
          'tbody',
          null,
          types.map((t) =>
            h(
              'tr',
              null,
              h('td', null, h('a', { href: typeHref(t) }, t.name)),
              h('td', null, t.description),
              h('td', null, schemaName(t)),
            ),
          ),
        ),
      ),
    );
  },
};

/** One event type: its fields (from the schema), its example, and "Send example to…" an endpoint. */
export const eventTypeView: View = {
  path: '/event-types/:name',
  title: 'Event type',
  async render(main, ctx) {
    main.append(h('p', { class: 'back' }, h('a', { href: '#/event-types' }, '« Event types')));
    const type = (await ctx.eventTypes()).find((t) => t.name === ctx.params.name);
    if (!type) {
      main.append(
        h('h1', null, 'Event type'),
        h('p', { class: 'error', role: 'alert' }, `Not found: no event type ${ctx.params.name}.`),
      );
      return;
    }
    main.append(
      h('h1', null, 'Event type ', h('span', { class: 'url' }, type.name)),
      h('p', null, type.description),
      h(
        'p',
        null,
        'Schema: ',
        h('code', null, schemaName(type)),
        ' (JSON Schema 2020-12; every delivery names it in its webhook-schema header).',
      ),
      h('h2', null, 'Fields'),
      fieldsTable(type),
      h('h2', null, 'Example'),
      h(
        'pre',
        { class: 'code', tabindex: '0', 'aria-label': `Example payload of ${type.name}` },
        JSON.stringify(type.example, null, 2),
      ),
    );
    // A test delivery is a Webhook Admin's action (the API refuses it to others).
    if (ctx.caller.isAdmin) main.append(await sendExample(ctx, type));
  },
};

function fieldsTable(type: EventType): HTMLElement {
  const table = h(
    'table',
    { class: 'fields' },
    h('caption', null, `Payload fields of ${type.name}; a filter on an endpoint may name them`),
    head('Path', 'Type', 'Description'),
    h(
      'tbody',
      null,
      type.fields.map((f) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, h('code', null, f.path)),
          h('td', { class: 'types' }, f.types.join(' | ') + (f.format ? ` (${f.format})` : '')),
          h('td', null, f.description ?? '—'),
        ),
      ),
    ),
  );
  return h('div', { class: 'table-wrap' }, table);
}

/** A form: choose an endpoint, send it the example as a signed test delivery, see what it answered. */
async function sendExample(ctx: ViewContext, type: EventType): Promise<HTMLElement> {
  const section = h(
    'section',
    { class: 'send-example', 'aria-labelledby': 'send-example' },
    h('h2', { id: 'send-example' }, 'Send example to…'),
  );
  const page = await ctx.api.get<Page<Subscription>>('/subscriptions', { limit: 100 });
  if (!page.items.length) {
    section.append(
      h('p', null, 'No endpoint yet. ', h('a', { href: '#/endpoints/new' }, 'Add one'), ' to send it this example.'),
    );
    return section;
  }
  // The endpoints that receive this event first: those are the ones an admin usually tests.
  const endpoints = [...page.items].sort(
    (a, b) => Number(b.events.includes(type.name)) - Number(a.events.includes(type.name)),
  );
  const id = uid('endpoint');
  const select = h(
    'select',
    { id, name: 'subscriptionId', 'aria-describedby': `${id}-hint` },
    endpoints.map((s) => h('option', { value: s.id }, `${s.url}${s.description ? ` (${s.description})` : ''}`)),
  );
  const button = h('button', { type: 'submit', class: 'primary' }, 'Send example');
  const answer = h('div', { class: 'action-result', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'send-example-form' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, 'Endpoint'),
      h(
        'p',
        { class: 'hint', id: `${id}-hint` },
        'One signed POST of the example above, as this event would be sent; no retry, not in the event log.',
      ),
      select,
    ),
    h('div', { class: 'actions' }, button, answer),
  );
  listenAsync(form, 'submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    replace(answer, 'Sending…');
    try {
      const r = await ctx.api.post<TestDeliveryResult>(`/subscriptions/${encodeURIComponent(select.value)}/test`, {
        eventType: type.name,
      });
      replace(answer, ...testOutcome(r));
    } catch (err) {
      replace(answer, errorMessage(err));
    } finally {
      button.disabled = false;
    }
  });
  section.append(form);
  return section;
}
