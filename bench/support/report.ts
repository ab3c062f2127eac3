import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { BenchConfig } from './bench-config';
import { Figure } from './figures';

const fmt = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined || Number.isNaN(v)
    ? '-'
    : Math.abs(v) >= 100
      ? Math.round(v).toString()
      : v.toFixed(digits);

/** The table printed at the end of a run (also pasted into docs/performance.md). */
export function table(figures: Figure[]): string {
  const header = ['scenario', 'figure', 'value', 'reference', 'ratio', 'target', 'met', 'runs'];
  const rows = figures.map((f) => [
    f.scenario,
    f.name,
    // A figure without a unit is a ratio: two digits.
    f.value === null ? f.status : `${fmt(f.value, f.unit ? 1 : 2)} ${f.unit}`.trim(),
    f.reference ? `${fmt(f.reference.value)} (${f.reference.name})` : '',
    f.ratio === undefined ? '' : fmt(f.ratio, 2),
    f.target ?? '',
    f.met === undefined || f.met === null ? '' : f.met ? 'yes' : 'NO',
    f.runs.length > 1 ? f.runs.map((r) => fmt(r, f.unit ? 1 : 2)).join(' / ') : (f.note ?? ''),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export function writeResults(path: string, config: BenchConfig, figures: Figure[], startedAt: Date): void {
  mkdirSync(dirname(path), { recursive: true });
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, loadavgAtEnd: loadavg() };
  const doc = { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), config, machine, figures };
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
}
