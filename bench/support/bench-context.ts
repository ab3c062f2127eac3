import { ReceiverClient } from '../receiver/receiver-client';
import { BenchConfig } from './bench-config';
import { BenchDatabase } from './bench-database';
import { Figure } from './figures';

/** What every scenario gets. */
export interface BenchContext {
  config: BenchConfig;
  db: BenchDatabase;
  receiver: ReceiverClient;
  /** Bull key prefix for one scenario (the bench deletes its keys afterwards). */
  bullPrefix(scenario: string): string;
  /** Figures measured earlier in this run, by name (the references, the drain rate). */
  earlier: Map<string, Figure>;
  log(message: string): void;
}

export type Scenario = (ctx: BenchContext) => Promise<Figure[]>;
