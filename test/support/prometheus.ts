// parse-prometheus-text-format ships no types: the shape it returns, as the tests read it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parse: (text: string) => MetricFamily[] = require('parse-prometheus-text-format');

export interface MetricFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: {
    value?: string;
    labels?: Record<string, string>;
    count?: string;
    sum?: string;
    buckets?: Record<string, string>;
  }[];
}

/** Parses a /metrics body with a Prometheus text-format parser (throws on a malformed body). */
export function parseMetrics(text: string): Map<string, MetricFamily> {
  return new Map(parse(text).map((f) => [f.name, f]));
}

/** The value of one series, or 0 when the family or series is absent. */
export function sample(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number {
  const series = families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return series ? Number(series.value ?? series.count) : 0;
}
