import { uid } from '../dom';
import { ChartCounts, DeliveryChart } from '../types';

const SVG = 'http://www.w3.org/2000/svg';

/** The three series, bottom to top; each has a fill pattern of its own, so no colour is needed to tell them apart. */
export const SERIES: { key: keyof ChartCounts; label: string }[] = [
  { key: 'succeeded', label: 'Succeeded' },
  { key: 'failed', label: 'Failed' },
  { key: 'waiting', label: 'Waiting' },
];

type Attrs = Record<string, string | number>;

export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string)[]) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

/** Solid for succeeded, diagonal hatching for failed, dots for waiting (attributes only: no inline style under the CSP). */
export function seriesPatterns(prefix: string): { defs: SVGDefsElement; fill: Record<string, string> } {
  const pattern = (id: string, ...marks: SVGElement[]) =>
    s('pattern', { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse' }, ...marks);
  const ids = { succeeded: `${prefix}-ok`, failed: `${prefix}-bad`, waiting: `${prefix}-wait` };
  const defs = s(
    'defs',
    {},
    pattern(ids.succeeded, s('rect', { width: 6, height: 6, class: 'fill-ok' })),
    pattern(
      ids.failed,
      s('rect', { width: 6, height: 6, class: 'fill-bad-bg' }),
      s('path', { d: 'M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2', class: 'stroke-bad', 'stroke-width': 2 }),
    ),
    pattern(
      ids.waiting,
      s('rect', { width: 6, height: 6, class: 'fill-wait-bg' }),
      s('circle', { cx: 3, cy: 3, r: 1.5, class: 'fill-wait' }),
    ),
  );
  return { defs, fill: Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, `url(#${id})`])) };
}

const W = 720;
const H = 200;
const PAD = { left: 40, right: 36, top: 10, bottom: 28 };

/** A stacked bar per hour or day; `label(start)` names a bar, shown under every `every`th one. */
export function barChart(chart: DeliveryChart, label: (iso: string) => string, title: string): SVGSVGElement {
  const titleId = uid('chart-title');
  const { defs, fill } = seriesPatterns(uid('pattern'));
  const max = Math.max(1, ...chart.buckets.map((b) => b.succeeded + b.failed + b.waiting));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / chart.buckets.length;
  const y = (n: number) => PAD.top + plotH - (n / max) * plotH;
  const every = Math.ceil(chart.buckets.length / 8);
  const bars = chart.buckets.map((b, i) => {
    const x = PAD.left + i * step + step * 0.1;
    let base = 0;
    const g = s(
      'g',
      {},
      s('title', {}, `${label(b.start)}: ${SERIES.map((v) => `${b[v.key]} ${v.label.toLowerCase()}`).join(', ')}`),
    );
    for (const v of SERIES) {
      if (!b[v.key]) continue;
      g.append(
        s('rect', {
          x,
          y: y(base + b[v.key]),
          width: step * 0.8,
          height: y(base) - y(base + b[v.key]),
          fill: fill[v.key],
          class: 'bar-edge',
          'data-series': v.key,
        }),
      );
      base += b[v.key];
    }
    if (i % every === 0)
      g.append(s('text', { x: x + step * 0.4, y: H - 10, 'text-anchor': 'middle', class: 'axis' }, label(b.start)));
    return g;
  });
  return s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-labelledby': titleId, class: 'chart' },
    s('title', { id: titleId }, title),
    defs,
    s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(0), y2: y(0), class: 'axis-line' }),
    s('text', { x: PAD.left - 4, y: y(max) + 4, 'text-anchor': 'end', class: 'axis' }, String(max)),
    s('text', { x: PAD.left - 4, y: y(0), 'text-anchor': 'end', class: 'axis' }, '0'),
    ...bars,
  );
}
