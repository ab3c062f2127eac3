import { WebhooksModuleOptions, WebhooksPublisher } from '../../src';
import { Receiver } from './receiver';
import { startTestApp, TestApp } from './test-app';

/** What a delivery spec works with: the app, its publisher, one receiver, and the rows they leave. */
export class DeliveryHost {
  t!: TestApp;
  receiver!: Receiver;
  webhooks!: WebhooksPublisher;

  get app(): TestApp['app'] {
    return this.t.app;
  }

  get http(): TestApp['http'] {
    return this.t.http;
  }

  get dataSource(): TestApp['dataSource'] {
    return this.t.dataSource;
  }

  /** The entry's row as stored (column names), or undefined. */
  async entry(id: string): Promise<any> {
    return (await this.dataSource.query('SELECT * FROM webhook_deliveries WHERE id = ?', [id]))[0];
  }

  /** The entry's attempt rows, in order. */
  attemptsOf(deliveryId: string): Promise<any[]> {
    return this.dataSource.query('SELECT * FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt', [deliveryId]);
  }
}

/**
 * The set-up the delivery specs share: a test app with these engine options (on MariaDB, or
 * SQLite under `TEST_DATABASE=sqlite`) beside one receiver on loopback, started before the
 * file's cases and closed after them; each case starts with an empty receiver answering 204.
 * `receiverMaxHeaderSize` raises Node's 16 KiB header limit for cases that send huge headers.
 */
export function useDeliveryHost(
  webhooks: Partial<WebhooksModuleOptions>,
  { receiverMaxHeaderSize }: { receiverMaxHeaderSize?: number } = {},
): DeliveryHost {
  const host = new DeliveryHost();
  beforeAll(async () => {
    host.t = await startTestApp({ webhooks });
    host.webhooks = host.t.app.get(WebhooksPublisher);
    host.receiver = await Receiver.start('127.0.0.1', undefined, receiverMaxHeaderSize);
  });
  afterAll(async () => {
    await host.t?.close();
    await host.receiver?.close();
  });
  beforeEach(() => host.receiver.reset());
  return host;
}
