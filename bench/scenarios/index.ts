import { Scenario } from '../support/bench-context';
import { drainScenario } from './drain.scenario';
import { endToEndScenario } from './end-to-end.scenario';
import { eventLogScenario } from './event-log.scenario';
import { fanOutScenario } from './fan-out.scenario';
import { filtersScenario } from './filters.scenario';
import { latencyScenario } from './latency.scenario';
import { metricsCostScenario } from './metrics-cost.scenario';
import { orderedDrainScenario } from './ordered-drain.scenario';
import { pageScenario } from './page.scenario';
import { purgeScenario } from './purge.scenario';
import { recoverScenario } from './recover.scenario';
import { sealingCostScenario } from './sealing-cost.scenario';
import { slowNeighbourScenario } from './slow-neighbour.scenario';
import { soakScenario } from './soak.scenario';

/** The scenarios, in the order they run (the number in a figure's name is its row in docs/performance.md). */
export const SCENARIOS: [string, Scenario][] = [
  ['drain', drainScenario],
  ['latency', latencyScenario],
  ['fan-out', fanOutScenario],
  ['event-log', eventLogScenario],
  ['purge', purgeScenario],
  ['slow-neighbour', slowNeighbourScenario],
  ['page', pageScenario],
  ['soak', soakScenario],
  ['ordered', orderedDrainScenario],
  ['end-to-end', endToEndScenario],
  ['metrics', metricsCostScenario],
  ['sealing', sealingCostScenario],
  ['recover', recoverScenario],
  ['filters', filtersScenario],
];
