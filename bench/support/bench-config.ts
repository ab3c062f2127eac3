import { resolve } from 'node:path';
import { DEFAULT_OPTIONS } from '../../src/webhooks-options';
import type { Topology } from '../end-to-end/example-processes';

/**
 * Sizes of each mode. `--smoke` runs every scenario once at a tiny size (CI: the bench still
 * runs, its figures are in the log, under a minute); `--quick` keeps the whole run within
 * minutes on a 2-core machine; full is what docs/performance.md reports.
 */
export interface BenchConfig {
  mode: 'smoke' | 'quick' | 'full';
  /** Runs of each measured figure; the table shows their median. */
  runs: number;
  /** Engine options shared by every scenario: the module's defaults unless overridden. */
  concurrency: number;
  perEndpointConcurrency: number;
  /** Prometheus metrics in the engine under test (`--metrics=off` to measure their cost). */
  metrics: boolean;
  /** Payloads and response bodies sealed at rest (`--encrypt-payloads=0` to compare). */
  encryptPayloads: boolean;
  drainEvents: number;
  /** On/off comparisons: round 0 boots the "on" host first (`--on-first`), then the order alternates. */
  secondFirst: boolean;
  insertRows: number;
  latencyRatePerSecond: number;
  latencySeconds: number;
  fanOutSubscriptions: number;
  /** Payload filters: subscriptions of each side, and events published on each side per run. */
  filterSubscriptions: number;
  filterEvents: number;
  eventLogRows: number;
  /** Entries of the event log behind the page's first view. */
  pageRows: number;
  /** Failed entries one recover task sends again. */
  recoverEntries: number;
  eventLogQueries: number;
  purgeRows: number;
  slowEvents: number;
  slowTimeoutMs: number;
  soakMinutes: number;
  /** Events/s of the soak; undefined: half the drain rate measured in the same run. */
  soakRate?: number;
  /** End to end: seconds of each closed-loop run, and of each open-loop rate. */
  e2eSeconds: number;
  e2eSweepSeconds: number;
  /** End to end: open-loop rates (events/s), in order; the sweep stops at the first over 1 s p99. */
  e2eRates: number[];
  e2eTopologies: Topology[];
  /** End to end: run the example app's processes under `--cpu-prof`, profiles written here. */
  e2eCpuProfDir?: string;
}

const flag = (argv: string[], name: string): number | undefined => {
  const arg = argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : Number(arg.slice(name.length + 3));
};

const text = (argv: string[], name: string): string | undefined =>
  argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

const TOPOLOGIES: Record<string, Topology[]> = {
  one: ['one process'],
  split: ['API + worker'],
  both: ['one process', 'API + worker'],
};

/**
 * `--quick` or full. Overrides, to explore: `--soak-minutes=N` (0: no soak), `--soak-rate=N`
 * (events/s; default half the drain rate of the same run),
 * `--concurrency=N` and `--per-endpoint=N` (the engine options; also the references'),
 * `--encrypt-payloads=0|1` (sealing of payloads at rest; default on, as in the module),
 * `--e2e-topology=one|split|both`, `--e2e-rates=500,1000`, `--e2e-seconds=N`,
 * `--e2e-cpu-prof=DIR` (end to end: which deployments, which open-loop rates, how long, profiles),
 * `--runs=N` (runs of each figure: more of them steady an on/off ratio on a busy machine),
 * `--on-first` (on/off comparisons: the "on" host first in round 0, to tell late runs from "on"),
 * `--drain-events=N` (events of each drain run), `--purge-rows=N` (entries the purge deletes).
 */
export function benchConfig(argv: string[]): BenchConfig {
  const smoke = argv.includes('--smoke');
  const quick = argv.includes('--quick');
  const soak = flag(argv, 'soak-minutes');
  const shared = {
    concurrency: flag(argv, 'concurrency') ?? DEFAULT_OPTIONS.concurrency,
    perEndpointConcurrency: flag(argv, 'per-endpoint') ?? DEFAULT_OPTIONS.perEndpointConcurrency,
    metrics: !argv.includes('--metrics=off'),
    encryptPayloads: (flag(argv, 'encrypt-payloads') ?? Number(DEFAULT_OPTIONS.encryptPayloads)) !== 0,
    secondFirst: argv.includes('--on-first'),
    latencyRatePerSecond: 200,
    fanOutSubscriptions: 1000,
    filterSubscriptions: 100,
    pageRows: 100_000,
    recoverEntries: 10_000,
    e2eTopologies: TOPOLOGIES[text(argv, 'e2e-topology') ?? 'both'] ?? TOPOLOGIES.both,
    e2eCpuProfDir: text(argv, 'e2e-cpu-prof') === undefined ? undefined : resolve(text(argv, 'e2e-cpu-prof')!),
  };
  const rates = text(argv, 'e2e-rates')?.split(',').map(Number);
  const e2eSeconds = flag(argv, 'e2e-seconds');
  const config: BenchConfig = smoke
    ? {
        ...shared,
        mode: 'smoke',
        runs: 1,
        drainEvents: 200,
        insertRows: 200,
        latencyRatePerSecond: 50,
        latencySeconds: 1,
        fanOutSubscriptions: 20,
        filterSubscriptions: 10,
        filterEvents: 5,
        pageRows: 2000,
        recoverEntries: 200,
        eventLogRows: 2000,
        eventLogQueries: 3,
        purgeRows: 2000,
        slowEvents: 20,
        slowTimeoutMs: 1000,
        soakMinutes: soak ?? 0.05,
        e2eSeconds: e2eSeconds ?? 1,
        e2eSweepSeconds: e2eSeconds ?? 1,
        e2eRates: rates ?? [200],
        // One deployment: each costs the boot of the example app's processes.
        e2eTopologies: TOPOLOGIES[text(argv, 'e2e-topology') ?? 'one'] ?? TOPOLOGIES.one,
      }
    : quick
      ? {
          ...shared,
          mode: 'quick',
          runs: 3,
          drainEvents: 5000,
          filterEvents: 100,
          insertRows: 5000,
          latencySeconds: 5,
          eventLogRows: 100_000,
          eventLogQueries: 30,
          purgeRows: 100_000,
          slowEvents: 300,
          slowTimeoutMs: 3000,
          soakMinutes: soak ?? 0,
          e2eSeconds: e2eSeconds ?? 3,
          e2eSweepSeconds: e2eSeconds ?? 4,
          e2eRates: rates ?? [500, 1000, 2000],
        }
      : {
          ...shared,
          mode: 'full',
          runs: 5,
          drainEvents: 20_000,
          filterEvents: 300,
          insertRows: 20_000,
          latencySeconds: 20,
          eventLogRows: 1_000_000,
          eventLogQueries: 200,
          purgeRows: 1_000_000,
          slowEvents: 1000,
          slowTimeoutMs: 10_000,
          soakMinutes: soak ?? 10,
          e2eSeconds: e2eSeconds ?? 10,
          e2eSweepSeconds: e2eSeconds ?? 10,
          e2eRates: rates ?? [500, 1000, 2000, 3000],
        };
  return {
    ...config,
    runs: flag(argv, 'runs') ?? config.runs,
    drainEvents: flag(argv, 'drain-events') ?? config.drainEvents,
    purgeRows: flag(argv, 'purge-rows') ?? config.purgeRows,
    soakRate: flag(argv, 'soak-rate'),
  };
}
