import { ApiError } from '../api';
import { field } from '../components';
import { h, listenAsync, replace, uid } from '../dom';
import { clearFieldErrors, errorMessage, showFieldErrors } from '../errors';
import { isoToLocal, localToIso } from '../format';
import { RecoverResult, Subscription, Task } from '../types';
import { ViewContext } from '../view';
import { postConfirmingNewUrl } from './url-change-dialog';

/** How often a running task's progress is read. */
export const TASK_POLL_MS = 1000;

/**
 * "Recover failed since…": sends this endpoint's entries of a period again (same webhook-id)
 * in a background task, and shows its progress until it ends. A dry run only counts. Both a
 * Webhook Admin and an assigned Webhook User may (the API scopes it to the caller).
 */
export function recoverSection(ctx: ViewContext, s: Subscription): HTMLElement {
  const since = h('input', {
    id: uid('since'),
    name: 'since',
    type: 'datetime-local',
    required: true,
    value: isoToLocal(new Date(Date.now() - 24 * 3600_000).toISOString()),
  });
  const until = h('input', { id: uid('until'), name: 'until', type: 'datetime-local' });
  const status = h(
    'select',
    { id: uid('status'), name: 'status' },
    h('option', { value: 'failed', selected: true }, 'Failed'),
    h('option', { value: 'canceled' }, 'Canceled (e.g. while the endpoint was deactivated)'),
    h('option', { value: 'succeeded' }, 'Succeeded'),
  );
  const dryId = uid('dry');
  const dry = h('input', { id: dryId, name: 'dryRun', type: 'checkbox' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Recover');
  const answer = h('div', { class: 'action-result', role: 'status', 'aria-live': 'polite' });
  const errors = h('div', { class: 'form-errors' });
  const form = h(
    'form',
    { class: 'endpoint-form recover', novalidate: true, 'aria-labelledby': `${dryId}-h` },
    h('h2', { id: `${dryId}-h` }, 'Recover failed since…'),
    h(
      'p',
      { class: 'hint' },
      "Sends this endpoint's entries of the period again, with the same webhook-id, through the full retry schedule.",
    ),
    h(
      'div',
      { class: 'field-row' },
      field('since', 'Since (your time)', since),
      field('until', 'Until (your time, optional)', until, 'Empty: until now.'),
      field('status', 'Entries that ended', status),
    ),
    h(
      'div',
      { class: 'check field', 'data-field': 'dryRun' },
      dry,
      h('label', { for: dryId }, 'Only count them (dry run)'),
    ),
    h('div', { class: 'actions' }, button, errors),
    answer,
  );
  listenAsync(form, 'submit', async (e) => {
    e.preventDefault();
    button.disabled = true;
    clearFieldErrors(form);
    replace(errors);
    replace(answer);
    const body = {
      since: localToIso(since.value),
      until: localToIso(until.value),
      subscriptionId: s.id,
      status: status.value,
      dryRun: dry.checked,
    };
    try {
      const r = await postConfirmingNewUrl<RecoverResult>(ctx.api, '/events/recover', body);
      if (!r) {
        replace(answer, h('p', null, 'Canceled: nothing was queued.'));
        return;
      }
      if (body.dryRun || !r.taskId) {
        const n = `${r.matched} ${r.matched === 1 ? 'entry matches' : 'entries match'}`;
        replace(
          answer,
          h('p', { class: 'ok' }, body.dryRun ? `${n}; nothing was queued (dry run).` : `${n}: nothing to recover.`),
        );
        return;
      }
      await follow(ctx, r.taskId, r.matched, answer);
    } catch (err) {
      // 409: a task already runs for this endpoint (named), or the endpoint is deactivated.
      if (err instanceof ApiError && err.status === 400) showFieldErrors(form, err, errors);
      else replace(errors, errorMessage(err));
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** Reads the task every `TASK_POLL_MS` until it ends (or the view is left), drawing its progress. */
async function follow(ctx: ViewContext, taskId: string, matched: number, answer: HTMLElement): Promise<void> {
  const progressId = uid('progress');
  const bar = h('progress', { id: progressId, max: 1, value: 0 });
  const text = h('p', null, 'Starting…');
  replace(answer, h('label', { for: progressId }, `Recover task ${taskId}`), bar, text);
  for (;;) {
    const t = await ctx.api.get<Task>(`/tasks/${encodeURIComponent(taskId)}`);
    bar.max = Math.max(t.total, 1);
    bar.value = t.queued;
    const capped = matched > t.total ? ` (${matched} matched; a task takes the oldest ${t.total})` : '';
    if (t.status === 'completed') {
      replace(text, h('span', { class: 'ok' }, `Completed: ${t.queued} of ${t.total} entries queued again${capped}.`));
      return;
    }
    if (t.status === 'failed') {
      replace(
        text,
        h('span', { class: 'error' }, `Failed after ${t.queued} of ${t.total}: ${t.error ?? 'no reason given'}`),
      );
      return;
    }
    replace(text, `Running: ${t.queued} of ${t.total} entries queued${capped}…`);
    if (!ctx.isCurrent()) return;
    await new Promise((r) => setTimeout(r, TASK_POLL_MS));
  }
}
