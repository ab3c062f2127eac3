import { BenchContext } from '../support/bench-context';
import { type Figure } from '../support/figures';
import { onOffFigures } from './alternating-drain';

/**
 * What sealing payloads at rest costs the drain: `encryptPayloads` off and on, one host at a
 * time, alternating within one run.
 */
export function sealingCostScenario(ctx: BenchContext): Promise<Figure[]> {
  return onOffFigures(
    ctx,
    '11 payload sealing',
    'sealing',
    0.9,
    () => ({ encryptPayloads: false }),
    () => ({ encryptPayloads: true }),
  );
}
