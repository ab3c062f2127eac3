import { ApiError } from '../api';
import { h, uid } from '../dom';
import { UrlChange } from '../types';

/** The URL changes a resend or recover was refused for, or null for any other failure. */
function urlChangesOf(err: unknown): UrlChange[] | null {
  if (!(err instanceof ApiError) || err.status !== 409) return null;
  const changes = (err.body as { urlChanges?: unknown } | null)?.urlChanges;
  return Array.isArray(changes) && changes.length ? (changes as UrlChange[]) : null;
}

/**
 * Asks, in a modal dialog naming both URLs, whether entries first sent elsewhere may go to
 * their endpoint's new URL. Resolves true only for "Send to the new URL".
 */
function confirmNewUrl(changes: UrlChange[]): Promise<boolean> {
  const titleId = uid('url-change');
  const send = h('button', { type: 'button', class: 'primary', value: 'send' }, 'Send to the new URL');
  const cancel = h('button', { type: 'button', value: 'cancel' }, 'Cancel');
  const dialog = h(
    'dialog',
    { class: 'url-change', 'aria-labelledby': titleId },
    h('h2', { id: titleId }, "Send to the endpoint's new URL?"),
    h(
      'ul',
      null,
      changes.map((c) =>
        h(
          'li',
          null,
          `${c.count} ${c.count === 1 ? 'entry was' : 'entries were'} last sent to `,
          h('code', null, c.from),
          '. The endpoint now sends to ',
          h('code', null, c.to),
          '.',
        ),
      ),
    ),
    h(
      'p',
      null,
      'Their payloads would go to the new URL. This is recorded in the audit trail with both URLs. Nothing has been sent yet.',
    ),
    h('div', { class: 'actions' }, send, cancel),
  );
  document.body.append(dialog);
  return new Promise((resolve) => {
    const close = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    send.addEventListener('click', () => close(true));
    cancel.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault(); // Escape: the same as Cancel
      close(false);
    });
    dialog.showModal();
    cancel.focus(); // the safe choice has the focus
  });
}

/**
 * POSTs a resend or recover; when it is refused because entries were last sent to another
 * URL, asks (`confirmNewUrl`) and, if confirmed, sends it again with `confirmNewUrl: true`.
 * Resolves null when the person cancels.
 */
export async function postConfirmingNewUrl<T>(
  api: { post<R>(path: string, body?: unknown): Promise<R> },
  path: string,
  body: Record<string, unknown>,
): Promise<T | null> {
  try {
    return await api.post<T>(path, body);
  } catch (err) {
    const changes = urlChangesOf(err);
    if (!changes) throw err;
    if (!(await confirmNewUrl(changes))) return null;
    return api.post<T>(path, { ...body, confirmNewUrl: true });
  }
}
