import { Scenario } from '../support/bench-context';

/** The scenarios, in the order they run. */
export const SCENARIOS: [string, Scenario][] = [];
