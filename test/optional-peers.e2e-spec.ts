import { WebhooksHealthIndicator, WebhooksPublisher } from '../src';
import { OldestDueEntry } from '../src/operations/oldest-due-entry';
import { WebhooksMetrics } from '../src/operations/webhooks-metrics';
import { resolveWebhooksOptions } from '../src/webhooks-options';
import { startTestApp, testEncryptionKey } from './support/test-app';

// A host that installed neither optional peer: requiring them fails as Node's loader does.
jest.mock('@nestjs/terminus', () => {
  throw Object.assign(new Error("Cannot find module '@nestjs/terminus'"), { code: 'MODULE_NOT_FOUND' });
});
jest.mock('prom-client', () => {
  throw Object.assign(new Error("Cannot find module 'prom-client'"), { code: 'MODULE_NOT_FOUND' });
});

describe('a host without @nestjs/terminus and prom-client', () => {
  it('boots and publishes; metrics are off; the health indicator names the package to install', async () => {
    const t = await startTestApp();
    try {
      expect(t.app.get(WebhooksMetrics).enabled).toBe(false);
      await t.app.get(WebhooksPublisher).publish('report_signed', { reportId: 'R-1' });
      await expect(t.app.get(WebhooksHealthIndicator).isHealthy()).rejects.toThrow(
        'WebhooksModule: WebhooksHealthIndicator needs the package "@nestjs/terminus": npm install @nestjs/terminus',
      );
    } finally {
      await t.close();
    }
  });

  it('refuses to start with metrics: true, naming prom-client', () => {
    const options = resolveWebhooksOptions({ encryptionKey: testEncryptionKey(), metrics: true });
    expect(() => new WebhooksMetrics(options, {} as OldestDueEntry)).toThrow(
      'WebhooksModule: option "metrics" needs the package "prom-client": npm install prom-client',
    );
  });
});
