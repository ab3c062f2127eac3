import { h, listenAsync, replace } from '../dom';
import { clearFieldErrors, showFieldErrors } from '../errors';
import { href } from '../router';
import { CreatedSubscription, Subscription } from '../types';
import { View, ViewContext } from '../view';
import { chartSection } from './delivery-chart';
import { ENDPOINT_UPDATED, endpointActions } from './endpoint-actions';
import { certificateWarning } from './endpoint-auth-fields';
import { endpointBody, endpointFields } from './endpoint-fields';
import { healthSection } from './endpoint-health';
import { formatLabel } from './format-fields';
import { integratorLinksSection } from './integrator-links';
import { recoverSection } from './recover';
import { secretPanel } from './signing-secret';

const back = () => h('p', { class: 'back' }, h('a', { href: '#/endpoints' }, '« Endpoints'));

/** A Webhook Admin adds an endpoint; the signing secret is shown once, after it is created. */
export const newEndpointView: View = {
  path: '/endpoints/new',
  title: 'New endpoint',
  adminOnly: true,
  async render(main, ctx) {
    const form = await endpointForm(ctx, null, 'Create endpoint', async (body) => {
      const created = await ctx.api.post<CreatedSubscription>('/subscriptions', body);
      replace(
        main,
        back(),
        h('h1', { tabindex: '-1' }, 'Endpoint created'),
        h('p', { role: 'status' }, `${created.url} now receives ${created.events.join(', ')}.`),
        secretPanel(created.signingSecret, 'Receivers verify each request with this secret (Standard Webhooks).'),
        h('p', null, h('a', { href: `#/endpoints/${encodeURIComponent(created.id)}` }, 'Open the endpoint')),
      );
      main.querySelector<HTMLElement>('h1')?.focus();
    });
    main.append(back(), h('h1', null, 'New endpoint'), form);
  },
};

/** One endpoint: an admin edits it and runs its actions; a Webhook User reads it. */
export const endpointFormView: View = {
  path: '/endpoints/:id',
  title: 'Endpoint',
  async render(main, ctx) {
    main.append(back());
    let s: Subscription;
    try {
      s = await ctx.api.get<Subscription>(`/subscriptions/${encodeURIComponent(ctx.params.id)}`);
    } catch (err) {
      main.append(h('h1', null, 'Endpoint'));
      throw err;
    }
    const health = healthSection(ctx, s);
    main.addEventListener(ENDPOINT_UPDATED, (e) => health.update((e as CustomEvent<Subscription>).detail));
    main.append(
      h('h1', null, 'Endpoint ', h('span', { class: 'url' }, s.url)),
      certificateWarning(s) ?? '',
      h('p', null, h('a', { href: href('/events', { subscriptionId: s.id }) }, 'Event log of this endpoint')),
      health.element,
      chartSection(ctx, `/subscriptions/${encodeURIComponent(s.id)}/chart`, 'Deliveries over time'),
    );
    if (!ctx.caller.isAdmin) {
      // A Webhook User may recover the entries of an assigned endpoint; nothing else changes it.
      main.append(recoverSection(ctx, s), h('h2', null, 'Settings'), readOnly(s));
      return;
    }
    main.append(
      endpointActions(ctx, s),
      integratorLinksSection(ctx, s),
      recoverSection(ctx, s),
      h('h2', null, 'Settings'),
      await endpointForm(ctx, s, 'Save changes', async (body, status) => {
        s = await ctx.api.patch<Subscription>(`/subscriptions/${encodeURIComponent(s.id)}`, body);
        replace(status, h('p', { class: 'ok' }, 'Saved.'));
      }),
    );
  },
};

async function endpointForm(
  ctx: ViewContext,
  s: Subscription | null,
  submitLabel: string,
  save: (body: Record<string, unknown>, status: HTMLElement) => Promise<void>,
): Promise<HTMLFormElement> {
  const errors = h('div', { class: 'form-errors' });
  const status = h('div', { role: 'status' });
  // novalidate: the server's messages (which name the field) show beside each control.
  const form = h(
    'form',
    { class: 'endpoint-form', novalidate: true },
    endpointFields(await ctx.eventTypes(), s),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, submitLabel), errors, status),
  );
  listenAsync(form, 'submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
    button.disabled = true;
    clearFieldErrors(form);
    replace(errors);
    replace(status);
    try {
      await save(endpointBody(form, s !== null, s), status);
    } catch (err) {
      showFieldErrors(form, err, errors);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function readOnly(s: Subscription): HTMLElement {
  const row = (term: string, value: string) => [h('dt', null, term), h('dd', null, value)];
  return h(
    'dl',
    { class: 'summary' },
    row('Events', s.events.join(', ')),
    row('Delivery order', s.ordering === 'subject' ? 'In publish order per lab object' : 'As soon as possible'),
    row('Body format', formatLabel(s.format)),
    row('Description', s.description ?? '—'),
    row('Payload filter', s.filter ? JSON.stringify(s.filter) : 'none (every event of its types)'),
    row('Assigned users', s.userIds.join(', ') || 'none'),
    row('Basic auth', s.username ? `user ${s.username}` : 'none'),
    row('Custom headers', Object.keys(s.headers).join(', ') || 'none'),
  );
}
