import { ApiError } from './api';
import { h, uid } from './dom';

/** A readable sentence for any failure; never a blank page. */
export function describe(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 404) return `Not found: ${err.message}`;
    if (err.status === 429 && err.retryAfterSeconds) {
      const at = new Date(Date.now() + err.retryAfterSeconds * 1000).toLocaleTimeString();
      return `${err.message}. You can try again at ${at}.`;
    }
    return err.message;
  }
  return `Something went wrong in the page: ${err instanceof Error ? err.message : String(err)}`;
}

/** An alert for a failure, to put right next to the control that caused it. */
export const errorMessage = (err: unknown): HTMLElement => h('p', { class: 'error', role: 'alert' }, describe(err));

/**
 * Puts each 400 field message beside its control (`[data-field="url"]` wraps it), marks the
 * control invalid and describes it by the message; what matches no control goes to `fallback`.
 */
export function showFieldErrors(form: HTMLElement, err: unknown, fallback: HTMLElement): void {
  clearFieldErrors(form);
  fallback.replaceChildren();
  const unplaced: string[] = [];
  const fields = err instanceof ApiError ? err.fields : [];
  for (const problem of fields) {
    // The control of a nested field (`tls.clientKey`) if the form has one, else its section's.
    const root = problem.field.split('.')[0];
    const wrap =
      form.querySelector<HTMLElement>(`[data-field="${CSS.escape(problem.field)}"]`) ??
      form.querySelector<HTMLElement>(`[data-field="${CSS.escape(root)}"]`);
    if (!wrap) {
      unplaced.push(problem.message);
      continue;
    }
    const id = uid('err');
    wrap.append(h('p', { class: 'field-error', id }, problem.message));
    const control = wrap.querySelector<HTMLElement>('input, select, textarea, fieldset') ?? wrap;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
  }
  if (unplaced.length || !fields.length)
    fallback.append(h('p', { class: 'error', role: 'alert' }, unplaced.length ? unplaced.join('; ') : describe(err)));
  else fallback.append(h('p', { class: 'error', role: 'alert' }, 'Please correct the marked fields.'));
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

export function clearFieldErrors(form: HTMLElement): void {
  form.querySelectorAll('.field-error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => {
    e.removeAttribute('aria-invalid');
    const rest = (e.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && !id.startsWith('err-'));
    if (rest.length) e.setAttribute('aria-describedby', rest.join(' '));
    else e.removeAttribute('aria-describedby');
  });
}
