import { ApiError } from '../api';
import { h, listenAsync, replace } from '../dom';
import { errorMessage } from '../errors';
import { ResendResult } from '../types';
import { ViewContext } from '../view';
import { postConfirmingNewUrl } from './url-change-dialog';

export interface ResendControl {
  element: HTMLElement;
  setCount(n: number): void;
}

/**
 * "Resend selected" with its answer beside it: how many were queued and which were not found;
 * an API error shows in the same place. Used by the log (selected rows) and the detail (one entry).
 */
export function resendButton(
  ctx: ViewContext,
  selected: () => string[],
  options: { label?: string; onDone?: (r: ResendResult) => void } = {},
): ResendControl {
  const label = options.label ?? 'Resend selected';
  const button = h('button', { type: 'button', class: 'primary', disabled: true }, label);
  const answer = h('div', { class: 'resend-result', role: 'status', 'aria-live': 'polite' });
  listenAsync(button, 'click', async () => {
    const ids = selected();
    if (!ids.length) return;
    button.disabled = true;
    replace(answer, 'Sending…');
    try {
      const result = await postConfirmingNewUrl<ResendResult>(ctx.api, '/events/resend', { ids });
      if (!result) {
        replace(answer, h('p', null, 'Canceled: nothing was queued.'));
        return;
      }
      replace(
        answer,
        h('p', { class: 'ok' }, `${result.queued.length} queued for delivery again (same webhook-id).`),
        result.notFound.length
          ? h('p', { class: 'warn' }, `${result.notFound.length} not found: ${result.notFound.join(', ')}`)
          : null,
      );
      options.onDone?.(result);
    } catch (err) {
      // 409: an entry's payload was erased; 429: the caller's limit is spent. Nothing at all was queued.
      const status = err instanceof ApiError ? err.status : 0;
      replace(
        answer,
        errorMessage(err),
        status === 409
          ? h('p', null, 'Nothing was queued. An entry whose payload was erased cannot be sent again; leave it out.')
          : status === 429
            ? h('p', null, 'Nothing was queued.')
            : null,
      );
    } finally {
      button.disabled = selected().length === 0;
    }
  });
  // An integrator link that does not allow resending: no button (the API would refuse it).
  const offered = !ctx.caller.link || ctx.caller.link.allowResend;
  return {
    element: h('div', { class: 'resend', hidden: !offered }, button, answer),
    setCount(n) {
      button.disabled = n === 0;
      button.textContent = n ? `${label} (${n})` : label;
    },
  };
}
