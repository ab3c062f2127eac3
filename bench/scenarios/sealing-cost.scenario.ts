import { SecretBox } from '../../src/crypto/secret-box';
import { PayloadSealer } from '../../src/lab-data/payload-sealer';
import { resolveWebhooksOptions } from '../../src/webhooks-options';
import { testEncryptionKey } from '../../test/support/test-app';
import { BenchContext } from '../support/bench-context';
import { type Figure } from '../support/figures';
import { payload1KiB } from '../support/payload';
import { cpuBound, cpuMicrosPerCall, onOffFigures } from './alternating-drain';

const SCENARIO = '11 payload sealing';
const CALLS = 50_000;

/**
 * What sealing payloads at rest costs the drain: `encryptPayloads` off and on, one host at a
 * time, alternating within one run; and the CPU time of the sealing one delivery makes (the
 * payload sealed at publish and opened for the attempt; an empty 204 body is stored unsealed
 * since `87a9f34`, so its call here costs nothing), timed on its own.
 */
export async function sealingCostScenario(ctx: BenchContext): Promise<Figure[]> {
  const figures = await onOffFigures(
    ctx,
    SCENARIO,
    'sealing',
    0.9,
    () => ({ encryptPayloads: false }),
    () => ({ encryptPayloads: true }),
  );
  // Constructed here, with no host: the sealing is what is timed, not a boot.
  const options = resolveWebhooksOptions({ encryptionKey: testEncryptionKey(), encryptPayloads: true });
  const sealer = new PayloadSealer(options, new SecretBox(options));
  const body = JSON.stringify({ eventType: 'report_signed', ...payload1KiB(1) });
  const callsUs = cpuMicrosPerCall(ctx.config.runs, CALLS, () => {
    sealer.open(sealer.seal(body));
    sealer.sealNullable('');
  });
  const note = `${CALLS} times a 1 KiB payload sealed and opened, and an empty body sealed`;
  return [...figures, ...cpuBound(SCENARIO, 'sealing', figures, callsUs, note, 0.9)];
}
