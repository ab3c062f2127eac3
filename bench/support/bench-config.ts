import { DEFAULT_OPTIONS } from '../../src/webhooks-options';

/** Sizes of each mode. `--quick` keeps the whole run under 3 minutes on a 2-core machine. */
export interface BenchConfig {
  mode: 'quick' | 'full';
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
  insertRows: number;
  latencyRatePerSecond: number;
  latencySeconds: number;
  fanOutSubscriptions: number;
  eventLogRows: number;
  eventLogQueries: number;
  purgeRows: number;
  slowEvents: number;
  slowTimeoutMs: number;
  soakMinutes: number;
}

const flag = (argv: string[], name: string): number | undefined => {
  const arg = argv.find((a) => a.startsWith(`--${name}=`));
  return arg === undefined ? undefined : Number(arg.slice(name.length + 3));
};

/**
 * `--quick` or full. Overrides, to explore: `--soak-minutes=N` (0: no soak),
 * `--concurrency=N` and `--per-endpoint=N` (the engine options; also the references'),
 * `--encrypt-payloads=0|1` (sealing of payloads at rest; default on, as in the module).
 */
export function benchConfig(argv: string[]): BenchConfig {
  const quick = argv.includes('--quick');
  const soak = flag(argv, 'soak-minutes');
  const shared = {
    concurrency: flag(argv, 'concurrency') ?? DEFAULT_OPTIONS.concurrency,
    perEndpointConcurrency: flag(argv, 'per-endpoint') ?? DEFAULT_OPTIONS.perEndpointConcurrency,
    metrics: !argv.includes('--metrics=off'),
    encryptPayloads: (flag(argv, 'encrypt-payloads') ?? Number(DEFAULT_OPTIONS.encryptPayloads)) !== 0,
    latencyRatePerSecond: 200,
    fanOutSubscriptions: 1000,
  };
  return quick
    ? {
        ...shared,
        mode: 'quick',
        runs: 3,
        drainEvents: 5000,
        insertRows: 5000,
        latencySeconds: 5,
        eventLogRows: 100_000,
        eventLogQueries: 30,
        purgeRows: 100_000,
        slowEvents: 300,
        slowTimeoutMs: 3000,
        soakMinutes: soak ?? 0,
      }
    : {
        ...shared,
        mode: 'full',
        runs: 5,
        drainEvents: 20_000,
        insertRows: 20_000,
        latencySeconds: 20,
        eventLogRows: 1_000_000,
        eventLogQueries: 200,
        purgeRows: 1_000_000,
        slowEvents: 1000,
        slowTimeoutMs: 10_000,
        soakMinutes: soak ?? 10,
      };
}
