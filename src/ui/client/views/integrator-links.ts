import { field, listTable } from '../components';
import { h, listenAsync, replace, uid } from '../dom';
import { clearFieldErrors, errorMessage, showFieldErrors } from '../errors';
import { localTime } from '../format';
import { CreatedIntegratorLink, IntegratorLink, Subscription } from '../types';
import { ViewContext } from '../view';
import { secretPanel, SecretPanelWords } from './signing-secret';

const LINK_WORDS: SecretPanelWords = {
  heading: 'New integrator link',
  label: 'Link',
  copy: 'Copy link',
  shownOnce: ' It is shown only now: the lab keeps only a hash of it.',
};

const allows = (l: IntegratorLink) =>
  [l.allowPayloads ? 'payloads' : null, l.allowResend ? 'resend' : null].filter(Boolean).join(', ') || 'log only';

/**
 * A Webhook Admin's integrator links of one endpoint: create one (its url shown once, with
 * "Copy"), see them all with their status, revoke one.
 */
export function integratorLinksSection(ctx: ViewContext, s: Subscription): HTMLElement {
  const base = `/subscriptions/${encodeURIComponent(s.id)}/links`;
  const list = h('div', { class: 'links-list', 'aria-live': 'polite' });
  const created = h('div', { class: 'link-created' });
  const hours = h('input', {
    id: uid('hours'),
    name: 'expiresInHours',
    type: 'number',
    min: '1',
    max: '168',
    value: '72',
    inputmode: 'numeric',
  });
  const payloads = h('input', { id: uid('payloads'), name: 'allowPayloads', type: 'checkbox' });
  const resend = h('input', { id: uid('resend'), name: 'allowResend', type: 'checkbox' });
  const note = h('input', { id: uid('note'), name: 'note', type: 'text', maxlength: '200', autocomplete: 'off' });
  const errors = h('div', { class: 'form-errors' });
  const form = h(
    'form',
    { class: 'link-form', novalidate: true },
    field('expiresInHours', 'Valid for (hours, at most 168)', hours),
    field('allowPayloads', 'Show payload bodies (patient data)', payloads),
    field('allowResend', 'Allow resending failed entries', resend),
    field('note', 'Note (who it is for)', note),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Create link'), errors),
  );

  const load = async () => {
    try {
      drawList(list, await ctx.api.get<IntegratorLink[]>(base), ctx, load);
    } catch (err) {
      replace(list, errorMessage(err));
    }
  };
  listenAsync(form, 'submit', async (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    replace(errors);
    try {
      const body = {
        expiresInHours: Number(hours.value),
        allowPayloads: payloads.checked,
        allowResend: resend.checked,
        ...(note.value.trim() ? { note: note.value.trim() } : {}),
      };
      const link = await ctx.api.post<CreatedIntegratorLink>(base, body);
      replace(
        created,
        secretPanel(
          link.url,
          `Send it to the receiving side's engineer: it opens this endpoint's log until ${localTime(link.expiresAt)}, without a lab account.`,
          LINK_WORDS,
        ),
      );
      await load();
    } catch (err) {
      showFieldErrors(form, err, errors);
    }
  });
  void load();
  return h(
    'section',
    { class: 'integrator-links', 'aria-labelledby': 'links-h' },
    h('h2', { id: 'links-h' }, 'Integrator links'),
    h(
      'p',
      null,
      "A link lets the receiving side's engineer see this endpoint's log and health, and nothing else, until it expires or is revoked.",
    ),
    form,
    created,
    list,
  );
}

function drawList(list: HTMLElement, links: IntegratorLink[], ctx: ViewContext, reload: () => Promise<void>): void {
  if (!links.length) return replace(list, h('p', null, 'No link yet.'));
  const revokeCell = (l: IntegratorLink) => {
    if (l.status !== 'active') return null;
    const answer = h('span', { role: 'status' });
    const revoke = h(
      'button',
      { type: 'button', class: 'danger', 'aria-label': `Revoke the link ${l.note ?? l.id}` },
      'Revoke',
    );
    listenAsync(revoke, 'click', async () => {
      revoke.disabled = true;
      try {
        await ctx.api.delete(`/links/${encodeURIComponent(l.id)}`);
        await reload();
      } catch (err) {
        replace(answer, errorMessage(err));
        revoke.disabled = false;
      }
    });
    return [revoke, answer];
  };
  const table = listTable<IntegratorLink>({
    class: 'links',
    caption: 'Links to this endpoint, newest first',
    columns: [
      { label: 'Note', cell: (l) => l.note ?? '—' },
      { label: 'Created', cell: (l) => `${localTime(l.createdAt)} by ${l.createdBy}` },
      { label: 'Expires', cell: (l) => localTime(l.expiresAt) },
      { label: 'Allows', cell: (l) => allows(l) },
      {
        label: 'Status',
        cell: (l) => (l.status === 'active' ? 'Active' : l.status === 'expired' ? 'Expired' : 'Revoked'),
      },
      { label: '', cell: revokeCell },
    ],
    items: links,
    rowProps: (l) => ({ 'data-link': l.id }),
  });
  replace(list, table.element);
}
