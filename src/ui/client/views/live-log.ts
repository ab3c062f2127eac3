import { Query } from '../api';
import { h, replace, uid } from '../dom';
import { describe } from '../errors';
import { EventChanges, EventEntry, Page } from '../types';
import { ViewContext } from '../view';
import type { LogTable } from './event-log.view';

/** A poll a second: a new entry shows within about a second of its commit, and at most two. */
const POLL_MS = 1000;
/** The switch stays on across filter changes and reloads of this tab. */
const STORAGE_KEY = 'lab-webhooks.live';
/** Past this many rows the page is drawn afresh (the newest page only). */
const MAX_ROWS = 200;

const CLOCK = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

function remembered(): boolean {
  try {
    return sessionStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}
function remember(on: boolean): void {
  try {
    if (on) sessionStorage.setItem(STORAGE_KEY, 'on');
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage disabled: the switch is off on the next view
  }
}

/**
 * The "Live" switch of the event log's newest page: while on and the tab is visible, asks
 * `GET /events/changes` once a second (the filters, the token of the last poll, the ids
 * shown) and adds new entries on top and redraws changed rows; paused, and saying so, while
 * the tab is hidden. `data-live` says its state (`off`, `on`, `paused`, `error`), `data-polls`
 * how many polls were drawn.
 */
export function liveSwitch(
  ctx: ViewContext,
  filters: Query,
  target: { table(): LogTable | null; redraw(page: Page<EventEntry>): void },
  pageSize: number,
): HTMLElement {
  const id = uid('live');
  const toggle = h('input', { type: 'checkbox', role: 'switch', id, checked: remembered() });
  const status = h('span', { class: 'live-status', role: 'status' });
  const box = h('div', { class: 'live', 'data-live': 'off' }, toggle, h('label', { for: id }, 'Live'), status);
  let after: string | undefined;
  let timer: number | undefined;
  let inFlight = false;
  const gone = () => !ctx.isCurrent() || !box.isConnected;
  const show = (state: string, text: string) => {
    box.setAttribute('data-live', state);
    replace(status, text);
  };

  const apply = (r: EventChanges) => {
    const table = target.table();
    // A gap (more new entries than a page), or a page grown too long: draw the newest page afresh.
    if (!table || (r.reset && after !== undefined) || table.ids().length > MAX_ROWS) {
      if (r.items.length || table) target.redraw({ items: r.items, nextCursor: r.nextCursor });
      return;
    }
    table.update([...r.changed, ...r.items]);
    table.prepend(r.items);
  };

  const poll = async () => {
    timer = undefined;
    if (!toggle.checked || gone() || inFlight) return;
    if (document.hidden) return show('paused', 'Paused while this tab is hidden.');
    inFlight = true;
    try {
      const ids = target.table()?.ids().slice(0, 100).join(',');
      const r = await ctx.api.get<EventChanges>('/events/changes', { ...filters, limit: pageSize, after, ids });
      if (!toggle.checked || gone()) return;
      apply(r);
      after = r.next;
      box.setAttribute('data-polls', String(Number(box.getAttribute('data-polls') ?? 0) + 1));
      show('on', `Live: updated at ${CLOCK.format(new Date())}.`);
    } catch (err) {
      if (gone()) return;
      show('error', `Live: ${describe(err)} Trying again.`);
    } finally {
      inFlight = false;
    }
    timer = window.setTimeout(() => void poll(), POLL_MS);
  };

  const stop = () => {
    if (timer !== undefined) window.clearTimeout(timer);
    timer = undefined;
  };
  toggle.addEventListener('change', () => {
    remember(toggle.checked);
    stop();
    after = undefined;
    if (toggle.checked) void poll();
    else show('off', '');
  });
  const onVisibility = () => {
    if (gone()) return document.removeEventListener('visibilitychange', onVisibility);
    if (!toggle.checked) return;
    if (document.hidden) {
      stop();
      show('paused', 'Paused while this tab is hidden.');
    } else if (timer === undefined) void poll();
  };
  document.addEventListener('visibilitychange', onVisibility);
  if (toggle.checked) queueMicrotask(() => void poll());
  return box;
}
