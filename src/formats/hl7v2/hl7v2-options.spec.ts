import { randomBytes } from 'node:crypto';
import { resolveWebhooksOptions } from '../../webhooks-options';

describe('hl7v2 options', () => {
  const encryptionKey = randomBytes(32).toString('base64');
  const resolve = (hl7v2: unknown) => resolveWebhooksOptions({ encryptionKey, hl7v2: hl7v2 as any }).hl7v2;

  it('defaults: LAB_WEBHOOKS, no facility, production, no renderers of the host', () => {
    expect(resolve(undefined)).toEqual({
      sendingApplication: 'LAB_WEBHOOKS',
      sendingFacility: '',
      processingId: 'P',
      renderers: {},
    });
    expect(resolve({ sendingFacility: 'NORTH_LAB', processingId: 'T' })).toMatchObject({
      sendingApplication: 'LAB_WEBHOOKS',
      sendingFacility: 'NORTH_LAB',
      processingId: 'T',
    });
  });

  it.each([
    ['a delimiter in the sending application', { sendingApplication: 'LIS^1' }, 'hl7v2.sendingApplication'],
    ['a line break in the sending facility', { sendingFacility: 'LAB\n' }, 'hl7v2.sendingFacility'],
    ['an unknown processing id', { processingId: 'X' }, 'hl7v2.processingId'],
    ['a renderer for an unknown event', { renderers: { report_lost: () => ({}) } }, 'hl7v2.renderers.report_lost'],
    ['a renderer that is not a function', { renderers: { sample_rejected: 'ORU' } }, 'hl7v2.renderers.sample_rejected'],
    ['not an object', 'LIS', 'hl7v2'],
  ])('%s: a config error naming the option', (_name, hl7v2, option) => {
    expect(() => resolve(hl7v2)).toThrow(`WebhooksModule: option "${option}"`);
  });
});
