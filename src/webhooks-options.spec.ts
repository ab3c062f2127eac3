import { randomBytes } from 'node:crypto';
import { resolveWebhooksOptions } from './webhooks-options';

describe('resolveWebhooksOptions', () => {
  const encryptionKey = randomBytes(32).toString('base64');

  it('applies the vendor defaults', () => {
    const o = resolveWebhooksOptions({ encryptionKey });
    expect(o.deliveryTimeoutMs).toBe(10_000);
    expect(o.retryDelaysSeconds).toEqual([64, 729]);
    expect(o.retentionDays).toBe(30);
    expect(o.purgeIntervalMs).toBe(3_600_000);
    expect(o.purgeBatchSize).toBe(1000);
    expect(o.adminPermission).toBe('Webhook Admin');
    expect(o.userPermission).toBe('Webhook User');
    expect(o.allowPrivateNetworks).toBe(false);
    expect(o.principalResolver({ user: { id: 'u', permissions: [] } })).toEqual({ id: 'u', permissions: [] });
  });

  it('holds no decoded key (hosts may inject the resolved options)', () => {
    const o = resolveWebhooksOptions({ encryptionKey, previousEncryptionKeys: [randomBytes(32).toString('base64')] });
    expect(Object.values(o).filter((v) => Buffer.isBuffer(v))).toEqual([]);
  });

  it.each([
    [undefined, /"encryptionKey" is required/],
    ['', /"encryptionKey" is required/],
    [randomBytes(16).toString('base64'), /"encryptionKey" must be base64 of exactly 32 bytes \(got 16\)/],
    ['not base64 at all!!', /"encryptionKey" must be base64/],
  ])('names encryptionKey when it is %p', (value, message) => {
    expect(() => resolveWebhooksOptions({ encryptionKey: value as any })).toThrow(message);
  });

  it('names a bad retry delay', () => {
    expect(() => resolveWebhooksOptions({ encryptionKey, retryDelaysSeconds: [1, -2] })).toThrow(
      /WebhooksModule: option "retryDelaysSeconds\[1\]"/,
    );
  });

  it('defaults and checks the endpoint-health options', () => {
    const o = resolveWebhooksOptions({ encryptionKey });
    expect(o.maxRetryAfterSeconds).toBe(3600);
    expect(o.disableAfterFailingHours).toBe(120);
    expect(resolveWebhooksOptions({ encryptionKey, disableAfterFailingHours: 0 }).disableAfterFailingHours).toBe(0);
    expect(resolveWebhooksOptions({ encryptionKey, disableAfterFailingHours: 0.5 }).disableAfterFailingHours).toBe(0.5);
    expect(() => resolveWebhooksOptions({ encryptionKey, disableAfterFailingHours: -1 })).toThrow(
      'WebhooksModule: option "disableAfterFailingHours" must be a non-negative number of hours (0 = never)',
    );
    expect(() => resolveWebhooksOptions({ encryptionKey, maxRetryAfterSeconds: 0 })).toThrow(
      'WebhooksModule: option "maxRetryAfterSeconds" must be a positive integer',
    );
  });

  it.each(['purgeIntervalMs', 'purgeBatchSize'])('names a bad %s', (option) => {
    expect(() => resolveWebhooksOptions({ encryptionKey, [option]: 0 })).toThrow(
      `WebhooksModule: option "${option}" must be a positive integer`,
    );
  });
});

describe('resolveWebhooksOptions: security options', () => {
  const encryptionKey = randomBytes(32).toString('base64');

  it('defaults to a 24 h rotation overlap and a 1 MiB request body limit', () => {
    const o = resolveWebhooksOptions({ encryptionKey });
    expect(o.secretRotationOverlapHours).toBe(24);
    expect(o.maxRequestBodyBytes).toBe(1024 * 1024);
    expect(o.allowedHosts).toEqual([]);
  });

  it.each([
    [{ secretRotationOverlapHours: -1 }, /"secretRotationOverlapHours"/],
    [{ maxRequestBodyBytes: 0 }, /"maxRequestBodyBytes"/],
    [{ allowedHosts: 'intranet.lab' }, /"allowedHosts"/],
    [{ allowedHosts: [''] }, /"allowedHosts"/],
    [{ lookup: 'dns' }, /"lookup"/],
  ])('names the option at fault: %p', (bad, message) => {
    expect(() => resolveWebhooksOptions({ encryptionKey, ...(bad as any) })).toThrow(message);
  });
});
