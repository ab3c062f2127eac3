import { median } from './stats';

/** One row of the table and of bench/results.json. */
export interface Figure {
  scenario: string;
  name: string;
  unit: string;
  /** Median of `runs`; null when not measured. */
  value: number | null;
  runs: number[];
  /** The bare-stack figure this one is compared with, measured in the same bench run. */
  reference?: { name: string; value: number | null };
  /** value / reference.value. */
  ratio?: number | null;
  /** The target, in words, and whether this run met it (never asserted). */
  target?: string;
  met?: boolean | null;
  status: 'measured' | 'not available yet' | 'error' | 'skipped';
  note?: string;
}

export function measured(
  scenario: string,
  name: string,
  unit: string,
  runs: number[],
  extra: Partial<Figure> = {},
): Figure {
  return { scenario, name, unit, value: runs.length ? median(runs) : null, runs, status: 'measured', ...extra };
}

/** A figure that could not be measured, with the reason in `note`. */
export function unmeasured(scenario: string, name: string, status: Figure['status'], note: string, unit = ''): Figure {
  return { scenario, name, unit, value: null, runs: [], status, note };
}

/** Sets `reference` and `ratio` on a figure. */
export function against(figure: Figure, reference: Figure | { name: string; value: number | null }): Figure {
  const ref = { name: reference.name, value: reference.value };
  const ratio = figure.value !== null && ref.value ? figure.value / ref.value : null;
  return { ...figure, reference: ref, ratio };
}

/** Sets `target` and `met` (null when there is no value to judge). */
export function targeted(figure: Figure, target: string, meets: (f: Figure) => boolean): Figure {
  return { ...figure, target, met: figure.value === null ? null : meets(figure) };
}

/**
 * Runs `fn` `warmups + runs` times in sequence and returns the figures of the last `runs`: the
 * first runs of a fresh process measure the JIT and cold connections more than the code.
 */
export async function repeat(runs: number, fn: (run: number) => Promise<number>, warmups = 0): Promise<number[]> {
  const values: number[] = [];
  for (let run = 0; run < warmups + runs; run++) {
    const value = await fn(run);
    if (run >= warmups) values.push(value);
  }
  return values;
}
