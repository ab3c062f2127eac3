import { h, replace, uid } from '../dom';
import { errorMessage } from '../errors';
import { DeliveryChart } from '../types';
import { ViewContext } from '../view';
import { barChart, s, SERIES, seriesPatterns } from './chart-svg';

const PERIODS: [DeliveryChart['period'], string][] = [
  ['24h', 'Last 24 hours, by hour'],
  ['30d', 'Last 30 days, by day'],
];

const HOUR = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const DAY = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const FULL = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const DAY_HOUR = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric' });

/** A legend entry: the series' own pattern in a small square, and its name. */
function legend(): HTMLElement {
  const { defs, fill } = seriesPatterns(uid('legend'));
  return h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    SERIES.map((v, i) =>
      h(
        'li',
        null,
        i === 0 ? s('svg', { width: 0, height: 0, class: 'defs' }, defs) : null,
        s('svg', { width: 14, height: 14 }, s('rect', { width: 14, height: 14, fill: fill[v.key], class: 'bar-edge' })),
        ` ${v.label}`,
      ),
    ),
  );
}

/** The same numbers as a table: what a screen reader (or anyone who prefers numbers) reads. */
function numbersTable(chart: DeliveryChart, label: (iso: string) => string): HTMLElement {
  const cols = ['Period', ...SERIES.map((v) => v.label), 'Canceled'];
  const keys = [...SERIES.map((v) => v.key), 'canceled' as const];
  return h(
    'details',
    { class: 'chart-table' },
    h('summary', null, 'The numbers as a table'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        null,
        h('caption', null, chart.bucket === 'hour' ? 'Entries by hour' : 'Entries by day'),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            cols.map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          null,
          chart.buckets.map((b) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, label(b.start)),
              keys.map((k) => h('td', { class: 'num' }, String(b[k]))),
            ),
          ),
        ),
        h(
          'tfoot',
          null,
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, 'Total'),
            keys.map((k) => h('td', { class: 'num', 'data-total': k }, String(chart.totals[k]))),
          ),
        ),
      ),
    ),
  );
}

/**
 * Deliveries over time (`path` is `/subscriptions/<id>/chart` or `/events/chart`): a period
 * choice, the totals in words, stacked bars told apart by pattern, and the table. The figure
 * carries `data-ready` once drawn (what the browser specs wait for).
 */
export function chartSection(ctx: ViewContext, path: string, heading: string): HTMLElement {
  const id = uid('chart');
  const choose = h(
    'select',
    { id: `${id}-period` },
    PERIODS.map(([value, text]) => h('option', { value }, text)),
  );
  const figure = h('figure', { class: 'delivery-chart', 'aria-busy': 'true' });
  const load = async () => {
    figure.removeAttribute('data-ready');
    figure.setAttribute('aria-busy', 'true');
    try {
      const chart = await ctx.api.get<DeliveryChart>(path, {
        period: choose.value,
        utcOffset: -new Date().getTimezoneOffset(),
      });
      const label = (iso: string) => (chart.bucket === 'hour' ? HOUR : DAY).format(new Date(iso));
      const t = chart.totals;
      const words = `${t.succeeded} succeeded · ${t.failed} failed · ${t.waiting} waiting${t.canceled ? ` · ${t.canceled} canceled` : ''}`;
      replace(
        figure,
        // On a phone the bars keep a readable width and the chart scrolls sideways.
        h(
          'div',
          { class: 'chart-scroll', tabindex: '0', role: 'group', 'aria-label': 'Chart (scrolls sideways)' },
          barChart(chart, label, `Entries from ${FULL.format(new Date(chart.since))}, by ${chart.bucket}: ${words}`),
        ),
        h('figcaption', null, h('p', { class: 'chart-totals' }, words), legend()),
        numbersTable(chart, (iso) => (chart.bucket === 'hour' ? DAY_HOUR : DAY).format(new Date(iso))),
      );
      figure.setAttribute('data-ready', choose.value);
    } catch (err) {
      replace(figure, errorMessage(err));
      figure.setAttribute('data-ready', 'error');
    }
    figure.removeAttribute('aria-busy');
  };
  choose.addEventListener('change', () => void load());
  void load();
  return h(
    'section',
    { class: 'chart-section', 'aria-labelledby': `${id}-h` },
    h('h2', { id: `${id}-h` }, heading),
    h('div', { class: 'field inline' }, h('label', { for: `${id}-period` }, 'Period'), choose),
    figure,
  );
}
