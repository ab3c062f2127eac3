import { h, listenAsync, replace } from '../dom';
import { errorMessage } from '../errors';
import { RotatedSecret, Subscription, TestDeliveryResult } from '../types';
import { ViewContext } from '../view';
import { secretPanel } from './signing-secret';

/**
 * A Webhook Admin's actions on one endpoint, each with its answer beside its button. To add
 * one (e.g. a test delivery), add an entry to `ENDPOINT_ACTIONS`.
 */
export type EndpointAction = (ctx: ViewContext, s: Subscription) => HTMLElement;

const action = (
  label: string,
  run: (answer: HTMLElement, button: HTMLButtonElement) => Promise<void>,
  cls = '',
): HTMLElement => {
  const button = h('button', { type: 'button', class: cls || null }, label);
  const answer = h('div', { class: 'action-result', role: 'status', 'aria-live': 'polite' });
  listenAsync(button, 'click', async () => {
    button.disabled = true;
    replace(answer);
    try {
      await run(answer, button);
    } catch (err) {
      replace(answer, errorMessage(err));
    } finally {
      button.disabled = false;
    }
  });
  return h('div', { class: 'action' }, button, answer);
};

/** "Re-enable" for an endpoint the module deactivated (410, or failing), "Activate" for one an admin did. */
const toggleLabel = (s: Subscription) => (s.active ? 'Deactivate' : s.disabledReason ? 'Re-enable' : 'Activate');

/** Fired (bubbling) on an action after it changed the endpoint: `detail` is the endpoint as now. */
export const ENDPOINT_UPDATED = 'webhooks:endpoint-updated';

const toggleActive: EndpointAction = (ctx, s) =>
  action(toggleLabel(s), async (answer, button) => {
    const updated = await ctx.api.patch<Subscription>(`/subscriptions/${encodeURIComponent(s.id)}`, {
      active: !s.active,
    });
    Object.assign(s, updated);
    button.textContent = toggleLabel(s);
    button.dispatchEvent(new CustomEvent(ENDPOINT_UPDATED, { bubbles: true, detail: s }));
    replace(
      answer,
      h(
        'p',
        { class: 'ok' },
        s.active ? 'Active: events are delivered again.' : 'Inactive: no new deliveries until activated.',
      ),
    );
  });

/** One signed test POST to the endpoint: the receiver's status, time and body, or the error. */
const sendTest: EndpointAction = (ctx, s) =>
  action('Send test', async (answer) => {
    replace(answer, 'Sending…');
    replace(
      answer,
      ...testOutcome(await ctx.api.post<TestDeliveryResult>(`/subscriptions/${encodeURIComponent(s.id)}/test`)),
    );
  });

const EXCERPT_CHARS = 500;
const excerpt = (body: string) => (body.length > EXCERPT_CHARS ? `${body.slice(0, EXCERPT_CHARS)}…` : body);

/** What a test delivery got: "Received: HTTP 200 in 12 ms." and an excerpt of the receiver's answer. */
export function testOutcome(r: TestDeliveryResult): HTMLElement[] {
  const outcome = r.status === null ? 'No answer' : `HTTP ${r.status}`;
  const said = h(
    'p',
    { class: r.ok ? 'ok' : 'error' },
    `${r.ok ? 'Received' : 'Failed'}: ${outcome} in ${r.durationMs} ms${r.error && r.error !== outcome ? ` (${r.error})` : ''}.`,
  );
  if (!r.responseBody) return [said];
  return [
    said,
    h(
      'pre',
      { class: 'code excerpt', tabindex: '0', 'aria-label': 'Response body of the test (excerpt)' },
      excerpt(r.responseBody),
    ),
  ];
}

const rotateSecret: EndpointAction = (ctx, s) =>
  action('Rotate signing secret', async (answer) => {
    const r = await ctx.api.post<RotatedSecret>(`/subscriptions/${encodeURIComponent(s.id)}/rotate-secret`);
    replace(
      answer,
      secretPanel(
        r.signingSecret,
        `The previous secret keeps signing too until ${new Date(r.previousSecretExpiresAt).toLocaleString()}.`,
      ),
    );
  });

const remove: EndpointAction = (ctx, s) => {
  const confirmBox = h('div', { class: 'confirm', hidden: true });
  const wrap = action(
    'Delete endpoint',
    async (answer) => {
      replace(answer);
      confirmBox.hidden = false;
      confirmBox.querySelector<HTMLButtonElement>('button')?.focus();
    },
    'danger',
  );
  const yes = h('button', { type: 'button', class: 'danger' }, 'Yes, delete it');
  const no = h('button', { type: 'button' }, 'Cancel');
  const answer = wrap.querySelector<HTMLElement>('.action-result')!;
  listenAsync(yes, 'click', async () => {
    yes.disabled = true;
    try {
      await ctx.api.delete(`/subscriptions/${encodeURIComponent(s.id)}`);
      ctx.flash(`Endpoint ${s.url} deleted. Its log entries stay until retention ends.`);
      ctx.navigate('#/endpoints');
    } catch (err) {
      replace(answer, errorMessage(err));
      yes.disabled = false;
    }
  });
  no.addEventListener('click', () => {
    confirmBox.hidden = true;
    wrap.querySelector<HTMLButtonElement>('button')?.focus();
  });
  replace(confirmBox, h('p', null, `Delete ${s.url}? Pending deliveries stop; this cannot be undone.`), yes, ' ', no);
  wrap.append(confirmBox);
  return wrap;
};

export const ENDPOINT_ACTIONS: EndpointAction[] = [sendTest, toggleActive, rotateSecret, remove];

export const endpointActions = (ctx: ViewContext, s: Subscription): HTMLElement =>
  h(
    'section',
    { class: 'endpoint-actions', 'aria-label': 'Actions' },
    h('h2', null, 'Actions'),
    ENDPOINT_ACTIONS.map((a) => a(ctx, s)),
  );
