/** A child of `h`: text is always a text node, never parsed as HTML. */
export type Child = Node | string | number | null | undefined | false | Child[];

type Props = Record<string, string | number | boolean | null | undefined | EventListener>;

/**
 * Creates an element: `h('button', { type: 'button', onclick: fn }, 'Resend')`. Props named
 * `on*` become listeners, `true` makes a boolean attribute, `false`/null/undefined omit it.
 * Nothing goes through innerHTML, so API data can never inject markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Props | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'value' && 'value' in el) (el as HTMLInputElement).value = String(value);
    else if (name === 'checked' && el instanceof HTMLInputElement) el.checked = Boolean(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

let ids = 0;
/** A unique element id, for `for`/`aria-describedby` pairs. */
export const uid = (prefix: string): string => `${prefix}-${++ids}`;

/**
 * Adds an async event handler (the DOM ignores what a listener returns): each handler shows
 * its own failures in the page, and anything it lets through still reaches the console.
 */
export function listenAsync<K extends keyof HTMLElementEventMap>(
  target: HTMLElement,
  type: K,
  handler: (e: HTMLElementEventMap[K]) => Promise<void>,
): void {
  target.addEventListener(type, (e) => {
    handler(e).catch((err: unknown) => console.error(err));
  });
}
