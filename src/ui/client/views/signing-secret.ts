import { h, listenAsync, uid } from '../dom';

/** A new signing secret, shown this once, with a copy button and a plain field to select from. */
export function secretPanel(secret: string, note: string): HTMLElement {
  const id = uid('secret');
  const field = h('input', {
    id,
    type: 'text',
    readonly: true,
    value: secret,
    class: 'secret',
    spellcheck: 'false',
    autocomplete: 'off',
  });
  const copied = h('span', { role: 'status', class: 'copy-status' });
  const copy = h('button', { type: 'button' }, 'Copy secret');
  listenAsync(copy, 'click', async () => {
    try {
      await navigator.clipboard.writeText(secret);
      copied.textContent = 'Copied to the clipboard.';
    } catch {
      field.select(); // no clipboard access (e.g. plain http): leave it selected for Ctrl+C
      copied.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  });
  return h(
    'section',
    { class: 'secret-panel', 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, 'Signing secret'),
    h('p', null, note, " It is shown only now: copy it into the receiver's configuration."),
    h('label', { for: id }, 'New signing secret'),
    h('div', { class: 'copy-row' }, field, copy),
    copied,
  );
}
