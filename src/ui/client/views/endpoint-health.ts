import { h, replace, uid } from '../dom';
import { errorMessage } from '../errors';
import { localTime, time } from '../format';
import { EndpointStats, Subscription } from '../types';
import { ViewContext } from '../view';

const DISABLED_WHY = { gone: 'it answered 410 Gone', failing: 'its deliveries kept failing' } as const;

/** "Active", "Inactive", or "Deactivated" by the module, why and when: words and a mark, not colour alone. */
export function endpointStatus(s: Subscription): HTMLElement {
  const why = !s.active && s.disabledReason ? DISABLED_WHY[s.disabledReason] : null;
  const badge = h(
    'span',
    { class: `status ${s.active ? 'status-succeeded' : why ? 'status-failed' : 'status-canceled'}` },
    h('span', { 'aria-hidden': 'true' }, s.active ? '✓' : why ? '✕' : '–'),
    ' ',
    s.active ? 'Active' : why ? 'Deactivated' : 'Inactive',
  );
  if (!why) return badge;
  return h('span', null, badge, ` by the module${s.disabledAt ? ` on ${localTime(s.disabledAt)}` : ''}: ${why}`);
}

const percent = (rate: number | null): string => (rate === null ? 'no finished entry' : `${Math.round(rate * 100)} %`);

/** One line for a table cell: "97 % delivered · 3 failed · failing since …". */
export function statsLine(st: EndpointStats): string {
  const parts = [st.successRate === null ? 'nothing finished' : `${percent(st.successRate)} delivered`];
  if (st.counts.failed) parts.push(`${st.counts.failed} failed`);
  if (st.counts.pending + st.counts.retrying) parts.push(`${st.counts.pending + st.counts.retrying} waiting`);
  if (st.failingSince) parts.push(`failing since ${localTime(st.failingSince)}`);
  return parts.join(' · ');
}

/** Runs at most `n` loads at once (the endpoints list asks one stats call per row). */
export function limiter(n: number): <T>(load: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (load) => {
    while (running >= n) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await load();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

export const statsOf = (ctx: ViewContext, id: string, hours: number): Promise<EndpointStats> =>
  ctx.api.get<EndpointStats>(`/subscriptions/${encodeURIComponent(id)}/stats`, { hours });

const WINDOWS: [number, string][] = [
  [1, 'Last hour'],
  [24, 'Last 24 hours'],
  [168, 'Last 7 days'],
  [720, 'Last 30 days'],
];

const ms = (v: number | null) => (v === null ? '—' : `${v} ms`);

/**
 * An endpoint's health: its status (and why the module deactivated it), and the numbers of
 * a window of its log. `update(s)` redraws the status after an action changed it.
 */
export function healthSection(
  ctx: ViewContext,
  s: Subscription,
): { element: HTMLElement; update(s: Subscription): void } {
  const status = h('p', { class: 'endpoint-status' }, endpointStatus(s));
  const windowId = uid('window');
  const choose = h(
    'select',
    { id: windowId },
    WINDOWS.map(([hours, label]) => h('option', { value: String(hours), selected: hours === 24 }, label)),
  );
  const numbers = h('div', { class: 'stats', 'aria-live': 'polite' });
  const load = async () => {
    replace(numbers, h('p', { class: 'loading' }, 'Loading…'));
    try {
      const st = await statsOf(ctx, s.id, Number(choose.value));
      const item = (term: string, value: Node | string) => [h('dt', null, term), h('dd', null, value)];
      replace(
        numbers,
        h(
          'dl',
          { class: 'summary' },
          item('Delivered', percent(st.successRate)),
          item('Succeeded', String(st.counts.succeeded)),
          item('Failed', String(st.counts.failed)),
          item('Waiting (pending, retrying)', String(st.counts.pending + st.counts.retrying)),
          item('Canceled', String(st.counts.canceled)),
          item('Last success', time(st.lastSuccessAt)),
          item('Failing since', st.failingSince ? time(st.failingSince) : 'not failing'),
          item('Answer time (median, 95th percentile)', `${ms(st.p50DurationMs)}, ${ms(st.p95DurationMs)}`),
        ),
      );
    } catch (err) {
      replace(numbers, errorMessage(err));
    }
  };
  choose.addEventListener('change', () => void load());
  void load();
  return {
    element: h(
      'section',
      { class: 'health', 'aria-labelledby': `${windowId}-h` },
      h('h2', { id: `${windowId}-h` }, 'Health'),
      status,
      h('div', { class: 'field inline' }, h('label', { for: windowId }, 'Period (entries created in it)'), choose),
      numbers,
    ),
    update: (next) => replace(status, endpointStatus(next)),
  };
}
