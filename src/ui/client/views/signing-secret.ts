import { h, listenAsync, uid } from '../dom';

/** The words of a panel: a signing secret by default, or another value shown once (a link). */
export interface SecretPanelWords {
  heading: string;
  label: string;
  copy: string;
  shownOnce: string;
}

const SIGNING_SECRET: SecretPanelWords = {
  heading: 'Signing secret',
  label: 'New signing secret',
  copy: 'Copy secret',
  shownOnce: " It is shown only now: copy it into the receiver's configuration.",
};

/** A new signing secret (or link), shown this once, with a copy button and a plain field to select from. */
export function secretPanel(secret: string, note: string, words: SecretPanelWords = SIGNING_SECRET): HTMLElement {
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
  const copy = h('button', { type: 'button' }, words.copy);
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
    h('h2', { id: `${id}-h` }, words.heading),
    h('p', null, note, words.shownOnce),
    h('label', { for: id }, words.label),
    h('div', { class: 'copy-row' }, field, copy),
    copied,
  );
}
